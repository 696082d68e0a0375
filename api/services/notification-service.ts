/**
 * A person's notifications: the page, the unread count, marking read, their channel per kind and their
 * language. Texts come from domain/notifications in both languages, so the screen needs no codes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Models } from '../../db/models';
import { headWrites } from '../../db/models/notification';
import { DEFAULT_CHANNELS, NOTIFICATION_KINDS, choicesFromList, choicesToList, effectiveChoices, type NotificationChannel } from '../../domain/notifications/kinds';
import { KIND_LABELS, notificationText, type NotificationParams } from '../../domain/notifications/texts';
import { problems } from '../problem';

const TICKET_LIFE_MS = 10 * 60_000;
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NotificationPageQuery {
  page: number;
  pageSize: number;
  unreadOnly: boolean;
}

export function createNotificationService(deps: { models: Models }) {
  const { models } = deps;

  async function bumpHead(employeeId: string): Promise<void> {
    await models.Notification.bulkWrite(headWrites([employeeId], new Date()), { ordered: true });
  }

  const unreadCount = (employeeId: string) => models.Notification.countDocuments({ recipientId: employeeId, readAt: { $exists: false } });

  /** Unread counts of several people in one read (one read of the whole collection on the embedded database). */
  async function unreadCounts(employeeIds: string[]): Promise<Map<string, number>> {
    const rows = await models.Notification.aggregate<{ _id: string; n: number }>([
      { $match: { recipientId: { $in: employeeIds }, readAt: { $exists: false } } },
      { $group: { _id: '$recipientId', n: { $sum: 1 } } },
    ]);
    const counted = new Map(rows.map((r) => [r._id, r.n]));
    return new Map(employeeIds.map((id) => [id, counted.get(id) ?? 0]));
  }

  async function list(employeeId: string, q: NotificationPageQuery) {
    const filter: Record<string, unknown> = { recipientId: employeeId };
    if (q.unreadOnly) filter.readAt = { $exists: false };
    const [rows, total, unread] = await Promise.all([
      models.Notification.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      models.Notification.countDocuments(filter),
      unreadCount(employeeId),
    ]);
    const items = [];
    for (const r of rows) {
      const doc = r.documentId ? await models.Document.findById(r.documentId, { title: 1, registration: 1 }).lean() : null;
      const document = doc ? { title: doc.title, number: doc.registration?.number ?? null } : null;
      const input = { kind: r.kind, params: r.params as NotificationParams, document };
      items.push({
        id: r._id,
        kind: r.kind,
        documentId: r.documentId ?? undefined,
        document: document ? { title: document.title, number: document.number ?? undefined } : undefined,
        createdAt: (r.createdAt as Date).toISOString(),
        readAt: r.readAt ? r.readAt.toISOString() : undefined,
        text: { kk: notificationText(input, 'kk'), ru: notificationText(input, 'ru') },
      });
    }
    return { page: q.page, pageSize: q.pageSize, total, unread, items };
  }

  /** Someone else's notification is "not found", exactly like one that does not exist. */
  async function markRead(employeeId: string, id: string): Promise<{ unread: number }> {
    const row = await models.Notification.findById(id, { recipientId: 1, readAt: 1 }).lean();
    if (!row || row.recipientId !== employeeId) throw problems.notFound('This notification');
    if (!row.readAt) {
      await models.Notification.updateOne({ _id: id }, { $set: { readAt: new Date() } });
      await bumpHead(employeeId);
    }
    return { unread: await unreadCount(employeeId) };
  }

  async function markAllRead(employeeId: string): Promise<{ marked: number; unread: number }> {
    const result = await models.Notification.updateMany({ recipientId: employeeId, readAt: { $exists: false } }, { $set: { readAt: new Date() } });
    if (result.modifiedCount) await bumpHead(employeeId);
    return { marked: result.modifiedCount, unread: await unreadCount(employeeId) };
  }

  async function preferences(employeeId: string) {
    const [pref, employee] = await Promise.all([
      models.NotificationPreference.findById(employeeId).lean(),
      models.Employee.findById(employeeId, { language: 1, email: 1 }).lean(),
    ]);
    const channels = effectiveChoices(choicesFromList(pref?.channels));
    return {
      language: (employee?.language ?? 'kk') as 'kk' | 'ru',
      hasEmail: !!employee?.email,
      kinds: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        label: { kk: KIND_LABELS.kk[kind], ru: KIND_LABELS.ru[kind] },
        channel: channels[kind],
        defaultChannel: DEFAULT_CHANNELS[kind],
      })),
    };
  }

  async function setPreferences(employeeId: string, body: { channels?: Partial<Record<string, NotificationChannel>>; language?: 'kk' | 'ru' }) {
    if (body.channels && Object.keys(body.channels).length) {
      // One person's own row: read, merge, write back (last writer wins, as for any form they save).
      const current = choicesFromList((await models.NotificationPreference.findById(employeeId).lean())?.channels);
      const merged = choicesToList({ ...current, ...body.channels });
      await models.NotificationPreference.updateOne({ _id: employeeId }, { $set: { channels: merged } }, { upsert: true });
    }
    if (body.language) await models.Employee.updateOne({ _id: employeeId }, { $set: { language: body.language } });
    return preferences(employeeId);
  }

  async function issueStreamTicket(actor: { employeeId: string; sessionId: string }) {
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + TICKET_LIFE_MS);
    await models.StreamTicket.create({ _id: hash(ticket), employeeId: actor.employeeId, sessionId: actor.sessionId, expiresAt });
    return { ticket, expiresAt: expiresAt.toISOString(), url: `/api/me/notifications/stream?ticket=${ticket}`, employeeId: actor.employeeId };
  }

  /** The person a live-stream ticket stands for, while its session is still good. */
  async function redeemStreamTicket(ticket: string): Promise<string> {
    const row = await models.StreamTicket.findById(hash(ticket)).lean();
    if (!row || row.expiresAt.getTime() <= Date.now()) throw problems.unauthorized('The stream ticket has expired; ask for a new one.');
    const session = await models.Session.findById(row.sessionId).lean();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) throw problems.unauthorized('The session has expired or was revoked; sign in again.');
    const employee = await models.Employee.findById(row.employeeId, { status: 1 }).lean();
    if (!employee || employee.status !== 'active') throw problems.unauthorized('This account cannot sign in.');
    return row.employeeId;
  }

  return { list, markRead, markAllRead, preferences, setPreferences, issueStreamTicket, redeemStreamTicket, unreadCount, unreadCounts };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
