/**
 * Delivery of notifications: whatever wrote a row into `notifications`, this decides how it reaches its
 * person (their channel for the kind), raises the live push, and queues the e-mail, which a durable
 * workflow sends (mail-delivery-workflow) so a mail server that is down delays mail and blocks nothing.
 *
 * Idempotent throughout: rows are keyed, a dispatched row is not dispatched again, a mail is keyed by what it
 * carries (`mail:<notification>`, `digest:<person>:<day>`) and its workflow id is the mail id.
 */
import type { Models } from '../../db/models';
import type { EmployeeRecord } from '../../db/models/employee';
import { headWrites, type NotificationPreferenceRecord } from '../../db/models/notification';
import { moveSentMail } from './mail-sender';
import { astanaDayKey, channelFor, choicesFromList } from '../../domain/notifications/kinds';
import { documentLink, renderDigestMail, renderNotificationMail } from '../../domain/notifications/mail';
import { astanaDateTime, notificationText, type Language, type NotificationParams } from '../../domain/notifications/texts';

/** Starts (or finds running) the workflow that sends one queued mail. */
export type MailStarter = (mailId: string) => Promise<void>;

export interface NotificationDeliveryDeps {
  models: Models;
  /** Absent: mails are queued and the next sweep of a worker that has one starts them. */
  startMail?: MailStarter;
  /**
   * Sends mails just queued from this process without being waited for, handing to `startMail` those it cannot
   * (mail-handoff.ts). Absent: each one's workflow is started (`startMail`), and waited for.
   */
  handOffMail?: (mailIds: string[]) => void;
  /** Where people open the web UI: links in mails point here. */
  publicUrl: string;
  now?: () => Date;
}

export interface NotifyRow {
  /** The idempotency key: the same key never makes a second notification. */
  id: string;
  recipientId: string;
  documentId?: string;
  kind: string;
  params?: NotificationParams;
  /** Plain-language fallback for readers of the raw collection; screens and mails use kind + params. */
  message?: string;
}

const isDuplicateKey = (e: unknown) => (e as { code?: number }).code === 11000;

/** What choosing a person's channel and writing their mail reads about them. */
export type RecipientPerson = Pick<EmployeeRecord, 'fullName' | 'email' | 'language' | 'status'>;
export type RecipientPreference = Pick<NotificationPreferenceRecord, 'channels'>;
export interface Recipient {
  employee: RecipientPerson | null;
  preference: RecipientPreference | null;
}
/** Fields of the person read for a notification (a worker copy keeps the same: activities/notifications/transition-notices.ts). */
export const RECIPIENT_FIELDS = { fullName: 1, email: 1, language: 1, status: 1 } as const;

/**
 * Upserts by `_id` in one command. Two first upserts of one key may race (an upsert is not atomic on the
 * embedded database): the loser's duplicate-key error means the row is there now, so the same writes are sent
 * once more, when they find it. `ordered`: each write only after the ones before it (an ordered command stops
 * at its first refusal, and the second sending does them all).
 */
async function keyedBulkWrite(model: { bulkWrite(writes: never[], options: { ordered: boolean }): Promise<unknown> }, writes: unknown[], ordered = false): Promise<void> {
  if (!writes.length) return;
  try {
    await model.bulkWrite(writes as never[], { ordered });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
    if (!isDuplicateKey(error) && !(writeErrors?.length && writeErrors.every((e) => e.code === 11000))) throw error;
    await model.bulkWrite(writes as never[], { ordered });
  }
}

