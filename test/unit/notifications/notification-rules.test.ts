/** The pure rules of notifications: channel per kind, texts in kk/ru with Astana times, mails with links. */
import { astanaDayKey, channelFor, choicesFromList, choicesToList, preferenceKindOf } from '../../../domain/notifications/kinds';
import { documentLink, renderDigestMail, renderNotificationMail } from '../../../domain/notifications/mail';
import { astanaDateTime, notificationText } from '../../../domain/notifications/texts';

describe('channels', () => {
  it('takes the person’s choice, else the kind’s default; unknown kinds fall under "other"', () => {
    expect(channelFor('task.assigned', undefined)).toBe('email');
    expect(channelFor('task.assigned', { 'task.assigned': 'digest' })).toBe('digest');
    expect(channelFor('something.new', undefined)).toBe('app');
    expect(channelFor('something.new', { other: 'email' })).toBe('email');
    expect(preferenceKindOf('exchange.incoming-awaiting-registration')).toBe('exchange.incoming');
  });

  it('round-trips the stored list and drops what it does not know', () => {
    const list = choicesToList({ 'deadline.reminder': 'app', 'task.assigned': 'digest' });
    expect(choicesFromList([...list, { kind: 'nope', channel: 'email' }, { kind: 'other', channel: 'pigeon' }])).toEqual({ 'deadline.reminder': 'app', 'task.assigned': 'digest' });
  });

  it('names the digest by the Astana day', () => {
    expect(astanaDayKey(Date.UTC(2026, 11, 5, 18, 59))).toBe('2026-12-05');
    expect(astanaDayKey(Date.UTC(2026, 11, 5, 19, 0))).toBe('2026-12-06');
  });
});

describe('texts', () => {
  const document = { title: 'Кеңсе жиһазы', number: '01-12/34' };

  it('writes times as dd.mm.yyyy HH:mm in Astana time', () => {
    expect(astanaDateTime(Date.UTC(2026, 11, 31, 20, 5))).toBe('01.01.2027 01:05');
  });

  it('names the document by number and title, in each language, for every kind', () => {
    const ru = notificationText({ kind: 'resolution.assigned', params: { dueAtMs: Date.UTC(2026, 11, 8, 13, 0) }, document }, 'ru');
    expect(ru).toEqual({ title: 'Резолюция на исполнение', body: 'Вам адресована резолюция по документу № 01-12/34 «Кеңсе жиһазы», срок — 08.12.2026 18:00.' });
    const kk = notificationText({ kind: 'task.assigned', params: {}, document }, 'kk');
    expect(kk.body).toBe('Сізге № 01-12/34 «Кеңсе жиһазы» құжаты түсті.');
    expect(notificationText({ kind: 'brand.new', document: null }, 'ru')).toEqual({ title: 'Уведомление', body: 'У вас новое уведомление.' });
    expect(notificationText({ kind: 'brand.new', document }, 'kk').body).toBe('№ 01-12/34 «Кеңсе жиһазы» құжаты бойынша жаңа хабарлама.');
    const sub = notificationText({ kind: 'substitution.started', params: { role: 'absent', personName: 'Бек Беков', fromMs: Date.UTC(2026, 0, 1, 3), toMs: Date.UTC(2026, 0, 5, 3) } }, 'ru');
    expect(sub.body).toBe('Вас замещает Бек Беков с 01.01.2026 08:00 по 05.01.2026 08:00.');
  });
});

describe('mails', () => {
  it('greets by name, links the document, and escapes HTML', () => {
    const link = documentLink('https://edms.example.kz/', 'doc 1');
    expect(link).toBe('https://edms.example.kz/documents/doc%201');
    const mail = renderNotificationMail({ language: 'kk', name: 'Анна <b>', text: { title: 'Жаңа тапсырма', body: 'x & y' }, link });
    expect(mail.subject).toBe('Qujat: Жаңа тапсырма');
    expect(mail.text).toContain(`Құжатты ашу: ${link}`);
    expect(mail.html).toContain('Анна &lt;b&gt;');
    expect(mail.html).toContain('x &amp; y');
  });

  it('groups a digest by kind and counts its items', () => {
    const items = [
      { kind: 'task.assigned', text: { title: 't', body: 'first' }, link: 'https://q/documents/1' },
      { kind: 'deadline.reminder', text: { title: 't', body: 'second' }, link: 'https://q/documents/2' },
      { kind: 'task.assigned', text: { title: 't', body: 'third' }, link: 'https://q/documents/3' },
    ];
    const mail = renderDigestMail({ language: 'ru', name: 'Ерлан', dayLabel: '06.12.2026', items, allLink: 'https://q/notifications' });
    expect(mail.subject).toBe('Qujat: Уведомления за 06.12.2026 (3)');
    expect(mail.text.indexOf('Новая задача во входящих')).toBeLessThan(mail.text.indexOf('third'));
    expect(mail.text).toContain('Срок истекает через рабочий день');
  });
});
