/**
 * fast-check arbitraries for malformed and hostile HTTP requests (test/api/fuzz.test.ts).
 * A request is described as data first (so a failure prints, and shrinks to, something readable) and only
 * then sent with supertest.
 */
import fc from 'fast-check';
import type TestAgent from 'supertest/lib/agent';

export type Identity = { kind: 'anonymous' } | { kind: 'forged'; header: string } | { kind: 'role'; role: string };

export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; bytes: Buffer; what: string };

export interface HostileRequest {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The route's declared path, for coverage and messages. */
  route: string;
  path: string;
  query: string;
  identity: Identity;
  body: BodySpec;
}

const OPERATORS = ['$gt', '$ne', '$where', '$regex', '$exists', '$in', '$expr', '$function', '__proto__', 'constructor'];
const TRAVERSAL = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '....//....//etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', '%00', 'a\u0000b', '..\\..\\boot.ini'];
const FIELD_NAMES = [
  'title', 'type', 'id', 'login', 'password', 'comment', 'reason', 'text', 'cms', 'code', 'name', 'filename', 'view', 'participants',
  'approvers', 'signer', 'fields', 'roles', 'email', 'date', 'kind', 'challenge', 'onBehalfOf', 'resolutionId', 'status', 'format',
];

/** Values of every wrong shape, including operator objects and strings that try to escape a path. */
export const hostileScalar = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER, '', ' ', '\u202e', '\ufeff', 'null', 'undefined', '{}', '[]'),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...TRAVERSAL),
    fc.integer(),
    fc.double(),
    fc.constantFrom(...OPERATORS).map((op) => ({ [op]: '' })),
    fc.constantFrom(...OPERATORS).map((op) => ({ [op]: [1, 'x'] })),
    fc.nat({ max: 3 }).map((n) => 'x'.repeat([5_000, 70_000, 300_000, 900_000][n])),
  );

const hostileObject = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...OPERATORS), fc.string({ maxLength: 12 })), hostileScalar(), { maxKeys: 6 });

/** JSON documents: hostile objects, nested a little, arrays, bare scalars. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileObject() },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileObject(), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.array(hostileScalar(), { maxLength: 5 }) },
    { weight: 1, arbitrary: hostileScalar() },
  );

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bodies that are not what they claim: deep, oversized, not UTF-8, not JSON, wrong media types. */
export const rawBody = (): fc.Arbitrary<BodySpec> =>
  fc.oneof(
    // Oversized bodies cost about a second each to send: rare, but every run has some.
    { weight: 3, arbitrary: fc.constantFrom(10_000, 100_000).map((d) => ({ kind: 'raw' as const, contentType: 'application/json', bytes: Buffer.from(nested(d)), what: `JSON nested ${d} deep` })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, contentType: 'application/json', bytes: Buffer.from(`["${'x'.repeat(1_200_000)}"]`), what: 'JSON over 1 MB' }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, contentType: 'application/octet-stream', bytes: Buffer.alloc(3 * 1024 * 1024, 7), what: '3 MB of bytes' }) },
    { weight: 10, arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 8 })
      .map((bytes) => ({ kind: 'raw' as const, contentType: 'application/json', bytes: Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xc0, ...bytes]), Buffer.from('"}')]), what: 'invalid UTF-8 in JSON' })) },
    { weight: 10, arbitrary: fc.constantFrom('{"title": ', '{title: 1}', "{'a':1}", '\u0000', '[1,]', 'NaN', '{"a":1}{"b":2}', '').map((text) => ({ kind: 'raw' as const, contentType: 'application/json', bytes: Buffer.from(text), what: `malformed JSON ${JSON.stringify(text)}` })) },
    { weight: 10, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'application/json; charset=utf-16').map((contentType) => ({
      kind: 'raw' as const,
      contentType,
      bytes: Buffer.from('title[$gt]=&type=outgoing-letter'),
      what: `body as ${contentType}`,
    })) },
  );

export const hostileBody = (): fc.Arbitrary<BodySpec> =>
  fc.oneof({ weight: 5, arbitrary: hostileJson().map((value) => ({ kind: 'json' as const, value })) }, { weight: 3, arbitrary: rawBody() }, { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) });

/** Query strings with operator brackets, repeated keys, traversal and broken percent-encoding. */
export const hostileQuery = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(''),
    fc.constantFrom('view[$ne]=x', 'view[$gt]=', 'q[$regex]=.*', 'page=-1', 'page=1e309', 'pageSize=100000000', 'sort=__proto__', 'view=for-approval&view=overdue', 'filename=..%2F..%2Fetc%2Fpasswd', '%E0%A4%A', 'a=%ff%fe', 'from=2026-13-45', '__proto__[x]=1', 'constructor[prototype][x]=1'),
    fc.dictionary(fc.constantFrom('view', 'q', 'page', 'pageSize', 'sort', 'filename', 'kind', 'from', 'to', 'year', 'status'), fc.string({ maxLength: 30 }), { maxKeys: 4 }).map((d) => new URLSearchParams(d).toString()),
  );

/** Path parameters: the real ids the caller knows, or junk of every kind (percent-encoded as a browser would). */
export const paramValue = (real: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...real).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(...TRAVERSAL).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', '%E0%A4%A', '%ff', '%00', 'x'.repeat(5000), '$gt', '{"$ne":1}', '-1', '0', 'NaN') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent) },
  );

export const identity = (roles: readonly string[]): fc.Arbitrary<Identity> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom('Bearer ', 'Bearer null', 'Basic YWRtaW46YWRtaW4=', 'bearer AAAAAAAAAAAAAAAAAAAAAAAA', 'Bearer ../../etc/passwd', `Bearer ${'A'.repeat(5000)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'),
          fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/).map((t) => `Bearer ${t}`),
        )
        .map((header) => ({ kind: 'forged' as const, header })),
    },
    { weight: 6, arbitrary: fc.constantFrom(...roles).map((role) => ({ kind: 'role' as const, role })) },
  );

/** Fills `:name` segments of an Express path with generated values. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => values[name] ?? 'x');
}

export function describeRequest(r: HostileRequest): string {
  const body = r.body.kind === 'raw' ? `${r.body.what} as ${r.body.contentType}` : r.body.kind === 'json' ? JSON.stringify(r.body.value)?.slice(0, 200) : 'no body';
  const who = r.identity.kind === 'role' ? r.identity.role : r.identity.kind === 'forged' ? `forged ${r.identity.header.slice(0, 40)}` : 'anonymous';
  return `${r.method.toUpperCase()} ${r.path.slice(0, 200)}${r.query ? `?${r.query.slice(0, 100)}` : ''} as ${who} with ${body}`;
}

/** Sends it; the bearer header of a role comes from `tokenOf`. */
export function send(http: TestAgent, r: HostileRequest, authorization: string | undefined) {
  const url = r.query ? `${r.path}?${r.query}` : r.path;
  let req = http[r.method](url).timeout({ response: 30_000, deadline: 60_000 });
  if (authorization !== undefined) req = req.set('Authorization', authorization);
  if (r.body.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(r.body.value) ?? 'null');
  // The identity serializer: superagent would otherwise send a Buffer under a JSON type as {"type":"Buffer",…}.
  else if (r.body.kind === 'raw') req = req.set('Content-Type', r.body.contentType).serialize((bytes: Buffer) => bytes as unknown as string).send(r.body.bytes);
  return req.ok(() => true);
}
