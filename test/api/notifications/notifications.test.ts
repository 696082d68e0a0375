/**
 * Notifications reach people: the list, unread count and read marks; the live stream; e-mail that really
 * crosses SMTP (a local catcher) in the recipient's language with a link to the document; substitutes;
 * per-kind channels and the daily digest; a mail server that is down delays mail and loses none; rows
 * written straight into the collection are delivered by the sweep.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import pino from 'pino';
import request from 'supertest';
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { createApp } from '../../../api/app';
import type { AddressInfo } from 'node:net';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../../client/servers/mail-catcher';
import { eventually, startTestSystem, type TestSystem } from '../../support/system';
import { notificationHeadId } from '../../../db/models/notification';

jest.setTimeout(240_000);

const PUBLIC_URL = 'http://qujat.example.kz';
let sys: TestSystem;
let catcher: MailCatcher;
const store: CaughtMail[] = [];
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const HOUR = 3_600_000;

beforeAll(async () => {
  catcher = await startMailCatcher({ store });
  sys = await startTestSystem({ notifications: { smtpUrl: catcher.smtpUrl, publicUrl: PUBLIC_URL } });
  await sys.addPeople([{ id: 'author' }, { id: 'anna' }, { id: 'bek' }, { id: 'dana' }, { id: 'erlan' }, { id: 'gaukhar' }, { id: 'yerbol' }, { id: 'saule' }, { id: 'timur' }, { id: 'aliya' }, { id: 'admin', roles: ['employee', 'administrator'] }]);
  const people: Record<string, { fullName: string; language: 'kk' | 'ru'; email?: string }> = {
    author: { fullName: 'Автор Авторов', language: 'ru', email: 'author@example.kz' },
    anna: { fullName: 'Анна Әлиқызы', language: 'kk', email: 'anna@example.kz' },
    bek: { fullName: 'Бек Беков', language: 'ru', email: 'bek@example.kz' },
    dana: { fullName: 'Дана Данова', language: 'ru' },
    erlan: { fullName: 'Ерлан Ерланов', language: 'kk', email: 'erlan@example.kz' },
    // Each test that changes someone's preferences, mailbox or unread count has a person of its own, so the tests run in any order.
    gaukhar: { fullName: 'Гаухар Ахметова', language: 'kk', email: 'gaukhar@example.kz' },
    yerbol: { fullName: 'Ербол Сейітов', language: 'kk', email: 'yerbol@example.kz' },
    saule: { fullName: 'Сәуле Жанова', language: 'ru', email: 'saule@example.kz' },
    timur: { fullName: 'Тимур Оспанов', language: 'kk', email: 'timur@example.kz' },
    aliya: { fullName: 'Әлия Нұрланова', language: 'kk', email: 'aliya@example.kz' },
    admin: { fullName: 'Админ', language: 'ru' },
  };
  for (const [id, p] of Object.entries(people)) await sys.models.Employee.updateOne({ _id: id }, { $set: p });
  for (const id of Object.keys(people)) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
  await catcher?.stop();
});

async function letterFor(approver: string, title: string): Promise<string> {
  const created = await sys.http
    .post('/api/documents')
    .set(as('author'))
    .send({ type: 'outgoing-letter', title, participants: { approvers: [approver], signer: 'dana' } })
    .expect(201);
  await sys.http.post(`/api/documents/${created.body.id}/actions/submit`).set(as('author')).send({}).expect(200);
  return created.body.id as string;
}

/** QUJAT_RECORD_HISTORIES=1 saves the run's history for test/replay (the notification workflows). */
async function recordHistory(workflowId: string, file: string): Promise<void> {
  if (process.env.QUJAT_RECORD_HISTORIES !== '1') return;
  const handle = sys.temporal.workflow.getHandle(workflowId);
  const [history, result] = await Promise.all([handle.fetchHistory(), handle.result()]);
  const out = path.join(__dirname, '..', '..', 'replay', 'histories', file);
  fs.writeFileSync(out, JSON.stringify({ workflowId, expectedState: result, history: JSON.parse(historyToJSON(history)) }, null, 1));
}

const mailsTo = (address: string) => store.filter((m) => m.envelope.to.includes(address));

