/**
 * Reads a process uses again for a short while (`QUJAT_TOKEN_TRUST_MS`, 1 s by default) instead of asking the
 * database on every request or action: the version tokens of the reference data kept in memory
 * (db/version-token.ts) and the login sessions (api/middleware/authenticate.ts). Each was one of the dozen or
 * so commands of every staff action.
 *
 * What that costs is bounded and stated: a change written by another process is seen here up to that long
 * after it was written. A change written by this process is seen at once: its writer calls `forget` for what
 * it wrote (scopes are keyed by database name, so a write through any connection of the process counts),
 * which drops what was kept, and a read that was on its way while it was written answers its caller but is
 * not kept. Reads of one key asked while one is on its way share it. With 0, nothing is kept beyond the read
 * on its way.
 */
import type { Connection } from 'mongoose';

/** How long a read is used without asking again; a bad value is a clear error at the first read. */
export function trustMs(): number {
  const raw = process.env.QUJAT_TOKEN_TRUST_MS;
  if (raw === undefined || raw === '') return 1_000;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`QUJAT_TOKEN_TRUST_MS must be a number of milliseconds >= 0, got "${raw}"`);
  return ms;
}

interface Scope<T> {
  /** Moved by every `forget`: a read started under an older value is answered but not kept. */
  writes: number;
  /** `readAt`: when the read was sent (trusted from then on, not from its answer). */
  kept: Map<string, { value: T; readAt: number }>;
  pending: Map<string, Promise<T>>;
}

export interface TrustedReads<T> {
  read(connection: Connection, key: string, load: () => Promise<T>): Promise<T>;
  /**
   * After a write in this process: what was kept under `key` in this scope of this database (without a key,
   * everything kept in it) is read again.
   */
  forget(connection: Connection, key?: string): void;
}

/**
 * One kind of trusted read. `scope` names it within a database (a token's collection, `sessions`); `maxKept`
 * bounds the entries kept per scope (past it, the scope starts again empty).
 */
export function trustedReads<T>(scope: string, maxKept = 10_000): TrustedReads<T> {
  const scopes = new Map<string, Scope<T>>();
  const scopeOf = (connection: Connection): Scope<T> => {
    const name = `${connection.name}\u0000${scope}`;
    let s = scopes.get(name);
    if (!s) {
      // One per database: a handful in a running system, one more per test database.
      if (scopes.size >= 1_000) scopes.clear();
      s = { writes: 0, kept: new Map(), pending: new Map() };
      scopes.set(name, s);
    }
    return s;
  };

  async function read(connection: Connection, key: string, load: () => Promise<T>): Promise<T> {
    const ms = trustMs();
    const s = scopeOf(connection);
    const now = Date.now();
    const kept = s.kept.get(key);
    if (kept && now - kept.readAt < ms) return kept.value;
    const onItsWay = s.pending.get(key);
    if (onItsWay) return onItsWay;
    const writes = s.writes;
    const reading = load();
    s.pending.set(key, reading);
    try {
      const value = await reading;
      if (s.writes === writes && ms > 0) {
        if (s.kept.size >= maxKept) s.kept.clear();
        s.kept.set(key, { value, readAt: now });
      }
      return value;
    } finally {
      if (s.pending.get(key) === reading) s.pending.delete(key);
    }
  }

  function forget(connection: Connection, key?: string): void {
    const s = scopeOf(connection);
    // Any write of the scope: no read on its way in it is kept (one of another key is only read again).
    s.writes += 1;
    if (key === undefined) {
      s.kept.clear();
      s.pending.clear();
    } else {
      s.kept.delete(key);
      s.pending.delete(key);
    }
  }

  return { read, forget };
}
