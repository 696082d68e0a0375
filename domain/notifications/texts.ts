/**
 * The words of a notification, in the reader's language (kk/ru), from its kind and parameters: the same
 * text on the notifications page and in the e-mail. No ids or codes: the document is named by its
 * registration number and title; instants are Astana time, written as a clerk writes them.
 */
import { preferenceKindOf } from './kinds';

export type Language = 'kk' | 'ru';

export interface NotificationParams {
  /** Who is involved (a name already resolved, never an id). */
  personName?: string;
  dueAtMs?: number;
  comment?: string;
  fromMs?: number;
  toMs?: number;
  outcome?: 'approved' | 'rejected' | 'agreed' | 'returned' | 'answered';
  /** For a task of a substitute: whom they stand in for. */
  onBehalfOfName?: string;
  /** For a substitution: whether the reader is the absent person or the substitute. */
  role?: 'absent' | 'substitute';
  /** The correspondent (missing receipt, incoming electronic document). */
  correspondent?: string;
  [key: string]: unknown;
}

export interface NotificationTextInput {
  kind: string;
  params?: NotificationParams | null;
  document?: { title?: string | null; number?: string | null } | null;
}

export interface NotificationText {
  /** Short: the e-mail subject and the bold line on the page. */
  title: string;
  /** One or two sentences. */
  body: string;
}

const ASTANA_OFFSET_MS = 5 * 3600_000;