interface Page {
  unread: number;
  total: number;
  items: Array<{ id: string; kind: string; documentId?: string; createdAt: string; readAt?: string; text: { kk: { title: string; body: string }; ru: { title: string; body: string } } }>;
}
const page = async (who: string, query = ''): Promise<Page> => (await sys.http.get(`/api/me/notifications${query}`).set(as(who)).expect(200)).body as Page;

describe('a new task notifies its assignee and their substitute, in the app and by e-mail', () => {
  let documentId: string;

  beforeAll(async () => {
    // Bek stands in for Anna now: he hears of her new tasks too.
    await sys.http
      .post('/api/substitutions')
      .set(as('admin'))
      .send({ absentId: 'anna', substituteId: 'bek', from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + 48 * HOUR).toISOString(), documentTypes: [] })
      .expect(201);
    documentId = await letterFor('anna', 'Хат жобасы туралы');
  });

  it('lists it for Anna, unread, with texts in both languages and no ids in them', async () => {
    const p = await eventually(async () => {
      const r = await page('anna');
      expect(r.items.find((i) => i.documentId === documentId)).toBeDefined();
      return r;
    });
    const item = p.items.find((i) => i.documentId === documentId)!;
    expect(item.kind).toBe('task.assigned');
    expect(p.unread).toBeGreaterThanOrEqual(1);
    expect(item.readAt).toBeUndefined();
    expect(item.text.kk.title).toBe('Жаңа тапсырма');
    expect(item.text.kk.body).toContain('«Хат жобасы туралы»');
    expect(item.text.ru.body).toContain('Вам поступил документ');
    expect(JSON.stringify(item.text)).not.toContain(documentId);
    // Her head row (what the live stream watches) lives among the rows and is never one of them.
    expect(await sys.models.Notification.findById(notificationHeadId('anna'), { version: 1 }).lean()).toMatchObject({ version: expect.any(String) });
    expect(p.total).toBe(await sys.models.Notification.countDocuments({ recipientId: 'anna' }));
    expect(p.items.map((i) => i.id)).not.toContain(notificationHeadId('anna'));
  });

  it('mails Anna in Kazakh with a link to the document, across real SMTP', async () => {
    const mail = await eventually(async () => {
      const m = mailsTo('anna@example.kz').find((x) => x.text.includes(`${PUBLIC_URL}/documents/${documentId}`));
      expect(m).toBeDefined();
      return m!;
    }, 60_000);
    expect(mail.subject).toBe('Qujat: Жаңа тапсырма');
    expect(mail.text).toContain('Сәлеметсіз бе, Анна Әлиқызы!');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/documents/${documentId}"`);
    expect(mail.language).toBe('kk');
    expect(mail.from).toContain('qujat@localhost');
    // Sent at once by the worker that queued it: the server took it, so no workflow of its own was started; and
    // it has left the outbox for the sent mail.
    const sent = await eventually(async () => {
      const row = (await sys.models.SentMail.find({ to: 'anna@example.kz' }).lean()).find((r) => r.text.includes(`/documents/${documentId}`));
      expect(row?.sentAt).toBeDefined();
      return row!;
    });
    expect(sent.smtpMessageId).toBeTruthy();
    expect(await sys.models.Mail.findById(sent._id).lean()).toBeNull();
    await expect(sys.temporal.workflow.getHandle(sent._id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('tells the substitute, in Russian, whom he stands in for', async () => {
    const item = await eventually(async () => {
      const found = (await page('bek')).items.find((i) => i.documentId === documentId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(item.text.ru.body).toContain('замещающему Анна Әлиқызы');
    const mail = await eventually(async () => {
      const m = mailsTo('bek@example.kz').find((x) => x.text.includes(`/documents/${documentId}`));
      expect(m).toBeDefined();
      return m!;
    }, 60_000);
    expect(mail.subject).toBe('Qujat: Новая задача');
    expect(mail.text).toContain('Здравствуйте, Бек Беков!');
  });

  it('marks one read, refuses someone else’s as not found, and marks all read', async () => {
    // A letter of its own: marking the shared one read would change what the other tests here see, in any order.
    const own = await letterFor('anna', 'Оқылатын хабарлама туралы');
    const item = await eventually(async () => {
      const found = (await page('anna')).items.find((i) => i.documentId === own);
      expect(found).toBeDefined();
      return found!;
    });
    const refused = await sys.http.post(`/api/me/notifications/${encodeURIComponent(item.id)}/read`).set(as('bek')).expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const missing = await sys.http.post('/api/me/notifications/nope/read').set(as('bek')).expect(404);
    expect(missing.body.detail).toBe(refused.body.detail);
    const before = (await page('anna')).unread;
    const res = await sys.http.post(`/api/me/notifications/${encodeURIComponent(item.id)}/read`).set(as('anna')).expect(200);
    expect(res.body.unread).toBe(before - 1);
    expect((await page('anna')).items.find((i) => i.id === item.id)!.readAt).toBeDefined();
    const all = await sys.http.post('/api/me/notifications/read-all').set(as('bek')).expect(200);
    expect(all.body.marked).toBeGreaterThanOrEqual(1);
    expect((await page('bek')).unread).toBe(0);
    expect((await page('bek', '?unread=true')).items).toHaveLength(0);
  });

  it('tells the author, in Russian, that the document came back with the reason', async () => {
    await sys.http.post(`/api/documents/${documentId}/actions/reject`).set(as('anna')).send({ comment: 'Дата неверна' }).expect(200);
    const item = await eventually(async () => {
      const found = (await page('author')).items.find((i) => i.documentId === documentId && i.kind === 'document.returned');
      expect(found).toBeDefined();
      return found!;
    });
    expect(item.text.ru.body).toContain('возвращён на доработку (Анна Әлиқызы). Причина: Дата неверна');
    const mail = await eventually(async () => {
      const m = mailsTo('author@example.kz').find((x) => x.subject === 'Qujat: Документ возвращён');
      expect(m).toBeDefined();
      return m!;
    }, 60_000);
    expect(mail.text).toContain(`${PUBLIC_URL}/documents/${documentId}`);
  });

  it('refuses the list and marks without a session (401 problem)', async () => {
    const res = await sys.http.get('/api/me/notifications').expect(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    await sys.http.get('/api/me/notifications?pageSize=0').set(as('anna')).expect(422);
  });
});

describe('preferences and the daily digest', () => {
  it('shows every kind with its channel, and refuses an unknown channel naming the field', async () => {
    const res = await sys.http.get('/api/me/notification-preferences').set(as('gaukhar')).expect(200);
    expect(res.body.language).toBe('kk');
    expect(res.body.kinds.find((k: { kind: string }) => k.kind === 'task.assigned').channel).toBe('email');
    const bad = await sys.http.put('/api/me/notification-preferences').set(as('gaukhar')).send({ channels: { 'task.assigned': 'pigeon' } }).expect(422);
    expect(bad.body.errors[0].field).toContain('channels');
  });

  it('gathers digest-channel notifications into one mail a day, once', async () => {
    const set = await sys.http
      .put('/api/me/notification-preferences')
      .set(as('erlan'))
      .send({ channels: { 'task.assigned': 'digest' }, language: 'ru' })
      .expect(200);
    expect(set.body.language).toBe('ru');
    expect(set.body.kinds.find((k: { kind: string }) => k.kind === 'task.assigned').channel).toBe('digest');
    const first = await letterFor('erlan', 'Первое письмо');
    await eventually(async () => expect((await page('erlan')).items.some((i) => i.documentId === first)).toBe(true));
    const row = await eventually(async () => {
      const r = await sys.models.Notification.findById(`${first}:task:${(await sys.models.InboxEntry.findOne({ documentId: first, ownerId: 'erlan' }).lean())!.taskId}:erlan`).lean();
      expect(r?.channel).toBe('digest');
      return r!;
    });
    expect(row.digestedIn).toBeUndefined();
    // Not mailed at once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('erlan@example.kz')).toHaveLength(0);

    const run = (id: string) => sys.temporal.workflow.execute('notificationDigestWorkflow', { taskQueue: sys.taskQueue, workflowId: id, args: [{}] });
    const digestRun = `digest-test-1-${Date.now()}`;
    const result = (await run(digestRun)) as { mails: number; notifications: number };
    await recordHistory(digestRun, 'notification-digest.v1.json');
    expect(result.mails).toBeGreaterThanOrEqual(1);
    const digest = await eventually(async () => {
      const m = mailsTo('erlan@example.kz');
      expect(m).toHaveLength(1);
      return m[0];
    }, 60_000);
    expect(digest.subject).toMatch(/^Qujat: Уведомления за \d\d\.\d\d\.\d{4} \(1\)$/);
    expect(digest.text).toContain('Новая задача во входящих');
    expect(digest.text).toContain(`${PUBLIC_URL}/documents/${first}`);
    // The same day again: nothing new to send, no second mail.
    await run(`digest-test-2-${Date.now()}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('erlan@example.kz')).toHaveLength(1);
  });
});

describe('a change of person or preferences', () => {
  it('reaches the next notification, although the worker keeps a copy of the people it has notified', async () => {
    const taskRow = async (documentId: string) =>
      eventually(async () => {
        const entry = await sys.models.InboxEntry.findOne({ documentId, ownerId: 'aliya' }).lean();
        const row = entry && (await sys.models.Notification.findById(`${documentId}:task:${entry.taskId}:aliya`).lean());
        expect(row?.channel).toBeDefined();
        return row!;
      });
    const first = await letterFor('aliya', 'Бірінші хат');
    expect((await taskRow(first)).channel).toBe('email');
    await eventually(async () => expect(mailsTo('aliya@example.kz').some((m) => m.text.includes(first))).toBe(true));

    // Her own change of preferences: in the app only, in Russian.
    await sys.http.put('/api/me/notification-preferences').set(as('aliya')).send({ channels: { 'task.assigned': 'app' }, language: 'ru' }).expect(200);
    const second = await letterFor('aliya', 'Второе письмо');
    expect((await taskRow(second)).channel).toBe('app');

    // A new address written by someone else (an administrator's edit through the model), and mail again.
    await sys.models.Employee.updateOne({ _id: 'aliya' }, { $set: { email: 'aliya.n@example.kz' } });
    await sys.http.put('/api/me/notification-preferences').set(as('aliya')).send({ channels: { 'task.assigned': 'email' } }).expect(200);
    const third = await letterFor('aliya', 'Третье письмо');
    expect((await taskRow(third)).channel).toBe('email');
    const mail = await eventually(async () => {
      const m = mailsTo('aliya.n@example.kz').find((x) => x.text.includes(third));
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.subject).toMatch(/Новая задача/);
    expect(mailsTo('aliya@example.kz').some((m) => m.text.includes(second) || m.text.includes(third))).toBe(false);
  });
});

describe('deadlines', () => {
  it('a reminder one working day ahead and a breach reach the assignee by mail, through the same delivery', async () => {
    const documentId = await letterFor('anna', 'Мерзімді хат');
    const dueAtMs = Date.UTC(2026, 11, 8, 13, 0); // 08.12.2026 18:00 Astana
    const { createActivities, mailsInHandSettled } = await import('../../../activities');
    const activities = createActivities({
      models: sys.models,
      verifyCms: async () => ({ valid: false, reason: 'unused', failures: [], report: null }),
      notifications: { publicUrl: PUBLIC_URL, smtpUrl: catcher.smtpUrl, startMail: async (mailId) => void (await activities.sendMail({ mailId })) },
    });
    await activities.remindDeadline({ documentId, stageId: 'approval', dueAtMs, assigneeIds: ['anna'] });
    // Retried (as Temporal would): no second notification, no second mail.
    await activities.remindDeadline({ documentId, stageId: 'approval', dueAtMs, assigneeIds: ['anna'] });
    // The mail leaves in the background, after the activity has answered; a stopping worker waits for it so.
    await mailsInHandSettled(activities);
    const reminders = mailsTo('anna@example.kz').filter((m) => m.subject === 'Qujat: Мерзім аяқталуда' && m.text.includes(documentId));
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain('08.12.2026 18:00');
    const item = (await page('anna')).items.find((i) => i.kind === 'deadline.reminder' && i.documentId === documentId);
    expect(item?.text.ru.body).toContain('истекает 08.12.2026 18:00');
    await activities.escalateDeadline({ documentId, stageId: 'approval', dueAtMs, lateAssigneeIds: ['anna'], escalateTo: [], authorId: 'author' });
    await mailsInHandSettled(activities);
    const breach = mailsTo('author@example.kz').find((m) => m.subject === 'Qujat: Срок нарушен' && m.text.includes(documentId));
    expect(breach?.text).toContain('истёк 08.12.2026 18:00');
    expect(mailsTo('anna@example.kz').some((m) => m.subject === 'Qujat: Мерзім бұзылды' && m.text.includes(documentId))).toBe(true);
  });
});

describe('orders to acknowledge and access decisions', () => {
  it('tells the person of an acknowledgement task and the applicant of a rejected access application, once', async () => {
    const { createNotificationDelivery } = await import('../../../activities/notifications/delivery');
    const { createTransitionNotices } = await import('../../../activities/notifications/transition-notices');
    const delivery = createNotificationDelivery({ models: sys.models, publicUrl: PUBLIC_URL });
    const onTransition = createTransitionNotices({ models: sys.models, delivery });
    await sys.models.Document.create({ _id: 'order-1', type: 'order', title: 'Еңбек демалысы туралы', authorId: 'author', route: { key: 'order', version: 1 }, workflowId: 'document:order-1', status: 'on-acknowledgement' });
    const state = {
      documentId: 'order-1',
      authorId: 'author',
      status: 'on-acknowledgement',
      tasks: [{ id: '3.ack.1', stageId: 'ack', kind: 'acknowledge', assigneeId: 'yerbol', state: 'open' }],
      resolutions: [],
    };
    const input = { documentId: 'order-1', seq: 7, state, events: [], routeVersion: 1, routeKey: 'order' } as unknown as Parameters<typeof onTransition>[0];
    await onTransition(input);
    await onTransition(input); // a retried activity
    const acks = (await page('yerbol')).items.filter((i) => i.documentId === 'order-1');
    expect(acks).toHaveLength(1);
    expect(acks[0].kind).toBe('acknowledgement.requested');
    expect(acks[0].text.kk.body).toBe('«Еңбек демалысы туралы» құжатымен танысыңыз.');

    await sys.models.Document.create({ _id: 'access-1', type: 'access-application', title: 'Қолжетімділік', authorId: 'author', route: { key: 'access-application', version: 1 }, workflowId: 'document:access-1', status: 'rejected' });
    await sys.models.AccessApplication.create({ _id: 'access-1', action: 'move', applicantId: 'author', subjectId: 'dana', unitId: 'unit-a' });
    const rejected = {
      documentId: 'access-1',
      authorId: 'author',
      status: 'rejected',
      returned: { reason: 'rejected', by: 'admin', comment: 'Негіз жоқ', atMs: Date.now() },
      tasks: [],
      resolutions: [],
    };
    await onTransition({ documentId: 'access-1', seq: 4, state: rejected, events: [], routeVersion: 1, routeKey: 'access-application' } as unknown as Parameters<typeof onTransition>[0]);
    const decided = (await page('author')).items.filter((i) => i.documentId === 'access-1');
    expect(decided.map((i) => i.kind)).toEqual(['access.decided']); // not also "returned"
    expect(decided[0].text.ru.title).toBe('Заявка на доступ отклонена');
    expect((await page('dana')).items.some((i) => i.documentId === 'access-1' && i.kind === 'access.decided')).toBe(true);
  });
});

describe('the live stream', () => {
  it('pushes the new unread count after another user acts', async () => {
    const server = http.createServer(sys.app.app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const refused = await fetch(`${base}/api/me/notifications/stream?ticket=${'x'.repeat(30)}`);
      expect(refused.status).toBe(401);
      const ticket = (await sys.http.post('/api/me/notifications/stream-tickets').set(as('timur')).expect(201)).body as { url: string };
      const abort = new AbortController();
      const res = await fetch(`${base}${ticket.url}`, { signal: abort.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const events: number[] = [];
      let buffer = '';
      const pump = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += Buffer.from(value).toString('utf8');
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = /^data: (.*)$/m.exec(chunk);
            if (/^event: notifications$/m.test(chunk) && data) events.push((JSON.parse(data[1]) as { unread: number }).unread);
          }
        }
      })().catch(() => undefined);
      await eventually(async () => expect(events.length).toBeGreaterThanOrEqual(1));
      const start = events[0];
      expect(start).toBe((await page('timur')).unread);
      await letterFor('timur', 'Жаңа хат');
      await eventually(async () => expect(events.at(-1)).toBe(start + 1), 30_000);
      // Marked read through another API process (its own app, sharing only the database): this stream hears it.
      const other = createApp({
        config: { temporal: { taskQueue: sys.taskQueue, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', port: 0, uiPort: 0 } },
        db: sys.db,
        models: sys.models,
        temporal: sys.temporal,
        audit: createAuditChain(sys.models.AuditEvent),
        logger: pino({ level: 'silent' }),
      });
      await request(other.app).post('/api/me/notifications/read-all').set(as('timur')).expect(200);
      await eventually(async () => expect(events.at(-1)).toBe(0), 30_000);
      abort.abort();
      await pump;
    } finally {
      sys.app.services.notificationStream.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('delivery that nothing stops', () => {
  it('a mail server that is down delays the mail; it arrives once the server is back', async () => {
    const port = catcher.smtpPort;
    await catcher.stop();
    const documentId = await letterFor('anna', 'Пока почта лежит');
    const mailId = await eventually(async () => {
      const rows = await sys.models.Mail.find({ to: 'anna@example.kz' }).lean();
      const m = rows.find((r) => r.text.includes(`/documents/${documentId}`));
      expect(m?.lastError).toBeTruthy();
      return m!._id;
    }, 60_000);
    expect((await sys.models.Mail.findById(mailId).lean())!.sentAt).toBeUndefined();
    // The route went on regardless: Anna's task is in her inbox and in her notifications.
    expect((await page('anna')).items.some((i) => i.documentId === documentId)).toBe(true);
    catcher = await startMailCatcher({ smtpPort: port, store });
    await eventually(async () => expect(mailsTo('anna@example.kz').some((m) => m.text.includes(`/documents/${documentId}`))).toBe(true), 120_000);
    await eventually(async () => expect((await sys.models.SentMail.findById(mailId).lean())?.sentAt).toBeDefined());
    const moved = (await sys.models.SentMail.findById(mailId).lean())!;
    expect(moved.attempts).toBeGreaterThanOrEqual(2); // the failed ones are counted
    expect(moved.lastError).toBeUndefined();
    expect(await sys.models.Mail.findById(mailId).lean()).toBeNull();
    // The attempt made at once failed, so the mail's workflow took it over, and its retry sent it.
    await eventually(async () => expect((await sys.temporal.workflow.getHandle(mailId).describe()).status.name).toBe('COMPLETED'));
    await recordHistory(mailId, 'mail-delivery.v1-server-down.json');
  });

  it('delivers a row another part of the system wrote straight into the collection, and substitution notices, by the sweep', async () => {
    await sys.models.Notification.create({ _id: 'exchange:env-1:saule', recipientId: 'saule', kind: 'exchange.incoming', message: 'incoming', params: { correspondent: 'ТОО «Сауле»' } });
    await sys.models.Substitution.create({ _id: 'sub-sweep', absentId: 'saule', substituteId: 'dana', from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 24 * HOUR), createdBy: 'admin' });
    const sweepRun = `sweep-${Date.now()}`;
    const result = (await sys.temporal.workflow.execute('notificationSweepWorkflow', { taskQueue: sys.taskQueue, workflowId: sweepRun, args: [{}] })) as {
      dispatched: number;
      substitutionNotices: number;
    };
    await recordHistory(sweepRun, 'notification-sweep.v1.json');
    expect(result.dispatched).toBeGreaterThanOrEqual(1);
    expect(result.substitutionNotices).toBeGreaterThanOrEqual(2);
    const mail = await eventually(async () => {
      const m = mailsTo('saule@example.kz').find((x) => x.subject === 'Qujat: Входящий электронный документ');
      expect(m).toBeDefined();
      return m!;
    }, 60_000);
    expect(mail.text).toContain('от ТОО «Сауле»');
    expect(mail.text).toContain(`${PUBLIC_URL}/notifications`);
    const dana = (await page('dana')).items.find((i) => i.kind === 'substitution.started');
    expect(dana?.text.ru.body).toContain('Вы замещаете Сәуле Жанова');
    // Run again: nothing twice.
    await sys.temporal.workflow.execute('notificationSweepWorkflow', { taskQueue: sys.taskQueue, workflowId: `sweep2-${Date.now()}`, args: [{}] });
    expect((await page('dana')).items.filter((i) => i.kind === 'substitution.started')).toHaveLength(1);
  });
});

afterAll(() => {
  // The lead asked for a count of mails a test run sends.
  console.log(`notifications.test: ${store.length} mails crossed SMTP`);
});
