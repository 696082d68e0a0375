/**
 * A reproducible corpus for the search benchmark: document cards with Kazakh and Russian titles,
 * correspondents, summaries, registration numbers, people, resolutions with deadlines, turned into search
 * records by the same projection and token layout the indexer uses, so the benchmark reads the real data.
 */
import { laidOut } from '../../domain/search/search-indexer';
import type { SearchLayout } from '../../domain/search/search-layout';
import { projectSearch, type SearchableCard } from '../../domain/search/search-projection';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KK_SUBJECTS = [
  'Құжат айналымы', 'Кеңсе тауарларын сатып алу', 'Қызметтік іссапар', 'Жылдық есеп', 'Мемлекеттік сатып алу', 'Ақпараттық қауіпсіздік',
  'Кадрлық мәселелер', 'Бюджет жоспары', 'Оқыту бағдарламасы', 'Жөндеу жұмыстары', 'Азаматтардың өтініштері', 'Еңбек демалысы',
  'Ғимаратты күтіп ұстау', 'Көлік қызметі', 'Өрт қауіпсіздігі', 'Сапа менеджменті', 'Қаржылық есептілік', 'Цифрландыру жобасы',
];
const KK_KINDS = ['туралы хат', 'туралы бұйрық', 'туралы қызметтік жазба', 'туралы хабарлама', 'туралы сұрау салу', 'туралы шешім'];
const RU_KINDS = ['Письмо о', 'Приказ о', 'Служебная записка о', 'Уведомление о', 'Запрос о', 'Решение о'];
const RU_SUBJECTS = [
  'документообороте', 'закупке канцелярских товаров', 'служебной командировке', 'годовом отчёте', 'государственных закупках',
  'информационной безопасности', 'кадровых вопросах', 'плане бюджета', 'программе обучения', 'ремонтных работах', 'обращениях граждан',
  'трудовом отпуске', 'содержании здания', 'транспортном обслуживании', 'пожарной безопасности', 'менеджменте качества',
  'финансовой отчётности', 'проекте цифровизации',
];
const CORRESPONDENTS = [
  'ТОО «Ромашка»', 'АО «Қазақтелеком»', 'Министерство финансов РК', 'Астана қаласының әкімдігі', 'АО «Самрук-Қазына»',
  'ТОО «Алматы Сервис»', 'Қазақстан Республикасы Әділет министрлігі', 'РГП «Казгидромет»', 'ТОО «Нұр Консалтинг»', 'АО «KEGOC»',
];
const FILLER = [
  'жауап', 'беру', 'керек', 'мерзімі', 'орындау', 'келісу', 'ұсыныс', 'дайындау', 'қарау', 'бақылау', 'просим', 'рассмотреть',
  'представить', 'информацию', 'срок', 'исполнения', 'согласно', 'письму', 'приложение', 'ответ', 'необходимо', 'обеспечить',
  'жұмыс', 'тобы', 'құрамы', 'бекіту', 'контроль', 'отчёт', 'квартал', 'жоспар', 'бюджет', 'смета',
];
const FIRST_NAMES = ['Әлия', 'Бауыржан', 'Гүлнар', 'Ерлан', 'Дина', 'Асхат', 'Айгерім', 'Самат', 'Мария', 'Иван', 'Ольга', 'Нұрлан', 'Жанар', 'Сергей', 'Мадина', 'Қайрат'];
const LAST_NAMES = ['Нұрланова', 'Омаров', 'Темірова', 'Жұмабаев', 'Ахметова', 'Сейітов', 'Беков', 'Ким', 'Сидоров', 'Иванова', 'Қасымов', 'Әбдіғалиева', 'Петров', 'Серікбаев', 'Ғабитов', 'Мұхамеджанова'];

export const JOURNALS = [
  { id: 'incoming', index: '01-12', type: 'incoming-paper' },
  { id: 'outgoing', index: '01-13', type: 'outgoing-letter' },
  { id: 'internal', index: '01-14', type: 'internal-memo' },
  { id: 'orders', index: '01-15', type: 'order' },
] as const;

