/**
 * Counts the database commands a piece of work issues — every round-trip, not only the scans that
 * query-scan-log.ts reports — by who issued it (the activity type, or the API), and lists the ones that
 * make the embedded database read a whole collection. The routes benchmark and the round-trip budget test
 * read it per staff action; it needs a connection opened with `monitorCommands: true`.
 */
import { Context as ActivityContext } from '@temporalio/activity';
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
  /** `context command collection` → count, e.g. `activity recordTransition insert audit_events` → 1. */
  byKind: Record<string, number>;
  scans: Array<ScanCheck & { context: string }>;
}

function contextOfCommand(): string {
  try {
    return `activity ${ActivityContext.current().info.activityType}`;
  } catch {
    return 'api';
  }
}

export function attachCommandCounter(connection: Connection) {
  let commands: CountedCommand[] = [];
  let scans: CommandCount['scans'] = [];
  connection.getClient().on('commandStarted', (ev) => {
    if (DRIVER_COMMANDS.has(ev.commandName)) return;
    const context = contextOfCommand();
    const command = ev.command as Record<string, unknown>;
    commands.push({ context, command: ev.commandName, collection: String(command[ev.commandName] ?? '?') });
    for (const scan of scansOf(ev.commandName, command)) scans.push({ ...scan, context });
  });
  return {
    reset(): void {
      commands = [];
      scans = [];
    },
    count(): CommandCount {
      const byKind: Record<string, number> = {};
      for (const c of commands) {
        const key = `${c.context} ${c.command} ${c.collection}`;
        byKind[key] = (byKind[key] ?? 0) + 1;
      }
      return { total: commands.length, byKind, scans: [...scans] };
    },
  };
}

export type CommandCounter = ReturnType<typeof attachCommandCounter>;
