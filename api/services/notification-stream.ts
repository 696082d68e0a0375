/**
 * The live push (Server-Sent Events) of one API process. Whoever writes a notification or marks one read
 * changes the person's head row (db/models/notification.ts, notificationHeadId) and then the row that says some
 * head moved (HEADS_VERSION_ID); this process reads that row once a second and, when it has moved, the head of
 * each person connected to it (all by `_id`: no collection scan on either database), and tells their open pages
 * the new unread count. So it works with any number of API processes, on FerretDB and on MongoDB alike, without
 * change streams, and a stream nobody is notified on costs one read a second however many people it serves.
 */
import type { Response } from 'express';
import type { Models } from '../../db/models';
import { HEADS_VERSION_ID, notificationHeadId } from '../../db/models/notification';

export interface NotificationStreamOptions {
  pollMs?: number;
  heartbeatMs?: number;
  /**
   * Every connected head is read this often even when the row that says a head moved has not moved: a head moved
   * by a writer that does not move that row (a process of the version before it, during an upgrade) still arrives.
   */
  recheckMs?: number;
  onError?: (error: unknown) => void;
}

export interface NotificationStreamDeps {
  models: Pick<Models, 'Notification'>;
  /**
   * The unread counts of several people in one read. On the embedded database a count reads the whole collection,
   * so a poll in which many people were notified (a mass distribution) reads it once, not once per person.
   */
  unreadCounts: (employeeIds: string[]) => Promise<Map<string, number>>;
}

export function createNotificationStream(deps: NotificationStreamDeps, options: NotificationStreamOptions = {}) {
  const pollMs = options.pollMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const recheckMs = options.recheckMs ?? 30_000;
  const clients = new Map<string, Set<Response>>();
  const versions = new Map<string, string | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let lastBeat = Date.now();
  let polling = false;
  /** The row that says a head moved, as last read, and when every connected head was last read. */
  let headsVersion: string | undefined;
  let readAllAt = 0;

  function send(res: Response, event: string, data: unknown): void {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      // Read before the heads: a head written after this read moves the row again, and the next poll reads it.
      const moved = (await deps.models.Notification.findById(HEADS_VERSION_ID, { version: 1 }).lean())?.version ?? undefined;
      const startedAt = Date.now();
      const due = moved !== headsVersion || startedAt - readAllAt >= recheckMs;
      const changed: Array<{ employeeId: string; version: string | undefined; set: Set<Response> }> = [];
      for (const [employeeId, set] of due ? clients : []) {
        const head = await deps.models.Notification.findById(notificationHeadId(employeeId), { version: 1 }).lean();
        if (head?.version !== versions.get(employeeId)) changed.push({ employeeId, version: head?.version ?? undefined, set });
      }
      if (changed.length) {
        const ids = changed.map((c) => c.employeeId);
        const counts = await deps.unreadCounts(ids);
        for (const { employeeId, version, set } of changed) {
          // Kept only once told: a poll that failed before this tells them at the next.
          versions.set(employeeId, version);
          for (const res of set) send(res, 'notifications', { employeeId, unread: counts.get(employeeId) ?? 0 });
        }
      }
      // Only once every head was read: a poll that failed half-way reads them all again.
      if (due) {
        headsVersion = moved;
        readAllAt = startedAt;
      }
      if (Date.now() - lastBeat >= heartbeatMs) {
        lastBeat = Date.now();
        for (const set of clients.values()) for (const res of set) res.write(': keep-alive\n\n');
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      polling = false;
    }
  }

  /**
   * One stream may carry several people: a browser shares one connection among its tabs (browsers allow
   * only 6 per server over HTTP/1.1), and tabs may belong to different people. Each event names whose count it is.
   */
  async function subscribe(employeeIds: string[], res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    // Heads before counts: a head moved in between is told again by the next poll.
    for (const employeeId of employeeIds) {
      const head = await deps.models.Notification.findById(notificationHeadId(employeeId), { version: 1 }).lean();
      if (!clients.has(employeeId)) versions.set(employeeId, head?.version ?? undefined);
    }
    const counts = await deps.unreadCounts(employeeIds);
    for (const employeeId of employeeIds) {
      send(res, 'notifications', { employeeId, unread: counts.get(employeeId) ?? 0 });
      const set = clients.get(employeeId) ?? new Set<Response>();
      set.add(res);
      clients.set(employeeId, set);
    }
    res.on('close', () => {
      for (const employeeId of employeeIds) {
        const set = clients.get(employeeId);
        set?.delete(res);
        if (set && set.size === 0) {
          clients.delete(employeeId);
          versions.delete(employeeId);
        }
      }
      if (clients.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    });
    if (!timer) {
      timer = setInterval(() => void poll(), pollMs);
      timer.unref();
    }
  }

  function close(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    for (const res of new Set([...clients.values()].flatMap((set) => [...set]))) res.end();
    clients.clear();
  }

  return { subscribe, close };
}

export type NotificationStream = ReturnType<typeof createNotificationStream>;
