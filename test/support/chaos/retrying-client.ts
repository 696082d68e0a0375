/**
 * The chaos test's HTTP client behaves like a patient browser: a refused connection, a reset, a timeout or
 * a 5xx (the API or its database restarting) is retried with backoff; every 4xx is an answer.
 */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface RetryingClient {
  call(method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** Attempts that failed and were retried (connection errors, timeouts, 5xx). */
  readonly retries: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createRetryingClient(baseUrl: () => string, opts: { attemptTimeoutMs?: number; giveUpAfterMs?: number } = {}): RetryingClient {
  let retries = 0;
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? 45_000;
  const giveUpAfterMs = opts.giveUpAfterMs ?? 240_000;

  async function call(method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
    const giveUpAt = Date.now() + giveUpAfterMs;
    let delay = 200;
    let last = '';
    for (;;) {
      try {
        const res = await fetch(`${baseUrl()}${path}`, {
          method,
          headers: { ...headers, Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(attemptTimeoutMs),
        });
        const text = await res.text();
        if (res.status < 500) return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
        last = `${res.status} ${text.slice(0, 200)}`;
      } catch (error) {
        last = `${(error as Error).name}: ${(error as Error).message}`;
      }
      retries += 1;
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path} kept failing for ${giveUpAfterMs / 1000} s; last: ${last}`);
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 3_000);
    }
  }

  return {
    call,
    get retries() {
      return retries;
    },
  };
}
