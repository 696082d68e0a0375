/**
 * The one way the UI talks to the server: the public JSON API under /api with the bearer token of the
 * signed-in session. Every failure becomes an ApiProblem carrying the RFC 9457 body (detail and per-field
 * errors), so screens can show the server's own words next to the fields at fault.
 */
const TOKEN_KEY = 'qujat.token';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    readonly type?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  /** The problem type's last segment, e.g. "agreement-required". */
  get slug(): string | undefined {
    return this.type?.split('/').pop();
  }

  /** Messages for one field; matches "body.title" as well as "title", and nested paths under it. */
  fieldErrors(field: string): string[] {
    return this.errors
      .filter((e) => {
        const f = e.field.replace(/^(body|query|params)\./, '');
        return f === field || f.startsWith(`${field}.`);
      })
      .map((e) => e.message);
  }
}

/** Tokens live in sessionStorage: closing the tab ends the session on this computer. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** Fired when the server says the session is gone, so the app returns to the sign-in screen. */
export const SIGNED_OUT_EVENT = 'qujat:signed-out';

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (e.g. a file); otherwise `body` is JSON. */
  raw?: Blob | ArrayBuffer;
  rawType?: string;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function problemOf(res: Response): Promise<ApiProblem> {
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> | undefined;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  const errors = Array.isArray(body?.errors) ? (body.errors as FieldError[]) : [];
  const title = typeof body?.title === 'string' ? body.title : res.statusText || `HTTP ${res.status}`;
  const detail = typeof body?.detail === 'string' ? body.detail : body ? undefined : text.slice(0, 300) || undefined;
  return new ApiProblem(res.status, title, detail, errors, typeof body?.type === 'string' ? body.type : undefined, body);
}

/** A raw response (for downloads); throws ApiProblem on any non-2xx answer. */
export async function apiFetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['Content-Type'] = options.rawType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), { method, headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiProblem(0, 'Network error', 'The server cannot be reached. Check the connection and try again.');
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401 && token) {
      tokenStore.clear();
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT, { detail: problem.detail }));
    }
    throw problem;
  }
  return res;
}

/** JSON in, JSON out; 204 answers undefined. */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(method, path, options);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const apiGet = <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => api<T>('GET', path, { query, signal });
export const apiPost = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });

export const isProblem = (error: unknown): error is ApiProblem => error instanceof ApiProblem;
