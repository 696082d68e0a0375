/**
 * A sliding-window rate limiter kept in this process's memory. Enough for one API process; several API
 * processes behind a balancer would each count separately (the per-account lock in the database still
 * holds across them), so a shared store is the upgrade path, not a correctness fix.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the oldest counted attempt leaves the window (when refused). */
  retryAfterSeconds: number;
}

export interface SlidingWindowLimiter {
  /** Counts an attempt under `key` and says whether it is within the limit. */
  hit(key: string): RateLimitDecision;
  /** Forgets a key (e.g. after a successful login). */
  reset(key: string): void;
}

export function createSlidingWindowLimiter(options: { limit: number; windowMs: number; now?: () => number; maxKeys?: number }): SlidingWindowLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const hits = new Map<string, number[]>();

  function prune(key: string, at: number): number[] {
    const recent = (hits.get(key) ?? []).filter((t) => t > at - options.windowMs);
    if (recent.length) hits.set(key, recent);
    else hits.delete(key);
    return recent;
  }

  function hit(key: string): RateLimitDecision {
    const at = now();
    const recent = prune(key, at);
    if (recent.length >= options.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + options.windowMs - at) / 1000)) };
    }
    // A flood of distinct keys must not grow memory without bound: drop the oldest key first.
    if (!hits.has(key) && hits.size >= maxKeys) hits.delete(hits.keys().next().value as string);
    hits.set(key, [...recent, at]);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  return { hit, reset: (key) => void hits.delete(key) };
}
