/**
 * The outbox holds the mails waiting: a sent mail moves to `mail_sent`, is never sent twice (also when a retried
 * queueing puts it back), and mails sent before the move leave the outbox by the sweep.
 */
import { createNotificationDelivery } from '../../../activities/notifications/delivery';
import { createMailSender } from '../../../activities/notifications/mail-sender';
import { startMailCatcher, type MailCatcher } from '../../../client/servers/mail-catcher';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
let catcher: MailCatcher;
beforeAll(async () => {
  t = await openTestDatabase();
  catcher = await startMailCatcher();
});
afterAll(async () => {
  await catcher?.stop();
  await t?.drop();
});

const mail = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  recipientId: 'anna',
  to: 'anna@example.kz',
  language: 'kk',
  subject: `Qujat: ${id}`,
  text: 'Сәлеметсіз бе!',
  html: '<p>Сәлеметсіз бе!</p>',
  notificationIds: [],
  ...extra,
});
const caught = (id: string) => catcher.messages().filter((m) => m.subject === `Qujat: ${id}`).length;

it('moves a sent mail out of the outbox, and does not send it again when it is queued again', async () => {
  const sender = createMailSender({ models: t.models, smtpUrl: catcher.smtpUrl, from: 'Qujat <qujat@localhost>' });
  try {
    await t.models.Mail.create(mail('m1'));
    expect(await sender.sendMail({ mailId: 'm1' })).toMatchObject({ sent: true });
    expect(await t.models.Mail.findById('m1').lean()).toBeNull();
    expect(await t.models.SentMail.findById('m1').lean()).toMatchObject({ to: 'anna@example.kz', attempts: 1, sentAt: expect.any(Date) });
    // A retried queueing puts it back (its upsert finds no row in the outbox): it is dropped, not sent.
    await t.models.Mail.create(mail('m1'));
    expect(await sender.sendMail({ mailId: 'm1' })).toMatchObject({ sent: false });
    expect(await t.models.Mail.findById('m1').lean()).toBeNull();
    expect(caught('m1')).toBe(1);
    // Neither in the outbox nor sent: refused for good, as before.
    await expect(sender.sendMail({ mailId: 'nowhere' })).rejects.toMatchObject({ type: 'MailMissing' });
  } finally {
    sender.close();
  }
});

it('moves mails sent before the move out of the outbox, and restarts only those left unsent for a minute', async () => {
  const now = Date.now();
  const old = new Date(now - 5 * 60_000);
  await t.models.Mail.collection.insertMany([
    mail('sent-before', { sentAt: old, smtpMessageId: '<x@localhost>', attempts: 1, createdAt: old, updatedAt: old }),
    mail('stuck', { attempts: 0, createdAt: old, updatedAt: old }),
    mail('just-queued', { attempts: 0, createdAt: new Date(now), updatedAt: new Date(now) }),
  ] as never[]);
  const started: string[] = [];
  const delivery = createNotificationDelivery({ models: t.models, publicUrl: 'http://qujat.test', startMail: async (id) => void started.push(id) });
  const result = await delivery.sweepNotifications({});
  expect(started).toEqual(['stuck']);
  expect(result.mailsRestarted).toBe(1);
  expect(await t.models.Mail.findById('sent-before').lean()).toBeNull();
  expect(await t.models.SentMail.findById('sent-before').lean()).toMatchObject({ smtpMessageId: '<x@localhost>' });
  expect((await t.models.Mail.find({}, { _id: 1 }).lean()).map((m) => m._id).sort()).toEqual(['just-queued', 'stuck']);
});
