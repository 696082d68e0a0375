/**
 * Routes benchmark: N outgoing letters (two approvals, one signature, registration) run concurrently through
 * the HTTP API, with the worker and the real activities, against embedded Temporal and FerretDB started here.
 * Baseline: the same number of bare Temporal Updates on a minimal workflow, same concurrency, same run.
 *
 *   tsx bench/routes.ts          (BENCH_QUICK=1 for a run of about a minute)
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../activities';
import { createAuditChain } from '../domain/audit/audit-chain';
import { verifierFromPool } from '../domain/signatures/signing-setup';
import { createApp } from '../api/app';
import { startFerretDb } from '../client/servers/ferretdb-server';
import { startTemporalDevServer } from '../client/servers/temporal-dev-server';
import { createTestCa, issueEndEntity, createCrl } from '../client/dev-ca';
import { signCms } from '../client/sign-cms';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { seedJournals } from '../db/seed/journals';
import { seedStandardRoutes } from '../db/seed/seed-routes';
import { createVerifyPool, iinControlDigit } from '../signing';
import { formatBenchLine } from './lib/bench-line';
import { percentile } from './lib/percentile';
import { stepUpdate } from './support/steps-workflow';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUTES = Number(process.env.BENCH_ROUTES ?? (QUICK ? 24 : 120));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 12);
const STEPS = 5; // submit, approve, approve, sign, register

/** Runs `count` jobs with at most `concurrency` at once. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await job(next++);
  }));
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bench-routes-'));
  const temporalServer = await startTemporalDevServer({ logFile: path.join(work, 'temporal.log') });
  const ferret = await startFerretDb({ dataDir: path.join(work, 'ferretdb'), logFile: path.join(work, 'ferretdb.log') });
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const db = await connectDatabase(ferret.uri, 'bench_routes');
    const models = createModels(db);
    await Promise.all(Object.values(models).map((m) => m.init()));
    await seedStandardRoutes(models);
    await seedJournals(models);

    const bossIin = `75031230012`.slice(0, 11) + iinControlDigit('75031230012'.slice(0, 11));
    const ca = createTestCa({ keyType: 'ec' });
    const boss = issueEndEntity(ca, { fullName: 'Bench Signer', iin: bossIin, roles: ['first-head'] }, { purpose: 'sign' });
    await models.Unit.create({ _id: 'u', name: { kk: 'U', ru: 'U' }, headEmployeeId: 'boss' });
    for (const [id, roles, iin] of [['author', ['employee']], ['a1', ['employee']], ['a2', ['employee']], ['boss', ['employee'], bossIin], ['reg', ['employee', 'registrar']]] as const) {
      await models.Employee.create({ _id: id, fullName: id, unitId: 'u', roles, iin, status: 'active' });
    }

    const connection = await Connection.connect({ address: temporalServer.address });
    const temporal = new Client({ connection });
    const native = await NativeConnection.connect({ address: temporalServer.address });
    const verifyPool = createVerifyPool({ context: { trustedRootsPem: ca.root.certPem, crl: { crls: [createCrl(ca)] } } });
    const taskQueue = 'bench-routes';
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('ERROR') }),
      activities: createActivities({ models, verifyCms: verifierFromPool(verifyPool) }),
      maxConcurrentActivityTaskExecutions: 50,
    });
    const baselineWorker = await Worker.create({
      connection: native,
      taskQueue: 'bench-baseline',
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./support/steps-workflow'), logger: new DefaultLogger('ERROR') }),
    });
    const app = createApp({ config: { temporal: { taskQueue, namespace: 'default', port: 0, uiPort: 0 } }, db, models, temporal, audit: createAuditChain(models.AuditEvent), logger: pino({ level: 'silent' }) });
    const server = app.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tokens: Record<string, string> = {};
    for (const id of ['author', 'a1', 'a2', 'boss', 'reg']) tokens[id] = (await app.services.sessions.issue(id, 'test')).token;

    // Everyone accepts the user agreement once, through the API, as a first login would.
    for (const id of Object.keys(tokens)) {
      const headers = { authorization: `Bearer ${tokens[id]}`, 'content-type': 'application/json' };
      const text = (await (await fetch(`${base}/api/me/agreement`, { headers })).json()) as { version: string; language: string; sha256: string };
      const accepted = await fetch(`${base}/api/me/agreement/accept`, { method: 'POST', headers, body: JSON.stringify({ version: text.version, language: text.language, sha256: text.sha256 }) });
      if (!accepted.ok) throw new Error(`agreement for ${id}: ${accepted.status} ${await accepted.text()}`);
    }

    const latencies: number[] = [];
    async function call(who: string, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
      const t0 = performance.now();
      const res = await fetch(base + url, { method, headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      latencies.push(performance.now() - t0);
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
      return json;
    }

    async function walkLetter(): Promise<void> {
      const doc = await call('author', 'POST', '/api/documents', { type: 'outgoing-letter', title: 'Benchmark letter', participants: { approvers: ['a1', 'a2'], signer: 'boss' } });
      const id = doc.id as string;
      await call('author', 'POST', `/api/documents/${id}/actions/submit`, {});
      await call('a1', 'POST', `/api/documents/${id}/actions/approve`, {});
      await call('a2', 'POST', `/api/documents/${id}/actions/approve`, {});
      const toSign = await call('boss', 'GET', `/api/documents/${id}/content-to-sign`);
      const cms = await signCms({ content: Buffer.from(toSign.contentBase64 as string, 'base64'), keyPem: boss.keyPem, certPem: boss.certPem, chainPems: [ca.intermediate.certPem], pem: true });
      await call('boss', 'POST', `/api/documents/${id}/signatures`, { cms });
      const done = await call('reg', 'POST', `/api/documents/${id}/actions/register`, {});
      if (done.status !== 'executed') throw new Error(`letter ${id} ended ${String(done.status)}`);
    }

    const routesPerSecond = await worker.runUntil(async () => {
      await walkLetter(); // warm-up: bundles, caches, connections
      latencies.length = 0;
      const t0 = performance.now();
      await pool(ROUTES, CONCURRENCY, () => walkLetter());
      return ROUTES / ((performance.now() - t0) / 1000);
    });

    const baselineLatencies: number[] = [];
    const baselinePerSecond = await baselineWorker.runUntil(async () => {
      const t0 = performance.now();
      await pool(ROUTES, CONCURRENCY, async (i) => {
        const h = await temporal.workflow.start('stepsWorkflow', { taskQueue: 'bench-baseline', workflowId: `baseline-${i}-${Date.now()}`, args: [STEPS] });
        for (let s = 0; s < STEPS; s++) {
          const u0 = performance.now();
          await h.executeUpdate(stepUpdate, { args: [`step-${s}`] });
          baselineLatencies.push(performance.now() - u0);
        }
        await h.result();
      });
      return ROUTES / ((performance.now() - t0) / 1000);
    });

    console.log(`routes: ${ROUTES} outgoing letters, ${CONCURRENCY} at a time, ${os.availableParallelism()} cores`);
    console.log(`  Qujat:    ${routesPerSecond.toFixed(2)} routes/s; HTTP action latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    console.log(`  baseline: ${baselinePerSecond.toFixed(2)} routes/s of ${STEPS} bare Updates; Update latency p50 ${percentile(baselineLatencies, 50).toFixed(0)} ms, p99 ${percentile(baselineLatencies, 99).toFixed(0)} ms`);
    console.log(`BENCH-MEM api_worker_rss_mb=${(peakRss / 2 ** 20).toFixed(0)} (API and worker in one process)`);
    console.log(formatBenchLine('routes', routesPerSecond, baselinePerSecond, 'routes/s'));

    server.close();
    await verifyPool.close();
    await native.close();
    await connection.close();
    await db.close();
  } finally {
    clearInterval(rssTimer);
    await temporalServer.stop();
    await ferret.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
