/**
 * Faults: documents walk their standard routes through the API while the worker, the API, the
 * Temporal server (keeping its database file) and the database server (keeping its data dir) are killed
 * with SIGKILL and restarted. Afterwards every route must have completed with nothing lost or doubled.
 *
 *   npx jest test/e2e/chaos.test.ts                 20 documents; worker killed 2×, API 1×, Temporal 1×, FerretDB 1×
 *   QUJAT_FULL=1 npx jest test/e2e/chaos.test.ts    200 documents; worker 5×, API 3×, Temporal 1×, FerretDB 1×
 *
 * The routes are incoming-electronic and incoming-paper (registration → resolution → execution card →
 * control removal): they involve no signature, so the run needs no CA in the worker. Signing under faults
 * is covered by the worker-crash and signature tests, not here.
 *
 * It runs its own Temporal dev server and FerretDB (the shared ones of the jest run must not be killed
 * under other test files) and its own API and worker processes. Logs: test-artifacts/chaos/run-<pid>/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createAuditChain } from '../../domain/audit/audit-chain';
import { createSessionService } from '../../api/services/session-service';
import { startFerretDb, type RunningFerretDb } from '../../client/servers/ferretdb-server';
import { freePort } from '../../client/servers/free-port';
import { startTemporalDevServer, type RunningTemporalDevServer } from '../../client/servers/temporal-dev-server';
import { connectDatabase } from '../../db/connection';
import { createModels, type Models } from '../../db/models';
import { seedJournals } from '../../db/seed/journals';
import { seedStandardRoutes } from '../../db/seed/seed-routes';
import { acceptCurrentAgreement } from '../support/accept-agreement';
import { CHAOS_PEOPLE, driveIncoming, refreshState, type DrivenDocument } from '../support/chaos/incoming-route-driver';
import { createRetryingClient } from '../support/chaos/retrying-client';
import { checkInboxes, checkReadModel, checkRegistrations, checkRoutes, type CheckResult } from '../support/chaos/route-checks';
import { superviseNodeProcess, type SupervisedProcess } from '../support/chaos/supervised-process';
import type { Connection } from 'mongoose';

const FULL = process.env.QUJAT_FULL === '1';
const DOCUMENTS = FULL ? 200 : 20;
const CONCURRENCY = FULL ? 16 : 8;
type Fault = 'worker' | 'api' | 'temporal' | 'database';
// Spread so that each kind of fault lands while routes are in flight; the database and Temporal once each.
const FAULTS: Fault[] = FULL
  ? ['worker', 'api', 'worker', 'temporal', 'worker', 'api', 'database', 'worker', 'api', 'worker']
  : ['worker', 'api', 'temporal', 'worker', 'database'];

const repoRoot = path.resolve(__dirname, '..', '..');
const runDir = path.join(repoRoot, 'test-artifacts', 'chaos', `run-${process.pid}`);
const log: string[] = [];
const say = (line: string) => {
  log.push(`${new Date().toISOString().slice(11, 19)} ${line}`);
};

let temporal: RunningTemporalDevServer | undefined;
let ferret: RunningFerretDb | undefined;
let temporalPort = 0;
let ferretPort = 0;
let db: Connection | undefined;
let models: Models;
let api: SupervisedProcess | undefined;
let worker: SupervisedProcess | undefined;
let apiPort = 0;

const startTemporal = () => startTemporalDevServer({ port: temporalPort, dbFile: path.join(runDir, 'temporal.db'), logFile: path.join(runDir, 'temporal.log') });
const startFerret = () => startFerretDb({ port: ferretPort, dataDir: path.join(runDir, 'ferretdb'), logFile: path.join(runDir, 'ferretdb.log') });

function killHard(pid: number, exited: Promise<unknown>): Promise<unknown> {
  process.kill(pid, 'SIGKILL');
  return exited;
}

async function inject(fault: Fault): Promise<void> {
  const t0 = Date.now();
  switch (fault) {
    case 'worker':
      await worker!.killAndRestart();
      break;
    case 'api':
      await api!.killAndRestart();
      break;
    case 'temporal':
      await killHard(temporal!.pid, temporal!.exited);
      temporal = await startTemporal();
      break;
    case 'database':
      await killHard(ferret!.pid, ferret!.exited);
      ferret = await startFerret();
      break;
  }
  say(`killed -9 and restarted the ${fault} (${Date.now() - t0} ms)`);
}

beforeAll(async () => {
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  [temporalPort, ferretPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  [temporal, ferret] = await Promise.all([startTemporal(), startFerret()]);
  // The test reads the database too (seeding, sessions, checks); mongoose reconnects after the restart.
  db = await connectDatabase(ferret.uri, 'chaos');
  models = createModels(db);
  await Promise.all(Object.values(models).map((m) => m.init()));
  await seedStandardRoutes(models);
  await seedJournals(models);
  await models.Unit.updateOne({ _id: 'unit-a' }, { $setOnInsert: { name: { kk: 'A', ru: 'A' }, headEmployeeId: CHAOS_PEOPLE.head } }, { upsert: true });
  const roles: Record<string, string[]> = { reg: ['employee', 'registrar'], ctl: ['employee', 'controller'] };
  for (const id of Object.values(CHAOS_PEOPLE)) {
    await models.Employee.updateOne({ _id: id }, { $set: { fullName: `Chaos ${id}`, unitId: 'unit-a', roles: roles[id] ?? ['employee'], status: 'active' } }, { upsert: true });
  }
  const env = {
    MONGODB_URI: ferret.uri,
    MONGODB_DB: 'chaos',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'chaos-documents',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    QUJAT_TRUST_DIR: path.join(repoRoot, 'test-artifacts', 'no-trust'),
  };
  worker = superviseNodeProcess({ name: 'worker', entry: 'worker.ts', env, logFile: path.join(runDir, 'worker.log') });
  api = superviseNodeProcess({ name: 'api', entry: 'api/server.ts', env, logFile: path.join(runDir, 'api.log') });
}, 180_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await db?.close();
  await Promise.all([temporal?.stop(), ferret?.stop()]);
  // The logs stay for a post-mortem; the data does not.
  fs.rmSync(path.join(runDir, 'ferretdb'), { recursive: true, force: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(runDir, `temporal.db${suffix}`), { force: true });
});

it(`${DOCUMENTS} routes complete through worker, API, Temporal and database crashes; nothing lost or doubled`, async () => {
  // Temporal's file is in the journal mode `npm start` gives it (a write-ahead log), which its kill -9 below must survive.
  expect(fs.existsSync(path.join(runDir, 'temporal.db-wal'))).toBe(true);
  const started = Date.now();
  const tokens: Record<string, string> = {};
  const sessions = createSessionService(models);
  for (const id of Object.values(CHAOS_PEOPLE)) {
    await acceptCurrentAgreement(models, id);
    tokens[id] = (await sessions.issue(id, 'test')).token;
  }
  const client = createRetryingClient(() => `http://127.0.0.1:${apiPort}`);
  await client.call('GET', '/healthz', tokens.reg);
  say(`API and worker up; driving ${DOCUMENTS} documents, ${CONCURRENCY} at a time`);

  // Faults fire as the routes progress, one after another, so each lands among documents in flight.
  const totalSteps = DOCUMENTS * 5;
  let steps = 0;
  let nextFault = 0;
  let injecting: Promise<void> = Promise.resolve();
  const faultsDone: Promise<void>[] = [];
  const onStep = () => {
    steps += 1;
    const due = Math.floor((steps / totalSteps) * (FAULTS.length + 1));
    while (nextFault < FAULTS.length && nextFault < due) {
      const fault = FAULTS[nextFault++];
      injecting = injecting.then(() => inject(fault));
      faultsDone.push(injecting);
    }
  };

  const deadline = Date.now() + (FULL ? 40 : 5) * 60_000;
  const docs: DrivenDocument[] = [];
  let nextIndex = 0;
  const runId = `${process.pid}-${Date.now()}`;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = nextIndex++; i < DOCUMENTS; i = nextIndex++) {
        docs.push(await driveIncoming({ client, tokens, onStep, runId }, i, i % 2 ? 'incoming-paper' : 'incoming-electronic', deadline));
      }
    }),
  );
  await Promise.all(faultsDone);
  const unfired = FAULTS.slice(nextFault);
  say(`all routes driven in ${((Date.now() - started) / 1000).toFixed(1)} s; ${client.retries} HTTP attempts retried; ${unfired.length ? `faults never fired: ${unfired.join(', ')}` : 'every fault fired mid-run'}`);
  say(`process starts: worker ${worker!.starts}, API ${api!.starts}; exits we did not cause: ${[...worker!.unexpectedExits, ...api!.unexpectedExits].join('; ') || 'none'}`);

  const late = docs.filter((d) => d.error).length;
  await Promise.all(docs.map((d) => refreshState({ client, tokens }, d)));
  say(`live states re-read after the run (${late} documents had not finished within the driver's deadline)`);

  // Creates carry an Idempotency-Key: a create whose answer was lost and that the client retried must give
  // the same document, so no other chaos document may exist.
  const twins = await models.Document.find({ title: /^chaos-/, _id: { $nin: docs.map((d) => d.id) } }, { status: 1, title: 1 }).lean();
  // The read model converges shortly after the last update; give the projections a moment.
  const results: CheckResult[] = [...checkRoutes(docs)];
  for (let attempt = 0; ; attempt += 1) {
    const settled = [await checkRegistrations(models, docs), await checkInboxes(models, docs), await checkReadModel(models, docs)];
    if (settled.every((r) => r.problems.length === 0) || attempt >= 60) {
      results.push(...settled);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const audit = await createAuditChain(models.AuditEvent).verify();
  results.push({ name: 'audit chain verifies', detail: `${audit.checked} events`, problems: audit.ok ? [] : [JSON.stringify(audit)] });
  results.push({
    name: 'a retried create never makes a second document',
    detail: `${twins.length} documents besides the ${docs.length} driven`,
    problems: twins.map((t) => `${String(t._id)} (${t.title}) is a twin, ${t.status}`),
  });

  const report = [
    `[chaos] ${DOCUMENTS} documents (incoming-electronic, incoming-paper), faults: ${FAULTS.join(', ')}`,
    ...log.map((l) => `  ${l}`),
    ...results.map((r) => `  ${r.problems.length ? 'FAIL' : 'ok  '} ${r.name}: ${r.detail}${r.problems.length ? `\n      ${r.problems.slice(0, 10).join('\n      ')}` : ''}`),
    `  total ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${path.relative(repoRoot, runDir)}`,
  ].join('\n');
  console.log(report);
  expect(unfired).toEqual([]);
  expect(results.filter((r) => r.problems.length).map((r) => `${r.name}: ${r.problems.join('; ')}`)).toEqual([]);
}, FULL ? 3_000_000 : 480_000);
