/**
 * The unread count, kept live over Server-Sent Events. Browsers allow only 6 connections per server over
 * HTTP/1.1, so a stream per tab would stall the 7th tab: one tab (holding a Web Lock) keeps ONE EventSource
 * for all tabs of the browser, opened with every tab's short-lived ticket (EventSource cannot send the
 * bearer token; tabs may belong to different people), and relays each person's count over a
 * BroadcastChannel. When the leading tab closes, another takes the lock. Without Web Locks (a page not in
 * a secure context) each tab keeps its own stream.
 */
import { useEffect, useState } from 'react';
import { apiGet, apiPost } from '../api/client';

type Listener = (unread: number) => void;
interface Ticket {
  ticket: string;
  employeeId: string;
}
type Message =
  | { type: 'ticket'; tabId: string; ticket: string; employeeId: string }
  | { type: 'bye'; tabId: string }
  | { type: 'unread'; employeeId: string; unread: number }
  | { type: 'renew' };

const listeners = new Set<Listener>();
const tabId = Math.random().toString(36).slice(2);
let current: number | undefined;
let mine: Ticket | undefined;
let started = false;
let channel: BroadcastChannel | undefined;
/** Set while this tab leads: its own announcements do not come back over the channel. */
let leaderTicket: ((t: Ticket) => void) | undefined;
let announce: ((renew: boolean) => Promise<void>) | undefined;

function publish(unread: number): void {
  current = unread;
  for (const l of listeners) l(unread);
}

/** Asks the server now (after this tab marked something read, or while the stream is down). */
export async function refreshUnread(): Promise<void> {
  try {
    publish((await apiGet<{ unread: number }>('/api/me/notifications', { pageSize: 1 })).unread);
  } catch {
    // The stream or the next refresh will tell.
  }
}

async function newTicket(): Promise<Ticket> {
  const t = await apiPost<{ ticket: string; employeeId: string }>('/api/me/notifications/stream-tickets');
  mine = { ticket: t.ticket, employeeId: t.employeeId };
  return mine;
}

function onCount(employeeId: string, unread: number): void {
  if (mine && employeeId === mine.employeeId) publish(unread);
}

/** The leading tab: one EventSource with every tab's ticket; reopened when the set of tabs changes. */
function lead(): Promise<void> {
  const tickets = new Map<string, Ticket>();
  let source: EventSource | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    source?.close();
    const list = [...new Set([...tickets.values()].map((t) => t.ticket))];
    if (!list.length) return;
    const es = new EventSource(`/api/me/notifications/stream?ticket=${list.join(',')}`);
    source = es;
    es.addEventListener('notifications', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { employeeId: string; unread: number };
      onCount(data.employeeId, data.unread);
      channel?.postMessage({ type: 'unread', employeeId: data.employeeId, unread: data.unread } satisfies Message);
    });
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return;
      // A ticket expired or the server restarted: every tab sends a fresh ticket, then the stream reopens.
      tickets.clear();
      setTimeout(() => {
        void newTicket().then((t) => {
          tickets.set(tabId, t);
          schedule();
        });
        channel?.postMessage({ type: 'renew' } satisfies Message);
      }, 3000);
    };
  };
  const schedule = () => {
    if (reopen) clearTimeout(reopen);
    reopen = setTimeout(open, 300);
  };

  channel?.addEventListener('message', (e: MessageEvent<Message>) => {
    const m = e.data;
    if (m.type === 'ticket') {
      tickets.set(m.tabId, { ticket: m.ticket, employeeId: m.employeeId });
      schedule();
    } else if (m.type === 'bye') {
      tickets.delete(m.tabId);
      schedule();
    }
  });
  leaderTicket = (t) => {
    tickets.set(tabId, t);
    schedule();
  };
  if (mine) tickets.set(tabId, mine);
  channel?.postMessage({ type: 'renew' } satisfies Message);
  schedule();
  // Held until the tab closes.
  return new Promise<void>(() => undefined);
}

/** Each tab's own stream, where Web Locks are missing. */
function standalone(): void {
  const open = async () => {
    const t = await newTicket();
    const es = new EventSource(`/api/me/notifications/stream?ticket=${t.ticket}`);
    es.addEventListener('notifications', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { employeeId: string; unread: number };
      onCount(data.employeeId, data.unread);
    });
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setTimeout(() => void open().catch(() => undefined), 5000);
    };
  };
  void open().catch(() => setTimeout(standalone, 5000));
}

async function start(): Promise<void> {
  if (started) return;
  started = true;
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks || typeof BroadcastChannel === 'undefined') {
    standalone();
    return;
  }
  channel = new BroadcastChannel('qujat-notifications');
  announce = async (renew: boolean) => {
    const t = renew || !mine ? await newTicket() : mine;
    channel?.postMessage({ type: 'ticket', tabId, ticket: t.ticket, employeeId: t.employeeId } satisfies Message);
    leaderTicket?.(t);
  };
  channel.addEventListener('message', (e: MessageEvent<Message>) => {
    const m = e.data;
    if (m.type === 'unread') onCount(m.employeeId, m.unread);
    else if (m.type === 'renew') void announce?.(true).catch(() => undefined);
  });
  window.addEventListener('pagehide', () => channel?.postMessage({ type: 'bye', tabId } satisfies Message));
  try {
    await newTicket();
  } catch {
    // Announced when the leader asks.
  }
  void announce(false).catch(() => undefined);
  void locks.request('qujat-notifications-stream', () => lead());
}

export function useUnreadNotifications(): number | undefined {
  const [unread, setUnread] = useState<number | undefined>(current);
  useEffect(() => {
    listeners.add(setUnread);
    if (current === undefined) void refreshUnread();
    // Signed in again in this tab (perhaps as someone else): a ticket of the new session.
    if (started) void announce?.(true).catch(() => undefined);
    void start();
    return () => {
      listeners.delete(setUnread);
      if (listeners.size === 0) current = undefined;
    };
  }, []);
  return unread;
}