export function createNotificationDelivery(deps: NotificationDeliveryDeps) {
  const { models } = deps;
  const now = deps.now ?? (() => new Date());

  /** The person and their preferences, two `_id` reads side by side. */
  async function readRecipient(id: string): Promise<Recipient> {
    const [employee, preference] = await Promise.all([
      models.Employee.findById(id, RECIPIENT_FIELDS).lean<RecipientPerson>(),
      models.NotificationPreference.findById(id, { channels: 1 }).lean<RecipientPreference>(),
    ]);
    return { employee, preference };
  }

  async function bumpHead(employeeId: string): Promise<void> {
    await models.Notification.bulkWrite(headWrites([employeeId], now()), { ordered: true });
  }

  async function documentOf(documentId: string | null | undefined) {
    if (!documentId) return null;
    const doc = await models.Document.findById(documentId, { title: 1, registration: 1 }).lean();
    return doc ? { title: doc.title, number: doc.registration?.number ?? null } : null;
  }

  async function queueMail(mailId: string, row: Omit<Parameters<typeof models.Mail.create>[0], '_id'> & Record<string, unknown>): Promise<void> {
    await models.Mail.updateOne({ _id: mailId }, { $setOnInsert: row }, { upsert: true }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
    await sendQueued([mailId]);
  }

  /** Mails just queued, on their way: handed to this process's sender, or each to its workflow. */
  async function sendQueued(mailIds: string[]): Promise<void> {
    if (deps.handOffMail) deps.handOffMail(mailIds);
    else if (deps.startMail) for (const id of mailIds) await deps.startMail(id);
  }

  /** Hands one row to its person: the channel of its kind, the mail queued if any, the live push. */
  async function dispatch(notificationId: string): Promise<void> {
    const row = await models.Notification.findById(notificationId).lean();
    if (!row || row.dispatchedAt) return;
    const [employee, preference] = await Promise.all([
      models.Employee.findById(row.recipientId, { fullName: 1, email: 1, language: 1, status: 1 }).lean(),
      models.NotificationPreference.findById(row.recipientId).lean(),
    ]);
    let channel = channelFor(row.kind, choicesFromList(preference?.channels));
    // Nobody to write to (no address, or the account is gone): the application still shows it.
    if (channel !== 'app' && (!employee?.email || employee.status !== 'active')) channel = 'app';
    if (channel === 'email' && employee?.email) {
      const language = (employee.language ?? 'kk') as Language;
      const text = notificationText({ kind: row.kind, params: row.params as NotificationParams, document: await documentOf(row.documentId) }, language);
      const mail = renderNotificationMail({ language, name: employee.fullName, text, link: documentLink(deps.publicUrl, row.documentId) });
      await queueMail(`mail:${row._id}`, { recipientId: row.recipientId, to: employee.email, language, ...mail, notificationIds: [row._id] });
    }
    await bumpHead(row.recipientId);
    await models.Notification.updateOne({ _id: row._id }, { $set: { dispatchedAt: now(), channel } });
  }

  /**
   * Writes rows that are new and delivers them in the same writes, for a caller that knows they are new (the
   * projection of a transition, which compares the state's open tasks with those of the card it replaces):
   * each recipient's channel chosen from one `_id` read of the person and one of their preferences, side by
   * side; then the queued mails and the rows (already marked dispatched) in one command per collection, the
   * rows followed in their command by the heads that raise the live push (a stream woken by a head finds the row).
   * Idempotent like `notify`: every write is keyed and inserts only what is missing, so a retry (or a row that
   * was not new after all) adds nothing twice; a row some writer left undispatched is the sweep's.
   * `recipientOf` may answer from a copy kept under a version token (the projection's: no read while nobody changed).
   */
  async function deliverNew(rows: NotifyRow[], document?: { title: string; number: string | null }, recipientOf: (id: string) => Promise<Recipient> = readRecipient): Promise<void> {
    if (!rows.length) return;
    const recipients = [...new Set(rows.map((r) => r.recipientId))];
    const people = new Map(await Promise.all(recipients.map(async (id) => [id, await recipientOf(id)] as const)));
    const at = now();
    const mails: Array<{ _id: string } & Record<string, unknown>> = [];
    const written = rows.map((r) => {
      const { employee, preference } = people.get(r.recipientId)!;
      let channel = channelFor(r.kind, choicesFromList(preference?.channels));
      if (channel !== 'app' && (!employee?.email || employee.status !== 'active')) channel = 'app';
      if (channel === 'email' && employee?.email) {
        const language = (employee.language ?? 'kk') as Language;
        const text = notificationText({ kind: r.kind, params: r.params as NotificationParams, document: document ?? null }, language);
        const mail = renderNotificationMail({ language, name: employee.fullName, text, link: documentLink(deps.publicUrl, r.documentId) });
        mails.push({ _id: `mail:${r.id}`, recipientId: r.recipientId, to: employee.email, language, ...mail, notificationIds: [r.id] });
      }
      const fields = { recipientId: r.recipientId, documentId: r.documentId, kind: r.kind, params: r.params, message: r.message ?? r.kind, dispatchedAt: at, channel };
      return { updateOne: { filter: { _id: r.id }, update: { $setOnInsert: fields }, upsert: true } };
    });
    const mailWrites = mails.map(({ _id, ...mail }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: mail }, upsert: true } }));
    await Promise.all([
      // The rows, then the heads that announce them, in order in one command.
      keyedBulkWrite(models.Notification, [...written, ...headWrites(recipients, at)], true),
      // With timestamps, as Mail.updateOne upserts them: the sweep restarts mails by their age.
      mailWrites.length ? keyedBulkWrite(models.Mail, mailWrites) : undefined,
    ]);
    await sendQueued(mails.map((m) => m._id));
  }

  /** Writes each row once (by its key) and delivers it. */
  async function notify(rows: NotifyRow[]): Promise<void> {
    for (const r of rows) {
      await models.Notification.updateOne(
        { _id: r.id },
        { $setOnInsert: { recipientId: r.recipientId, documentId: r.documentId, kind: r.kind, params: r.params, message: r.message ?? r.kind } },
        { upsert: true },
      ).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e;
      });
      await dispatch(r.id);
    }
  }

  /** The start and end of substitutions, told to both people once the instant has come. */
  async function substitutionNotices(at: Date): Promise<number> {
    const since = new Date(at.getTime() - 2 * 24 * 3600_000);
    const rows = await models.Substitution.find({
      $or: [{ from: { $gte: since, $lte: at } }, { to: { $gte: since, $lte: at } }, { cancelledAt: { $gte: since, $lte: at } }],
    }).lean();
    const out: NotifyRow[] = [];
    for (const s of rows) {
      const endedAt = s.cancelledAt && s.cancelledAt < s.to ? s.cancelledAt : s.to;
      const startedBeforeEnd = s.from < endedAt;
      const names = await Promise.all([s.absentId, s.substituteId].map(async (id) => (await models.Employee.findById(id, { fullName: 1 }).lean())?.fullName ?? ''));
      const pairs: Array<{ recipientId: string; role: 'absent' | 'substitute'; personName: string }> = [
        { recipientId: s.absentId, role: 'absent', personName: names[1] },
        { recipientId: s.substituteId, role: 'substitute', personName: names[0] },
      ];
      for (const p of pairs) {
        const params = { role: p.role, personName: p.personName, fromMs: s.from.getTime(), toMs: endedAt.getTime() };
        if (startedBeforeEnd && s.from <= at && s.from >= since && endedAt > at) out.push({ id: `substitution:${s._id}:started:${p.recipientId}`, recipientId: p.recipientId, kind: 'substitution.started', params });
        if (startedBeforeEnd && endedAt <= at && endedAt >= since) out.push({ id: `substitution:${s._id}:ended:${p.recipientId}`, recipientId: p.recipientId, kind: 'substitution.ended', params });
      }
    }
    await notify(out);
    return out.length;
  }

  /**
   * Catches up: rows nobody dispatched (written straight into the collection by another part of the
   * system, or whose dispatch died half-way), mails left unsent for a minute whose sending or workflow was
   * lost (a worker stopped with them in hand), substitutions that began or ended. Run every minute by a schedule.
   * Mails sent before sent mail left the outbox are moved out on the way, at most 500 a minute.
   */
  async function sweepNotifications(_input: Record<string, never> = {}): Promise<{ dispatched: number; mailsRestarted: number; substitutionNotices: number }> {
    const pending = await models.Notification.find({ dispatchedAt: { $exists: false } }, { _id: 1 }).limit(500).lean();
    for (const p of pending) await dispatch(p._id);
    let mailsRestarted = 0;
    // The outbox holds the mails waiting (and, from before, sent ones not moved out yet): one read finds both. While
    // many old ones are left, a mail left unsent may wait for a later sweep than the next.
    const waiting = await models.Mail.find({ $or: [{ sentAt: { $exists: true } }, { createdAt: { $lte: new Date(now().getTime() - 60_000) } }] }, { _id: 1, sentAt: 1 }).limit(500).lean();
    for (const m of waiting) {
      if (m.sentAt) {
        const mail = await models.Mail.findById(m._id).lean();
        if (mail) await moveSentMail(models, mail);
      } else if (deps.startMail) {
        await deps.startMail(m._id);
        mailsRestarted++;
      }
    }
    await models.StreamTicket.deleteMany({ expiresAt: { $lt: now() } });
    return { dispatched: pending.length, mailsRestarted, substitutionNotices: await substitutionNotices(now()) };
  }

  /**
   * The daily digest: one mail per person with every digest-channel notification not yet sent or read.
   * `atMs` is the workflow's time, so the day (and so the mail's key) is the same on every retry.
   */
  async function sendDigests(input: { atMs: number }): Promise<{ mails: number; notifications: number }> {
    const day = astanaDayKey(input.atMs);
    const rows = await models.Notification.find({ channel: 'digest', digestedIn: { $exists: false } }).sort({ createdAt: 1, _id: 1 }).lean();
    const byPerson = new Map<string, typeof rows>();
    for (const r of rows) byPerson.set(r.recipientId, [...(byPerson.get(r.recipientId) ?? []), r]);
    let mails = 0;
    let notifications = 0;
    for (const [recipientId, list] of byPerson) {
      const mailId = `digest:${recipientId}:${day}`;
      // Already seen in the application: nothing to tell by mail.
      const read = list.filter((r) => r.readAt).map((r) => r._id);
      if (read.length) await models.Notification.updateMany({ _id: { $in: read } }, { $set: { digestedIn: 'read' } });
      // Today's digest, waiting in the outbox or already sent.
      const existing = (await models.Mail.findById(mailId, { notificationIds: 1 }).lean()) ?? (await models.SentMail.findById(mailId, { notificationIds: 1 }).lean());
      let ids = existing?.notificationIds ?? [];
      if (!existing) {
        const unread = list.filter((r) => !r.readAt);
        const employee = await models.Employee.findById(recipientId, { fullName: 1, email: 1, language: 1, status: 1 }).lean();
        if (!unread.length || !employee?.email || employee.status !== 'active') continue;
        const language = (employee.language ?? 'kk') as Language;
        const items = [];
        for (const r of unread) {
          items.push({
            kind: r.kind,
            text: notificationText({ kind: r.kind, params: r.params as NotificationParams, document: await documentOf(r.documentId) }, language),
            link: documentLink(deps.publicUrl, r.documentId),
          });
        }
        const mail = renderDigestMail({ language, name: employee.fullName, dayLabel: astanaDateTime(input.atMs).slice(0, 10), items, allLink: documentLink(deps.publicUrl, null) });
        ids = unread.map((r) => r._id);
        await models.Mail.updateOne(
          { _id: mailId },
          { $setOnInsert: { recipientId, to: employee.email, language, ...mail, notificationIds: ids } },
          { upsert: true },
        ).catch((e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
        });
        ids = (await models.Mail.findById(mailId, { notificationIds: 1 }).lean())?.notificationIds ?? ids;
      }
      await models.Notification.updateMany({ _id: { $in: ids } }, { $set: { digestedIn: mailId } });
      if (deps.startMail) await deps.startMail(mailId);
      mails += 1;
      notifications += ids.length;
    }
    return { mails, notifications };
  }

  return { notify, deliverNew, dispatch, bumpHead, sweepNotifications, sendDigests };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
