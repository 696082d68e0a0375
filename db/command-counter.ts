/**
 * Counts the database commands a piece of work issues — every round-trip, not only the scans that
 * query-scan-log.ts reports — by who issued it (the activity type, or the API), and lists the ones that
 * make the embedded database read a whole collection. The routes benchmark and the round-trip budget test
 * read it per staff action; it needs a connection opened with `monitorCommands: true`.
 */
import { asyncLocalStorage as activityContext } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import { scansOf, type ScanCheck } from './query-scan-log';

/** Handshakes and health checks the driver sends on its own: not work the code asked for. */
const DRIVER_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'getMore', 'endSessions', 'killCursors']);

export interface CountedCommand {
  context: string;
  command: string;
  collection: string;
}

export interface CommandCount {
  total: number;
  /**
   * Round-trips one after another: a command started while none was in flight begins a new one; commands
   * sent side by side share it. What an action's latency pays for, where `total` is what the database's CPU does.
   */
  roundTrips: number;
  /** `context command collection` → count, e.g. `activity recordTransition insert audit_events` → 1. */
  byKind: Record<string, number>;
  scans: Array<ScanCheck & { context: string }>;
}

/** The activity issuing the command, or the API; read without `Context.current()`, which throws (and builds a stack) outside one. */
function contextOfCommand(): string {
  const activity = activityContext.getStore();
  return activity ? `activity ${activity.info.activityType}` : 'api';
}

/**
 * `paused`: counts nothing until `resume()`. The routes benchmark counts only its one-at-a-time walks, so that
 * counting (an event per command, kept in memory) does not add to the CPU and memory the concurrent run measures.
 */
export function attachCommandCounter(connection: Connection, options: { paused?: boolean } = {}) {
  let counting = !options.paused;
  let commands: CountedCommand[] = [];
  let scans: CommandCount['scans'] = [];
  let roundTrips = 0;
  const inFlight = new Set<number>();
  const client = connection.getClient();
  const settled = (ev: { requestId: number }) => inFlight.delete(ev.requestId);
  client.on('commandSucceeded', settled);
  client.on('commandFailed', settled);
  client.on('commandStarted', (ev) => {
    if (!counting || DRIVER_COMMANDS.has(ev.commandName)) return;
    if (inFlight.size === 0) roundTrips++;
    inFlight.add(ev.requestId);
    const context = contextOfCommand();
    const command = ev.command as Record<string, unknown>;
    commands.push({ context, command: ev.commandName, collection: String(command[ev.commandName] ?? '?') });
    for (const scan of scansOf(ev.commandName, command)) scans.push({ ...scan, context });
  });
  return {
    pause(): void {
      counting = false;
      inFlight.clear();
    },
    resume(): void {
      counting = true;
    },
    reset(): void {
      commands = [];
      scans = [];
      roundTrips = 0;
    },
    count(): CommandCount {
      const byKind: Record<string, number> = {};
      for (const c of commands) {
        const key = `${c.context} ${c.command} ${c.collection}`;
        byKind[key] = (byKind[key] ?? 0) + 1;
      }
      return { total: commands.length, roundTrips, byKind, scans: [...scans] };
    },
  };
}

export type CommandCounter = ReturnType<typeof attachCommandCounter>;
