/**
 * The unread count, kept live: one EventSource per tab on the server's stream (opened with a short-lived
 * ticket, since EventSource cannot send the bearer token), reopened with a fresh ticket when it drops.
 * Screens subscribe with useUnreadNotifications().
 */
import { useEffect, useState } from 'react';
import { apiGet, apiPost } from '../api/client';

type Listener = (unread: number) => void;
const listeners = new Set<Listener>();
let current: number | undefined;
let source: EventSource | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;

function publish(unread: number): void {
  current = unread;
  for (const l of listeners) l(unread);
}

/** Asks the server now (after this tab marked something read, or when the stream cannot be opened). */
export async function refreshUnread(): Promise<void> {
  try {
    publish((await apiGet<{ unread: number }>('/api/me/notifications', { pageSize: 1 })).unread);
  } catch {
    // The stream or the next refresh will tell.
  }
}

async function open(): Promise<void> {
  if (source || listeners.size === 0) return;
  try {
    const ticket = await apiPost<{ url: string }>('/api/me/notifications/stream-tickets');
    if (listeners.size === 0) return;
    const es = new EventSource(ticket.url);
    source = es;
    es.addEventListener('notifications', (e) => publish((JSON.parse((e as MessageEvent<string>).data) as { unread: number }).unread));
    es.onerror = () => {
      // A closed stream (expired ticket, server restart) is reopened with a new ticket.
      if (es.readyState === EventSource.CLOSED) {
        source = undefined;
        schedule();
      }
    };
  } catch {
    schedule();
  }
}

function schedule(): void {
  if (retry) return;
  retry = setTimeout(() => {
    retry = undefined;
    void refreshUnread();
    void open();
  }, 5000);
}

function close(): void {
  source?.close();
  source = undefined;
  if (retry) clearTimeout(retry);
  retry = undefined;
}

export function useUnreadNotifications(): number | undefined {
  const [unread, setUnread] = useState<number | undefined>(current);
  useEffect(() => {
    listeners.add(setUnread);
    if (current === undefined) void refreshUnread();
    void open();
    return () => {
      listeners.delete(setUnread);
      if (listeners.size === 0) close();
    };
  }, []);
  return unread;
}