/** "05.12.2026 14:30", Astana time. */
export function astanaDateTime(ms: number): string {
  const d = new Date(ms + ASTANA_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function documentLabel(doc: NotificationTextInput['document'], lang: Language): string {
  const title = doc?.title ? `«${doc.title}»` : lang === 'kk' ? 'құжат' : 'документ';
  return doc?.number ? `№ ${doc.number} ${title}` : title;
}

type Texts = (d: string, p: NotificationParams) => NotificationText;

const TEXTS: Record<Language, Record<string, Texts>> = {
  ru: {
    'task.assigned': (d, p) => ({
      title: 'Новая задача',
      body: p.onBehalfOfName ? `Вам как замещающему ${p.onBehalfOfName} поступил документ ${d}.` : `Вам поступил документ ${d}.`,
    }),
    'resolution.assigned': (d, p) => ({
      title: 'Резолюция на исполнение',
      body: `Вам адресована резолюция по документу ${d}${p.dueAtMs ? `, срок — ${astanaDateTime(p.dueAtMs)}` : ''}.${p.onBehalfOfName ? ` Вы замещаете ${p.onBehalfOfName}.` : ''}`,
    }),
    'acknowledgement.requested': (d, p) => ({
      title: 'Ознакомление с документом',
      body: `Ознакомьтесь с документом ${d}.${p.onBehalfOfName ? ` Вы замещаете ${p.onBehalfOfName}.` : ''}`,
    }),
    'deadline.reminder': (d, p) => ({
      title: 'Срок истекает',
      body: `Срок по документу ${d} истекает ${p.dueAtMs ? astanaDateTime(p.dueAtMs) : 'завтра'}.`,
    }),
    'deadline.breached': (d, p) => ({
      title: 'Срок нарушен',
      body: `Срок по документу ${d}${p.dueAtMs ? ` истёк ${astanaDateTime(p.dueAtMs)}` : ' истёк'}.`,
    }),
    'document.returned': (d, p) => ({
      title: p.outcome === 'rejected' ? 'Документ отклонён' : 'Документ возвращён',
      body: `Документ ${d} возвращён на доработку${p.personName ? ` (${p.personName})` : ''}.${p.comment ? ` Причина: ${p.comment}` : ''}`,
    }),
    'substitution.started': (_d, p) => ({
      title: 'Начало замещения',
      body: `${p.role === 'absent' ? `Вас замещает ${p.personName ?? ''}` : `Вы замещаете ${p.personName ?? ''}`} с ${p.fromMs ? astanaDateTime(p.fromMs) : '—'} по ${p.toMs ? astanaDateTime(p.toMs) : '—'}.`,
    }),
    'substitution.ended': (_d, p) => ({
      title: 'Окончание замещения',
      body: `${p.role === 'absent' ? `${p.personName ?? ''} больше не замещает вас` : `Вы больше не замещаете ${p.personName ?? ''}`} (с ${p.toMs ? astanaDateTime(p.toMs) : '—'}).`,
    }),
    'access.decided': (d, p) => ({
      title: p.outcome === 'rejected' ? 'Заявка на доступ отклонена' : 'Заявка на доступ исполнена',
      body: `По заявке ${d} принято решение: ${p.outcome === 'rejected' ? 'отказано' : 'исполнено'}.`,
    }),
    'receipt.chase': (d, p) => ({
      title: 'Нет уведомления о получении',
      body: `За 1 рабочий день не пришло уведомление о получении документа ${d}${p.correspondent ? ` от ${p.correspondent}` : ''}. Свяжитесь с получателем другими способами.`,
    }),
    'exchange.incoming': (d, p) => ({
      title: 'Входящий электронный документ',
      body: `Поступил электронный документ ${d}${p.correspondent ? ` от ${p.correspondent}` : ''}; он ждёт регистрации.`,
    }),
    // Requests to the system administrator raised from a change memo's execution (002 §§7–9).
    'admin-request.to-agree': (d, p) => ({
      title: 'Заявка системному администратору на согласование',
      body: `${p.personName ?? 'Ответственный сотрудник'} просит согласовать заявку системному администратору по документу ${d}.`,
    }),
    'admin-request.to-answer': (d) => ({
      title: 'Заявка системному администратору',
      body: `Согласована заявка по документу ${d}: установите срок её исполнения и ответьте.`,
    }),
    'admin-request.decided': (d, p) => ({
      title: p.outcome === 'returned' ? 'Заявка возвращена' : p.outcome === 'agreed' ? 'Заявка согласована' : 'Ответ системного администратора',
      body:
        p.outcome === 'returned'
          ? `Заявка системному администратору по документу ${d} возвращена${p.comment ? `: «${p.comment}»` : ''}.`
          : p.outcome === 'agreed'
            ? `Заявка системному администратору по документу ${d} согласована и передана ему.`
            : `Системный администратор ответил на заявку по документу ${d}; ответ приложится к вашей карточке исполнения.`,
    }),
    other: (d) => ({ title: 'Уведомление', body: d ? `Новое уведомление по документу ${d}.` : 'У вас новое уведомление.' }),
  },
  kk: {
    'task.assigned': (d, p) => ({
      title: 'Жаңа тапсырма',
      body: p.onBehalfOfName ? `Сізге ${p.onBehalfOfName} орнын басушы ретінде ${d} құжаты түсті.` : `Сізге ${d} құжаты түсті.`,
    }),
    'resolution.assigned': (d, p) => ({
      title: 'Орындауға бұрыштама',
      body: `${d} құжаты бойынша сізге бұрыштама жолданды${p.dueAtMs ? `, мерзімі — ${astanaDateTime(p.dueAtMs)}` : ''}.${p.onBehalfOfName ? ` Сіз ${p.onBehalfOfName} орнын басасыз.` : ''}`,
    }),
    'acknowledgement.requested': (d, p) => ({
      title: 'Құжатпен танысу',
      body: `${d} құжатымен танысыңыз.${p.onBehalfOfName ? ` Сіз ${p.onBehalfOfName} орнын басасыз.` : ''}`,
    }),
    'deadline.reminder': (d, p) => ({
      title: 'Мерзім аяқталуда',
      body: `${d} құжаты бойынша мерзім ${p.dueAtMs ? astanaDateTime(p.dueAtMs) : 'ертең'} аяқталады.`,
    }),
    'deadline.breached': (d, p) => ({
      title: 'Мерзім бұзылды',
      body: `${d} құжаты бойынша мерзім${p.dueAtMs ? ` ${astanaDateTime(p.dueAtMs)}` : ''} өтіп кетті.`,
    }),
    'document.returned': (d, p) => ({
      title: p.outcome === 'rejected' ? 'Құжат қабылданбады' : 'Құжат қайтарылды',
      body: `${d} құжаты пысықтауға қайтарылды${p.personName ? ` (${p.personName})` : ''}.${p.comment ? ` Себебі: ${p.comment}` : ''}`,
    }),
    'substitution.started': (_d, p) => ({
      title: 'Орнын басудың басталуы',
      body: `${p.fromMs ? astanaDateTime(p.fromMs) : '—'} бастап ${p.toMs ? astanaDateTime(p.toMs) : '—'} дейін ${p.role === 'absent' ? `сіздің орныңызды ${p.personName ?? ''} басады` : `сіз ${p.personName ?? ''} орнын басасыз`}.`,
    }),
    'substitution.ended': (_d, p) => ({
      title: 'Орнын басудың аяқталуы',
      body: `${p.toMs ? astanaDateTime(p.toMs) : '—'} бастап ${p.role === 'absent' ? `${p.personName ?? ''} сіздің орныңызды баспайды` : `сіз ${p.personName ?? ''} орнын баспайсыз`}.`,
    }),
    'access.decided': (d, p) => ({
      title: p.outcome === 'rejected' ? 'Қолжетімділік өтінімі қабылданбады' : 'Қолжетімділік өтінімі орындалды',
      body: `${d} өтінімі бойынша шешім қабылданды: ${p.outcome === 'rejected' ? 'бас тартылды' : 'орындалды'}.`,
    }),
    'receipt.chase': (d, p) => ({
      title: 'Алу туралы хабарлама жоқ',
      body: `1 жұмыс күні ішінде ${d} құжатын алу туралы хабарлама${p.correspondent ? ` (${p.correspondent})` : ''} келмеді. Алушымен басқа тәсілдермен байланысыңыз.`,
    }),
    'exchange.incoming': (d, p) => ({
      title: 'Кіріс электрондық құжат',
      body: `${p.correspondent ? `${p.correspondent} жіберген ` : ''}${d} электрондық құжаты түсті; ол тіркеуді күтуде.`,
    }),
    'admin-request.to-agree': (d, p) => ({
      title: 'Жүйелік әкімшіге өтінім келісуге',
      body: `${p.personName ?? 'Жауапты қызметкер'} ${d} құжаты бойынша жүйелік әкімшіге өтінімді келісуді сұрайды.`,
    }),
    'admin-request.to-answer': (d) => ({
      title: 'Жүйелік әкімшіге өтінім',
      body: `${d} құжаты бойынша өтінім келісілді: орындау мерзімін белгілеп, жауап беріңіз.`,
    }),
    'admin-request.decided': (d, p) => ({
      title: p.outcome === 'returned' ? 'Өтінім қайтарылды' : p.outcome === 'agreed' ? 'Өтінім келісілді' : 'Жүйелік әкімшінің жауабы',
      body:
        p.outcome === 'returned'
          ? `${d} құжаты бойынша жүйелік әкімшіге өтінім қайтарылды${p.comment ? `: «${p.comment}»` : ''}.`
          : p.outcome === 'agreed'
            ? `${d} құжаты бойынша жүйелік әкімшіге өтінім келісіліп, оған жіберілді.`
            : `Жүйелік әкімші ${d} құжаты бойынша өтінімге жауап берді; жауап сіздің орындау карточкаңызға қоса беріледі.`,
    }),
    other: (d) => ({ title: 'Хабарлама', body: d ? `${d} құжаты бойынша жаңа хабарлама.` : 'Сізге жаңа хабарлама келді.' }),
  },
};

export function notificationText(input: NotificationTextInput, lang: Language): NotificationText {
  const texts = TEXTS[lang];
  const kind = input.kind in texts ? input.kind : preferenceKindOf(input.kind);
  const known = kind === 'other' ? undefined : texts[kind];
  if (!known) return texts.other(input.document ? documentLabel(input.document, lang) : '', input.params ?? {});
  return known(documentLabel(input.document, lang), input.params ?? {});
}

/** Names of the kinds, for the preferences screen and the digest's headings. */
export const KIND_LABELS: Record<Language, Record<string, string>> = {
  ru: {
    'task.assigned': 'Новая задача во входящих',
    'resolution.assigned': 'Резолюция на исполнение',
    'acknowledgement.requested': 'Ознакомление с приказом',
    'deadline.reminder': 'Срок истекает через рабочий день',
    'deadline.breached': 'Срок нарушен',
    'document.returned': 'Документ возвращён или отклонён',
    'substitution.started': 'Начало замещения',
    'substitution.ended': 'Окончание замещения',
    'access.decided': 'Решение по заявке на доступ',
    'receipt.chase': 'Нет уведомления о получении',
    'exchange.incoming': 'Входящий электронный документ ждёт регистрации',
    other: 'Прочие уведомления',
  },
  kk: {
    'task.assigned': 'Кіріс құжаттарда жаңа тапсырма',
    'resolution.assigned': 'Орындауға бұрыштама',
    'acknowledgement.requested': 'Бұйрықпен танысу',
    'deadline.reminder': 'Мерзімнің аяқталуына бір жұмыс күні қалды',
    'deadline.breached': 'Мерзім бұзылды',
    'document.returned': 'Құжат қайтарылды немесе қабылданбады',
    'substitution.started': 'Орнын басудың басталуы',
    'substitution.ended': 'Орнын басудың аяқталуы',
    'access.decided': 'Қолжетімділік өтінімі бойынша шешім',
    'receipt.chase': 'Алу туралы хабарлама жоқ',
    'exchange.incoming': 'Кіріс электрондық құжат тіркеуді күтуде',
    other: 'Басқа хабарламалар',
  },
};
