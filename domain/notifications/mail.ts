/**
 * E-mails of notifications, in the recipient's language, each with the link that opens the document.
 * Pure: the delivery activity stores what this returns and a workflow sends it.
 */
import { KIND_LABELS, type Language, type NotificationText } from './texts';
import { preferenceKindOf } from './kinds';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WORDS = {
  ru: { greeting: 'Здравствуйте', open: 'Открыть документ', all: 'Все уведомления', digest: 'Уведомления за', why: 'Письмо отправлено системой Qujat; способ доставки меняется в разделе «Уведомления».' },
  kk: { greeting: 'Сәлеметсіз бе', open: 'Құжатты ашу', all: 'Барлық хабарламалар', digest: 'Хабарламалар:', why: 'Хатты Qujat жүйесі жіберді; жеткізу тәсілі «Хабарламалар» бөлімінде өзгертіледі.' },
} as const;

export function documentLink(publicUrl: string, documentId: string | undefined | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  return documentId ? `${base}/documents/${encodeURIComponent(documentId)}` : `${base}/notifications`;
}

export function renderNotificationMail(input: { language: Language; name: string; text: NotificationText; link: string }): RenderedMail {
  const w = WORDS[input.language];
  const { title, body } = input.text;
  return {
    subject: `Qujat: ${title}`,
    text: `${w.greeting}, ${input.name}!\n\n${body}\n\n${w.open}: ${input.link}\n\n--\n${w.why}\n`,
    html:
      `<p>${w.greeting}, ${escapeHtml(input.name)}!</p><p><strong>${escapeHtml(title)}</strong></p><p>${escapeHtml(body)}</p>` +
      `<p><a href="${escapeHtml(input.link)}">${w.open}</a></p><hr><p style="color:#666">${w.why}</p>`,
  };
}

export interface DigestItem {
  kind: string;
  text: NotificationText;
  link: string;
}

/** The daily digest: every waiting notification, grouped by kind. */
export function renderDigestMail(input: { language: Language; name: string; dayLabel: string; items: DigestItem[]; allLink: string }): RenderedMail {
  const w = WORDS[input.language];
  const groups = new Map<string, DigestItem[]>();
  for (const item of input.items) {
    const k = preferenceKindOf(item.kind);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  const label = (k: string) => KIND_LABELS[input.language][k] ?? KIND_LABELS[input.language].other;
  let text = `${w.greeting}, ${input.name}!\n\n${w.digest} ${input.dayLabel} (${input.items.length})\n`;
  let html = `<p>${w.greeting}, ${escapeHtml(input.name)}!</p><h2>${w.digest} ${escapeHtml(input.dayLabel)} (${input.items.length})</h2>`;
  for (const [k, items] of groups) {
    text += `\n${label(k)}:\n` + items.map((i) => `- ${i.text.body}\n  ${i.link}`).join('\n') + '\n';
    html += `<h3>${escapeHtml(label(k))}</h3><ul>` + items.map((i) => `<li>${escapeHtml(i.text.body)} <a href="${escapeHtml(i.link)}">${w.open}</a></li>`).join('') + '</ul>';
  }
  text += `\n${w.all}: ${input.allLink}\n\n--\n${w.why}\n`;
  html += `<p><a href="${escapeHtml(input.allLink)}">${w.all}</a></p><hr><p style="color:#666">${w.why}</p>`;
  return { subject: `Qujat: ${w.digest} ${input.dayLabel} (${input.items.length})`, text, html };
}
