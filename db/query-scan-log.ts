/**
 * Diagnostic: which queries make the embedded database read a whole collection.
 *
 * FerretDB v1 on SQLite pushes down exactly one kind of filter: one naming `_id` with a string or ObjectId
 * value (stock FerretDB only when `_id` is the single key; ours also beside other keys, which it checks on that
 * one row: scripts/setup-tools.mjs, FERRET_PATCHES). Every other find, count, aggregate, distinct, update, delete or findAndModify decodes the whole collection
 * in Go, so its cost grows with the data (README, "Known limits"). With `QUJAT_LOG_SCANS=1`, connectDatabase
 * turns on the driver's command monitoring and this module counts every such command by context (the HTTP
 * route or the activity type that issued it), collection, operation and filter shape, and prints a sorted
 * table when the connection closes (and at process exit for whatever was not printed yet).
 * `QUJAT_LOG_SCANS_FILE=<path>` also appends the tables to a file (jest workers' stderr is easy to lose).
 *
 * Off by default and off in production: it costs a listener per command.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { Context as ActivityContext } from '@temporalio/activity';
import type { NextFunction, Request, Response } from 'express';
import type { Connection } from 'mongoose';

export const scanLogEnabled = (): boolean => process.env.QUJAT_LOG_SCANS === '1';

type Filter = Record<string, unknown>;

export interface ScanCheck {
  collection: string;
  op: string;
  /** The filter with values replaced by their type: `{employeeId: string, status: string}`. */
  shape: string;
}

const isObjectId = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'ObjectId';

/** Whether FerretDB's SQLite backend can answer this filter by the primary key (collection.go, Query). */
export function isPushedDown(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  if (!Object.hasOwn(filter, '_id')) return false;
  const id = (filter as Filter)._id;
  return typeof id === 'string' || isObjectId(id);
}

/** A filter's shape: keys and operators kept, values replaced by their type, so equal lookups group together. */
export function filterShape(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth > 3 ? '[…]' : `[${[...new Set(value.map((v) => filterShape(v, depth + 1)))].join('|')}]`;
  if (value instanceof Date) return 'date';
  if (isObjectId(value)) return 'oid';
  if (value instanceof RegExp) return 'regex';
  if (typeof value === 'object') {
    if (depth > 3) return '{…}';
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${k}: ${filterShape((value as Filter)[k], depth + 1)}`).join(', ')}}`;
  }
  return typeof value;
}

/**
 * The scans one wire command causes (an update or delete command carries several statements), or none.
 * Only the first `$match` of an aggregate is pushed down (aggregations.GetPushdownQuery).
 */
export function scansOf(commandName: string, command: Filter): ScanCheck[] {
  const collection = String(command[commandName] ?? '?');
  const check = (op: string, filter: unknown): ScanCheck[] =>
    isPushedDown(filter) ? [] : [{ collection, op, shape: filterShape(filter ?? {}) }];
  switch (commandName) {
    case 'find': {
      // An empty filter without sort or skip is answered with SQL LIMIT (msg_find.go): e.g. GridFS's index check.
      const empty = !command.filter || Object.keys(command.filter).length === 0;
      if (empty && Object.keys((command.sort as Filter | undefined) ?? {}).length === 0 && !command.skip && Number(command.limit) > 0) return [];
      return check('find', command.filter);
    }
    case 'count':
    case 'distinct':
      return check(commandName, command.query);
    case 'findAndModify':
      return check('findAndModify', command.query);
    case 'aggregate': {
      const first = (command.pipeline as Filter[] | undefined)?.[0];
      return check('aggregate', first && '$match' in first ? first.$match : {});
    }
    case 'update':
      return (command.updates as Array<{ q: unknown; upsert?: boolean }>).flatMap((u) => check(u.upsert ? 'upsert' : 'update', u.q));
    case 'delete':
      return (command.deletes as Array<{ q: unknown }>).flatMap((d) => check('delete', d.q));
    default:
      return [];
  }
}

/** Who issued a command: the HTTP route being served or the activity being run. */
interface HttpScope {
  req: Request;
}
const httpScope = new AsyncLocalStorage<HttpScope>();

function routeLabel(req: Request): string {
  return req.route ? `${req.method} ${req.baseUrl}${String(req.route.path)}` : `${req.method} (middleware, before routing)`;
}