const STATUSES = ['draft', 'on-approval', 'on-signing', 'registered', 'in-execution', 'awaiting-control-removal', 'executed', 'executed', 'executed'] as const;

export interface Employee {
  _id: string;
  fullName: string;
}

export function employees(count: number, rnd: () => number): Employee[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, (_, i) => ({ _id: `emp-${i}`, fullName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` }));
}

/** Search records of cards numbered from `start`, ready for insertMany into `document_search`. */
export function searchRecords(options: { start: number; count: number; people: Employee[]; rnd: () => number; nowMs: number; seqs: Map<string, number>; layout: SearchLayout }) {
  const { rnd, people, nowMs, seqs } = options;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const person = () => pick(people)._id;
  const names = new Map(people.map((p) => [p._id, p.fullName]));
  const out: Array<Record<string, unknown>> = [];
  for (let i = options.start; i < options.start + options.count; i++) {
    const journal = pick(JOURNALS);
    const kazakh = rnd() < 0.5;
    const title = kazakh ? `${pick(KK_SUBJECTS)} ${pick(KK_KINDS)}` : `${pick(RU_KINDS)} ${pick(RU_SUBJECTS)}`;
    const status = pick(STATUSES);
    const createdAt = new Date(nowMs - Math.floor(rnd() * 600) * 86_400_000 - Math.floor(rnd() * 86_400_000));
    const authorId = person();
    const participantIds = [...new Set([authorId, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, person)])];
    const registered = status !== 'draft' && status !== 'on-approval' && status !== 'on-signing';
    const seq = registered ? (seqs.get(journal.id) ?? 0) + 1 : undefined;
    if (seq) seqs.set(journal.id, seq);
    const registration = seq ? { journal: journal.id, number: `${journal.index}/${seq}`, registeredAt: new Date(createdAt.getTime() + 3_600_000) } : undefined;
    const executing = registered && (journal.id === 'incoming' || journal.id === 'orders') && rnd() < 0.8;
    const resolutions = executing
      ? [
          {
            id: 'r1',
            authorId: person(),
            text: Array.from({ length: 4 }, () => pick(FILLER)).join(' '),
            responsibleExecutorId: participantIds[participantIds.length - 1],
            coExecutorIds: rnd() < 0.3 ? [person()] : [],
            control: pick(['controlled', 'controlled', 'personal', 'none'] as const),
            writtenAtMs: createdAt.getTime() + 7_200_000,
            deadline: { dueAtMs: createdAt.getTime() + (5 + Math.floor(rnd() * 40)) * 86_400_000, explanation: 'bench', extensions: [] },
            state: status === 'executed' ? 'executed' : 'open',
          },
        ]
      : [];
    const card: SearchableCard & Record<string, unknown> = {
      _id: `doc-${i}`,
      type: journal.type,
      title,
      language: kazakh ? 'kk' : 'ru',
      authorId,
      participants: {},
      correspondent: journal.id === 'incoming' || journal.id === 'outgoing' ? (rnd() < 0.7 ? pick(CORRESPONDENTS) : `ТОО «Компания ${Math.floor(rnd() * 2000)}»`) : undefined,
      summary: Array.from({ length: 10 + Math.floor(rnd() * 20) }, () => pick(FILLER)).join(' '),
      fields: {},
      draftNumber: `Ж-${i}`,
      route: { key: journal.type, version: 1 },
      workflowId: `document:doc-${i}`,
      status,
      registration,
      participantIds,
      projectedSeq: 5,
      state: { documentId: `doc-${i}`, authorId, status, resolutions, tasks: participantIds.map((p, k) => ({ id: `t${k}`, stageId: 's', kind: 'approve', assigneeId: p, state: 'done' })) },
      createdAt,
      updatedAt: new Date(createdAt.getTime() + 86_400_000),
    };
    const record = projectSearch(card, { names, journal: journal.id, registrationSeq: seq });
    out.push({ ...record, ...laidOut(record, options.layout), layout: options.layout });
  }
  return out;
}
