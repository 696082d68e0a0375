/**
 * Bad input at scale: malformed and hostile requests to every endpoint the registry lists, as
 * nobody, with forged tokens, and as a signed-in user of each role. No 5xx, no crash, every refusal an RFC 9457
 * problem (naming the field for 422), nothing stored by a refused request, the audit chain intact.
 *
 *   npx jest test/api/fuzz.test.ts                 bounded: 1500 requests
 *   QUJAT_FULL=1 npx jest test/api/fuzz.test.ts    20 000 requests
 *   QUJAT_FUZZ_SEED=<n>                            replays a failing run
 */
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createAuditChain } from '../../domain/audit/audit-chain';
import { createApp } from '../../api/app';
import { createSigningEngineEds } from '../../api/auth/signing-engine-eds';
import { createCrl, createTestCa } from '../../client/dev-ca';
import { ROLES } from '../../db/models/employee';
import { createCrlRevocationSource, createVerificationContext } from '../../signing';
import { describeRequest, fillPath, hostileBody, hostileQuery, identity, paramValue, send, type HostileRequest } from '../support/hostile-requests';
import { startTestSystem, type TestSystem } from '../support/system';

const FULL = process.env.QUJAT_FULL === '1';
const REQUESTS = Number(process.env.QUJAT_FUZZ_REQUESTS ?? (FULL ? 20_000 : 1_500));
const SEED = process.env.QUJAT_FUZZ_SEED ? Number(process.env.QUJAT_FUZZ_SEED) : Date.now() % 2 ** 31;

/** Rows these collections gain are the point of a refusal (audit trail, read log: docs/oversight.md) or of the test's own sign-ins. */
const EXPECTED_TO_GROW = new Set(['audit_events', 'sessions', 'auth_challenges', 'read_log', 'read_log_chain']);

let sys: TestSystem;
let http: TestAgent;
let realIds: Record<string, string[]>;
const tokens = new Map<string, string>();

async function rowCounts(): Promise<Record<string, number>> {
  const collections = await sys.db.db!.listCollections({}, { nameOnly: true }).toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections) counts[name] = await sys.db.db!.collection(name).countDocuments();
  return counts;
}