function currentContext(): string {
  const http = httpScope.getStore();
  if (http) return `http ${routeLabel(http.req)}`;
  try {
    return `activity ${ActivityContext.current().info.activityType}`;
  } catch {
    return '(other)';
  }
}

interface Row {
  context: string;
  collection: string;
  op: string;
  shape: string;
  count: number;
  ms: number;
}

class ScanLog {
  private readonly rows = new Map<string, Row>();
  private readonly pending = new Map<number, Row>();
  /** Requests per route label and activity executions per type, to read the table per call. */
  private readonly calls = new Map<string, Set<string> | number>();
  private printed = true;

  constructor(private readonly name: string) {}

  started(commandName: string, command: Filter, requestId: number): void {
    const scans = scansOf(commandName, command);
    if (scans.length === 0) return;
    const context = currentContext();
    this.countCall(context);
    for (const scan of scans) {
      const key = `${context}\u0000${scan.collection}\u0000${scan.op}\u0000${scan.shape}`;
      let row = this.rows.get(key);
      if (!row) this.rows.set(key, (row = { context, ...scan, count: 0, ms: 0 }));
      row.count++;
      this.pending.set(requestId, row);
    }
    this.printed = false;
  }

  finished(requestId: number, durationMs: number): void {
    const row = this.pending.get(requestId);
    if (!row) return;
    this.pending.delete(requestId);
    row.ms += durationMs;
  }

  /** Counted when the response is sent, when the route is known. */
  request(req: Request): void {
    const label = `http ${routeLabel(req)}`;
    this.calls.set(label, ((this.calls.get(label) as number | undefined) ?? 0) + 1);
  }

  private countCall(context: string): void {
    if (!context.startsWith('activity ')) return;
    try {
      const info = ActivityContext.current().info;
      let seen = this.calls.get(context) as Set<string> | undefined;
      if (!seen) this.calls.set(context, (seen = new Set()));
      seen.add(`${info.workflowExecution?.workflowId}/${info.activityId}/${info.attempt}`);
    } catch {
      // not in an activity after all
    }
  }

  private callsOf(context: string): number | undefined {
    const c = this.calls.get(context);
    return c === undefined ? undefined : typeof c === 'number' ? c : c.size;
  }

  table(): string {
    const rows = [...this.rows.values()].sort((a, b) => b.count - a.count || b.ms - a.ms);
    const lines = [`full-collection scans on ${this.name} (filter not exactly {_id: <string>}), most frequent first:`];
    lines.push(['scans', 'per call', 'ms', 'context (calls)', 'collection', 'op', 'filter shape'].join('\t'));
    for (const r of rows) {
      const calls = this.callsOf(r.context);
      lines.push([
        r.count,
        calls ? (r.count / calls).toFixed(2) : '-',
        r.ms.toFixed(0),
        `${r.context} (${calls ?? '?'})`,
        r.collection,
        r.op,
        r.shape,
      ].join('\t'));
    }
    const total = rows.reduce((s, r) => s + r.count, 0);
    lines.push(`total: ${total} scans in ${rows.length} shapes`);
    return lines.join('\n') + '\n';
  }

  print(): void {
    if (this.printed) return;
    this.printed = true;
    const text = this.table();
    process.stderr.write(text);
    const file = process.env.QUJAT_LOG_SCANS_FILE;
    if (file) appendFileSync(file, text + '\n');
  }
}

const logs = new Set<ScanLog>();
let exitHooked = false;

/** Starts counting on a connection opened with `monitorCommands: true`; prints when it closes. */
export function attachScanLog(connection: Connection): void {
  const log = new ScanLog(connection.name);
  logs.add(log);
  const client = connection.getClient();
  client.on('commandStarted', (ev) => log.started(ev.commandName, ev.command as Filter, ev.requestId));
  client.on('commandSucceeded', (ev) => log.finished(ev.requestId, ev.duration));
  client.on('commandFailed', (ev) => log.finished(ev.requestId, ev.duration));
  connection.on('close', () => log.print());
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => logs.forEach((l) => l.print()));
  }
}

/** Express middleware: attributes the commands a request issues to its route (installed only when enabled). */
export function scanLogMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => logs.forEach((l) => l.request(req)));
    httpScope.run({ req }, next);
  };
}
