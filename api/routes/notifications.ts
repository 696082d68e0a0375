/** /api/me/notifications: my notifications, unread count, marking read, my channels per kind, the live stream. */
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../domain/notifications/kinds';
import { z } from '../../domain/zod';
import type { RouteKit } from '../route-kit';
import type { NotificationService } from '../services/notification-service';
import type { NotificationStream } from '../services/notification-stream';

const text = z.object({ title: z.string(), body: z.string() });
const notificationView = z
  .object({
    id: z.string(),
    kind: z.string(),
    documentId: z.string().optional(),
    document: z.object({ title: z.string(), number: z.string().optional() }).optional(),
    createdAt: z.string(),
    readAt: z.string().optional(),
    text: z.object({ kk: text, ru: text }).openapi({ description: 'What to show, in both languages.' }),
  })
  .openapi('Notification');

const notificationPage = z
  .object({ page: z.number(), pageSize: z.number(), total: z.number(), unread: z.number(), items: z.array(notificationView) })
  .openapi('NotificationPage');

const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    unread: z.enum(['true', 'false']).default('false').openapi({ description: 'true: only the unread ones' }),
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(400) }).strict();
const unreadView = z.object({ unread: z.number() }).openapi('NotificationUnread');
const channel = z.enum(NOTIFICATION_CHANNELS).openapi({ description: 'app: in the application only; email: also by e-mail at once; digest: in one e-mail a day' });
const preferencesView = z
  .object({
    language: z.enum(['kk', 'ru']),
    hasEmail: z.boolean(),
    kinds: z.array(z.object({ kind: z.string(), label: z.object({ kk: z.string(), ru: z.string() }), channel, defaultChannel: channel })),
  })
  .openapi('NotificationPreferences');
const preferencesBody = z
  .object({
    channels: z.record(z.enum(NOTIFICATION_KINDS), channel).optional(),
    language: z.enum(['kk', 'ru']).optional().openapi({ description: 'The language of my e-mails (and of the screens by default).' }),
  })
  .strict()
  .openapi('SetNotificationPreferences');
const ticketView = z.object({ ticket: z.string(), expiresAt: z.string(), url: z.string(), employeeId: z.string() }).openapi('NotificationStreamTicket');
const streamQuery = z
  .object({
    ticket: z
      .string()
      .regex(/^[A-Za-z0-9_-]{20,100}(,[A-Za-z0-9_-]{20,100}){0,19}$/, 'must be one to 20 tickets from POST /api/me/notifications/stream-tickets, separated by commas')
      .openapi({ description: 'One ticket, or several (comma-separated) so that one connection serves all tabs of a browser' }),
  })
  .strict();

export function mountNotificationRoutes(route: RouteKit, deps: { notifications: NotificationService; stream: NotificationStream }): void {
  const { notifications, stream } = deps;

  route(
    {
      method: 'get',
      path: '/api/me/notifications',
      summary: 'My notifications, newest first, with the unread count',
      tags: ['notifications'],
      roles: [],
      query: listQuery,
      response: { description: 'A page of notifications', schema: notificationPage },
    },
    async ({ actor, query }) => notifications.list(actor.employeeId, { page: query.page, pageSize: query.pageSize, unreadOnly: query.unread === 'true' }),
  );

  route(
    {
      method: 'post',
      path: '/api/me/notifications/read-all',
      summary: 'Mark all my notifications read',
      tags: ['notifications'],
      roles: [],
      response: { description: 'How many were marked', schema: z.object({ marked: z.number(), unread: z.number() }).openapi('NotificationsMarked') },
    },
    async ({ actor }) => notifications.markAllRead(actor.employeeId),
  );

  route(
    {
      method: 'post',
      path: '/api/me/notifications/:id/read',
      summary: 'Mark one of my notifications read',
      tags: ['notifications'],
      roles: [],
      params: idParams,
      response: { description: 'The unread count after', schema: unreadView },
    },
    async ({ actor, params }) => notifications.markRead(actor.employeeId, params.id),
  );

  route(
    {
      method: 'get',
      path: '/api/me/notification-preferences',
      summary: 'How each kind of notification reaches me, and the language of my e-mails',
      tags: ['notifications'],
      roles: [],
      response: { description: 'My preferences', schema: preferencesView },
    },
    async ({ actor }) => notifications.preferences(actor.employeeId),
  );

  route(
    {
      method: 'put',
      path: '/api/me/notification-preferences',
      summary: 'Choose per kind: in the application only, also by e-mail, or in the daily digest; and my language',
      tags: ['notifications'],
      roles: [],
      body: preferencesBody,
      response: { description: 'My preferences now', schema: preferencesView },
    },
    async ({ actor, body }) => notifications.setPreferences(actor.employeeId, body),
  );

  route(
    {
      method: 'post',
      path: '/api/me/notifications/stream-tickets',
      summary: 'A short-lived ticket to open the live stream (a browser EventSource cannot send the bearer token)',
      tags: ['notifications'],
      roles: [],
      response: { status: 201, description: 'The ticket and the stream URL', schema: ticketView },
    },
    async ({ actor }) => notifications.issueStreamTicket(actor),
  );

  route(
    {
      method: 'get',
      path: '/api/me/notifications/stream',
      summary: 'Live stream (Server-Sent Events): an event "notifications" with the unread count whenever it changes',
      tags: ['notifications'],
      // Authenticated by the ticket, not the bearer header (EventSource cannot set headers).
      query: streamQuery,
      response: { description: 'text/event-stream of `event: notifications` / `data: {"employeeId": id, "unread": n}`', contentType: 'text/event-stream', schema: z.string() },
    },
    async ({ query, res }) => {
      const employeeIds: string[] = [];
      // Every ticket must hold: one bad ticket refuses the stream (the browser then asks its tabs for fresh ones).
      for (const ticket of new Set(query.ticket.split(','))) employeeIds.push(await notifications.redeemStreamTicket(ticket));
      await stream.subscribe([...new Set(employeeIds)], res);
      return undefined;
    },
  );
}