beforeAll(async () => {
  sys = await startTestSystem();
  // Its own app, with EDS sign-in configured against a throwaway CA, so the EDS endpoints verify for real.
  const ca = createTestCa({ keyType: 'ec', name: 'Fuzz' });
  const app = createApp({
    config: { temporal: { taskQueue: sys.taskQueue, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', port: 0, uiPort: 0 } },
    db: sys.db,
    models: sys.models,
    temporal: sys.temporal,
    audit: createAuditChain(sys.models.AuditEvent),
    // QUJAT_FUZZ_LOG=1 shows the logged cause of a 500.
    logger: pino({ level: process.env.QUJAT_FUZZ_LOG === '1' ? 'error' : 'silent' }),
    eds: createSigningEngineEds(createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] })),
  });
  http = request(app.app);
  await sys.addPeople([{ id: 'owner' }, { id: 'owner-signer' }, ...ROLES.map((role) => ({ id: `fuzz-${role}`, roles: ['employee' as const, role] }))]);
  // A real document the fuzzing users do not take part in: ids that exist must be refused as firmly as junk.
  const ownerToken = await sys.tokenFor('owner');
  const created = await sys.http
    .post('/api/documents')
    .set('Authorization', `Bearer ${ownerToken}`)
    .send({ type: 'outgoing-letter', title: 'Fuzz target', participants: { approvers: ['owner-signer'], signer: 'owner-signer' } })
    .expect(201);
  // Signed in (and agreed) before the counts are taken, so the test's own sign-ins are not counted as stored input.
  for (const role of ROLES) tokens.set(`fuzz-${role}`, await sys.tokenFor(`fuzz-${role}`));
  realIds = {
    id: [created.body.id as string, 'owner', 'unit-a', 'outgoing-letter'],
    attachmentId: ['a1', created.body.id as string],
    signatureId: ['s1'],
    code: ['incoming', 'outgoing'],
    key: ['outgoing-letter', 'incoming-paper'],
    version: ['1', '2'],
    date: ['2026-12-01', '2026-02-30'],
  };
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

async function authorization(r: HostileRequest): Promise<string | undefined> {
  if (r.identity.kind === 'anonymous') return undefined;
  if (r.identity.kind === 'forged') return r.identity.header;
  const who = `fuzz-${r.identity.role}`;
  let token = tokens.get(who);
  if (!token) {
    token = await sys.tokenFor(who);
    tokens.set(who, token);
  }
  return `Bearer ${token}`;
}

/** Requests that end the caller's session or consent: the next request of that role signs in again. */
const ENDS_SESSION = new Set(['/api/auth/logout', '/api/me/agreement/withdraw', '/api/me/password']);

it(`${REQUESTS} hostile requests to every endpoint: no 5xx, problem+json refusals, nothing stored`, async () => {
  const routes = sys.app.registry.routes.length ? createdRoutes() : [];
  expect(routes.length).toBeGreaterThan(40);
  const before = await rowCounts();
  const statuses = new Map<number, number>();
  const seenRoutes = new Set<string>();
  const accepted: string[] = [];
  const started = Date.now();

  const requestFor = (route: fc.Arbitrary<(typeof routes)[number]>): fc.Arbitrary<HostileRequest> => fc
    .record({
      route,
      params: fc.record(Object.fromEntries(Object.entries(realIds).map(([name, real]) => [name, paramValue(real)]))),
      query: hostileQuery(),
      identity: identity(ROLES),
      body: hostileBody(),
    })
    .map(({ route, params, query, identity: who, body }) => ({
      method: route.method,
      route: route.path,
      path: fillPath(route.path, params as Record<string, string>),
      query,
      identity: who,
      body: route.method === 'get' || route.method === 'delete' ? (body.kind === 'raw' ? body : { kind: 'none' as const }) : body,
    }));

  async function probe(r: HostileRequest): Promise<void> {
    const t0 = Date.now();
    const res = await send(http, r, await authorization(r));
    const what = describeRequest(r);
    if (process.env.QUJAT_FUZZ_LOG === '1' && Date.now() - t0 > Number(process.env.QUJAT_FUZZ_SLOW_MS ?? 300)) console.log(`[fuzz] slow ${Date.now() - t0} ms: ${res.status} ${what}`);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    seenRoutes.add(`${r.method} ${r.route}`);
    if (res.status >= 500) throw new Error(`${res.status} for ${what}: ${res.text.slice(0, 300)}`);
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) throw new Error(`${res.status} without problem+json for ${what}`);
      const body = JSON.parse(res.text) as Record<string, unknown>;
      if (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== res.status) {
        throw new Error(`malformed problem for ${what}: ${res.text.slice(0, 300)}`);
      }
      if (res.status === 422) {
        const errors = body.errors as Array<{ field?: unknown }> | undefined;
        const named = Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e.field === 'string' && e.field.length > 0);
        // A workflow validator's refusal (422 with a `refusal` type) explains itself in detail, not per field.
        if (!named && typeof body.refusal !== 'string' && typeof body.detail !== 'string') throw new Error(`422 names no field for ${what}: ${res.text.slice(0, 300)}`);
      }
    } else if (r.method !== 'get') {
      accepted.push(`${res.status} ${what}`);
      if (r.identity.kind === 'role' && ENDS_SESSION.has(r.route)) tokens.delete(`fuzz-${r.identity.role}`);
    }
  }

  await fc.assert(fc.asyncProperty(requestFor(fc.constantFrom(...routes)), probe), { numRuns: REQUESTS, seed: SEED, endOnFailure: !FULL });
  // A route the random draw missed (with 200 routes, about one run in eight misses one) gets hostile requests of
  // its own, so that every endpoint is tried whatever the seed.
  for (const route of routes.filter((r) => !seenRoutes.has(`${r.method} ${r.path}`))) {
    for (const r of fc.sample(requestFor(fc.constant(route)), { numRuns: 5, seed: SEED })) await probe(r);
  }

  // Still alive and still answering.
  await http.get('/healthz').expect(200);
  const after = await rowCounts();
  const grown = Object.keys(after).filter((c) => !EXPECTED_TO_GROW.has(c) && (after[c] ?? 0) !== (before[c] ?? 0));
  const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `[fuzz] seed ${SEED}: ${REQUESTS} requests to ${seenRoutes.size}/${routes.length} endpoints in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `statuses ${summary}; ${accepted.length} mutations accepted${accepted.length ? `:\n  ${accepted.slice(0, 20).join('\n  ')}` : ''}; ` +
      `collections changed: ${grown.map((c) => `${c} ${before[c] ?? 0}→${after[c]}`).join(', ') || 'none'}`,
  );
  // Every endpoint was tried (a route the fuzzer never reaches proves nothing).
  expect(seenRoutes.size).toBe(routes.length);
  // Nothing is stored unless a request was accepted, and then no more rows than accepted requests.
  if (accepted.length === 0) expect(grown).toEqual([]);
  const added = grown.reduce((n, c) => n + Math.max(0, after[c] - (before[c] ?? 0)), 0);
  expect(added).toBeLessThanOrEqual(accepted.length * 3);
  // Refusals were audited without breaking the chain.
  const verdict = await createAuditChain(sys.models.AuditEvent).verify();
  expect(verdict).toMatchObject({ ok: true });
}, FULL ? 3_600_000 : 300_000);

function createdRoutes() {
  return sys.app.registry.routes.map((r) => ({ method: r.method as HostileRequest['method'], path: r.path }));
}
