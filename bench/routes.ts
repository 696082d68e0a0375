/**
 * Routes benchmark: N outgoing letters (two approvals, one signature, registration) run concurrently through
 * the HTTP API, with the worker and the real activities, against embedded Temporal and FerretDB started here.
 * Baseline: the same number of bare Temporal Updates on a minimal workflow, same concurrency, same run, served by
 * a bare worker in a process of its own (bench/support/bare-worker.ts), on the SDK as shipped.
 *
 * Figures: `routes` (routes/s against bare-Temporal routes/s), `action-p99` (HTTP action latency p99 against the
 * bare Update p99) and `peak-rss` (this process — API and worker — against the bare worker's process). After an
 * untimed warm-up round and before the concurrent run, a few letters walk one at a time: per action its p50 and
 * the database commands it issued (db/command-counter.ts), printed as `walk` lines. Beside the figures, for finding
 * where the time goes: CPU per route of each server and of this process's threads (`BENCH-CPU`, `BENCH-THREADS`:
 * support/thread-cpu.ts) and the main thread's garbage collections (`BENCH-GC`), all over the concurrent run, each
 * action's p50 and p99 in that run (`BENCH-ACTIONS`), and the CPU per route of the bare run (`BENCH-CPU-BARE`).
 *
 *   npm run bench -- routes   (BENCH_QUICK=1: about a minute and a half; run directly, give Node the heap limit `npm start`
 *   has: node --max-old-space-size=1024 scripts/run-ts.cjs bench/routes.ts)
 *   BENCH_ROUTES=<n> letters in the concurrent run; BENCH_WARMUP_ROUTES=<n> untimed routes before it (default: 300, or as
 *   many as the measured run if more);
 *   BENCH_TEMPORAL_FILE=1 Temporal in a SQLite file, as `npm start` has it; BENCH_TIMELINE=<action> (e.g. `sign`)
 *   prints the timeline of each walked call of that action; BENCH_MAIL=1 gives the staff e-mail addresses and the
 *   worker its mail, as `npm start` has them, with an SMTP server in a process of its own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../activities';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config';
import { sharedAuditChain } from '../domain/audit/audit-chain';
import { verifierFromPool } from '../domain/signatures/signing-setup';
import { createApp } from '../api/app';
import { startFerretDb } from '../client/servers/ferretdb-server';
import { startTemporalDevServer } from '../client/servers/temporal-dev-server';
import { mailStarter } from '../client/notification-schedules';
import { connectTemporal } from '../client/temporal';
import { createTestCa, issueEndEntity, createCrl } from '../client/dev-ca';
import { signCms } from '../client/sign-cms';
import { workflowBundleFor } from '../client/workflow-bundle';
import { attachCommandCounter } from '../db/command-counter';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { seedJournals } from '../db/seed/journals';
import { seedStandardRoutes } from '../db/seed/seed-routes';
import { createVerifyPool, iinControlDigit } from '../signing';
import { formatBenchLine } from './lib/bench-line';
import { percentile } from './lib/percentile';
import { tsEntryArgs } from './lib/ts-entry';
import { stepUpdate } from './support/steps-workflow';
import { readThreadTimes, threadCpuBetween } from './support/thread-cpu';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUTES = Number(process.env.BENCH_ROUTES ?? (QUICK ? 24 : 120));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 12);
const STEPS = 5; // submit, approve, approve, sign, register
/** Letters walked one at a time (per-action p50 and database commands). */
const WALKS = Number(process.env.BENCH_WALKS ?? (QUICK ? 6 : 20));
/**
 * Routes run, untimed, before anything is measured, on each side (Qujat and the bare baseline), as concurrent as
 * the measured run: at least 300, or as many as the measured run if it is longer. What is measured is a server
 * that has been up a while, in two ways. V8's optimizing compiler keeps finding new hot functions in this process
 * for some hundreds of letters: its threads spent 30, 17, 8 and 5 ms per route of the measured run after 24, 96,
 * 300 and 600 letters of warm-up. And the process's peak memory includes the old generation's cycles of garbage
 * and collection, which a run of a few dozen letters never reaches (docs/performance.md, fourteenth round). 0
 * warms up as the bench did before the twelfth round: one letter, and twelve one-step bare workflows.
 */
const WARMUP_ROUTES = Number(process.env.BENCH_WARMUP_ROUTES ?? Math.max(ROUTES, 300));
/**
 * An action of the walk (`approve`, `sign`, …) whose every call prints its timeline: from its HTTP request, the
 * calls to Temporal, each activity's start and end, and each database command's, to the answer. For finding
 * where an action's milliseconds go; the bench's figures are not meant to be read from such a run.
 */
const TIMELINE = process.env.BENCH_TIMELINE;
/**
 * Staff with e-mail addresses, and the worker sending a mail for each notice whose channel is e-mail (a new task's,
 * by default) with the SMTP server and mail workflows `npm start` gives it: without it, every notice stays in the
 * application.
 */
const MAIL = process.env.BENCH_MAIL === '1';

/** The marks of the action being timed (BENCH_TIMELINE), in ms from its request; off while `start` is 0. */
const timeline = {
  start: 0,
  marks: [] as string[],
  mark(what: string): void {
    if (this.start) this.marks.push(`${(performance.now() - this.start).toFixed(1).padStart(7)}  ${what}`);
  },
};

/** The activities, each marking its start and end on the timeline. */
function timedActivities<T extends object>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      typeof fn !== 'function'
        ? fn
        : async (...args: unknown[]) => {
            timeline.mark(`activity ${name} starts`);
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            } finally {
              timeline.mark(`activity ${name} ends`);
            }
          },
    ]),
  ) as T;
}

/** The API's calls to Temporal on the timeline: the Update's acceptance (with its outcome when it came at once), the start with an Update. */
const timedCalls: WorkflowClientInterceptor = {
  async startUpdate(input, next) {
    timeline.mark(`temporal: Update ${input.updateName} sent`);
    const output = await next(input);
    timeline.mark(`temporal: Update ${input.updateName} ${output.outcome ? 'answered' : 'accepted'}`);
    return output;
  },
  async startUpdateWithStart(input, next) {
    timeline.mark('temporal: start with Update sent');
    const output = await next(input);
    timeline.mark('temporal: start with Update answered');
    return output;
  },
};

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number | 'self'): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU ms per route over a run of ROUTES routes, from two `cpuSeconds` readings around it. */
function perRouteMs(now: number, before: number): string {
  return (((now - before) / ROUTES) * 1000).toFixed(0);
}

/** The SMTP server of BENCH_MAIL, in a process of its own (support/mail-sink.ts); resolves once it listens. */
async function startMailSink() {
  const child = spawn(process.execPath, tsEntryArgs(path.join(__dirname, 'support', 'mail-sink.ts')), {
    cwd: path.resolve(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Not left running should the bench fail half-way.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`mail sink exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\d+)/.exec(output);
      if (ready) resolve(Number(ready[1]));
    });
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    /** Stops it; resolves with how many messages it took. */
    async stop(): Promise<number> {
      child.removeAllListeners('exit');
      process.removeListener('exit', orphaned);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      return Number(/caught (\d+)/.exec(output)?.[1] ?? NaN);
    },
  };
}

/** Peak resident set (VmHWM) of a process, in MB. */
function peakRssMb(pid: number | 'self'): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

/** The bare worker, in its own process so its memory is its own; resolves once it polls. */
async function startBareWorker(address: string, taskQueue: string) {
  const child = spawn(process.execPath, tsEntryArgs(path.join(__dirname, 'support', 'bare-worker.ts'), address, taskQueue), {
    cwd: path.resolve(__dirname, '..'),
    // The SDK as shipped, stack-trace capture on: our patch turns it off for Qujat's worker only (docs/performance.md).
    env: { ...process.env, QUJAT_WORKFLOW_STACK_TRACES: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare worker exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, peakRssMb(child.pid!))), 100);
  return {
    pid: child.pid!,
    peakMb: () => peakMb,
    async stop(): Promise<void> {
      peakMb = Math.max(peakMb, peakRssMb(child.pid!));
      clearInterval(sampler);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The main thread's garbage collections from now until `stop()`: young-generation scavenges apart from the rest. */
function watchGc() {
  const seen = { scavenges: 0, scavengeMs: 0, others: 0, otherMs: 0 };
  const count = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
        seen.scavenges++;
        seen.scavengeMs += entry.duration;
      } else {
        seen.others++;
        seen.otherMs += entry.duration;
      }
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      count(observer.takeRecords()); // the ones not yet handed to the callback
      observer.disconnect();
      return seen;
    },
  };
}

/** Runs `count` jobs with at most `concurrency` at once. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await job(next++);
  }));
}

async function main(): Promise<void> {
  const startupThreads = readThreadTimes();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bench-routes-'));
  // In memory by default (as the figures have always been taken); BENCH_TEMPORAL_FILE=1 keeps Temporal's state in
  // a SQLite file, as `npm start` does, to see what its writes add.
  const temporalFile = process.env.BENCH_TEMPORAL_FILE === '1' ? path.join(work, 'temporal', 'temporal.db') : undefined;
  const temporalServer = await startTemporalDevServer({ logFile: path.join(work, 'temporal.log'), dbFile: temporalFile });
  const ferret = await startFerretDb({ dataDir: path.join(work, 'ferretdb'), logFile: path.join(work, 'ferretdb.log') });
  try {
    const db = await connectDatabase(ferret.uri, 'bench_routes', { monitorCommands: true });
    const commands = attachCommandCounter(db, { paused: true });
    const models = createModels(db);
    await Promise.all(Object.values(models).map((m) => m.init()));
    await seedStandardRoutes(models);
    await seedJournals(models);

    const bossIin = `75031230012`.slice(0, 11) + iinControlDigit('75031230012'.slice(0, 11));
    const ca = createTestCa({ keyType: 'ec' });
    const boss = issueEndEntity(ca, { fullName: 'Bench Signer', iin: bossIin, roles: ['first-head'] }, { purpose: 'sign' });
    await models.Unit.create({ _id: 'u', name: { kk: 'U', ru: 'U' }, headEmployeeId: 'boss' });
    for (const [id, roles, iin] of [['author', ['employee']], ['a1', ['employee']], ['a2', ['employee']], ['boss', ['employee'], bossIin], ['reg', ['employee', 'registrar']]] as const) {
      await models.Employee.create({ _id: id, fullName: id, unitId: 'u', roles, iin, status: 'active', ...(MAIL && { email: `${id}@bench.kz` }) });
    }

    const connection = await Connection.connect({ address: temporalServer.address });
    const temporal = new Client({ connection });
    const native = await NativeConnection.connect({ address: temporalServer.address });
    const verifyPool = createVerifyPool({ context: { trustedRootsPem: ca.root.certPem, crl: { crls: [createCrl(ca)] } } });
    const taskQueue = 'bench-routes';
    // The API's client as the API makes it (over the native connection); the baseline keeps the SDK's default client.
    // The worker's mail workflows are started through it too (worker.ts has a client of its own).
    const apiClient = await connectTemporal(temporalServer.address, 'default');
    const mailSink = MAIL ? await startMailSink() : undefined;
    const notifications = mailSink && { startMail: mailStarter(apiClient, taskQueue), publicUrl: 'http://127.0.0.1:3000', smtpUrl: mailSink.smtpUrl };
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: await workflowBundleFor(require.resolve('../workflows')),
      activities: ((a) => (TIMELINE ? timedActivities(a) : a))(createActivities({ models, verifyCms: verifierFromPool(verifyPool), notifications })),
      maxConcurrentActivityTaskExecutions: 50,
      maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS, // as worker.ts
    });
    const apiTemporal = TIMELINE ? new Client({ connection: apiClient.connection, interceptors: { workflow: [timedCalls] } }) : apiClient;
    if (TIMELINE) {
      const started = new Map<number, string>();
      db.getClient().on('commandStarted', (ev) => {
        started.set(ev.requestId, `${ev.commandName} ${String((ev.command as Record<string, unknown>)[ev.commandName])}`);
        timeline.mark(`database: ${started.get(ev.requestId)} sent`);
      });
      const settled = (ev: { requestId: number }) => {
        timeline.mark(`database: ${started.get(ev.requestId)} answered`);
        started.delete(ev.requestId);
      };
      db.getClient().on('commandSucceeded', settled);
      db.getClient().on('commandFailed', settled);
    }
    const app = createApp({ config: { temporal: { taskQueue, namespace: 'default', port: 0, uiPort: 0 } }, db, models, temporal: apiTemporal, audit: sharedAuditChain(models.AuditEvent), logger: pino({ level: 'silent' }) });
    const server = app.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const tokens: Record<string, string> = {};
    for (const id of ['author', 'a1', 'a2', 'boss', 'reg']) tokens[id] = (await app.services.sessions.issue(id, 'test')).token;

    // Everyone accepts the user agreement once, through the API, as a first login would.
    for (const id of Object.keys(tokens)) {
      const headers = { authorization: `Bearer ${tokens[id]}`, 'content-type': 'application/json' };
      const text = (await (await fetch(`${base}/api/me/agreement`, { headers })).json()) as { version: string; language: string; sha256: string };
      const accepted = await fetch(`${base}/api/me/agreement/accept`, { method: 'POST', headers, body: JSON.stringify({ version: text.version, language: text.language, sha256: text.sha256 }) });
      if (!accepted.ok) throw new Error(`agreement for ${id}: ${accepted.status} ${await accepted.text()}`);
    }

    // The load stands in for browsers on other machines: node:http on kept-alive sockets, the cheapest client Node
    // has, so that as little as possible of the two cores goes to the load itself (fetch took about 5 % of this
    // process's main thread).
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
    function send(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; text: string }> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent, host: '127.0.0.1', port, method, path: url,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(payload !== undefined && { 'content-length': Buffer.byteLength(payload) }) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    }

    const latencies: number[] = [];
    /** The concurrent run's latencies by action, to see which ones make the p99. */
    const byAction = new Map<string, number[]>();
    /** Walking one letter at a time: per action, its latencies, database commands and their round-trips. */
    const walked = new Map<string, { ms: number[]; commands: number[]; roundTrips: number; scans: number }>();
    let walking = false;
    async function call(action: string, who: string, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
      if (walking) commands.reset();
      const t0 = performance.now();
      if (walking && action === TIMELINE) Object.assign(timeline, { start: t0, marks: ['    0.0  HTTP request sent'] });
      const res = await send(method, url, tokens[who], body);
      const ms = performance.now() - t0;
      if (timeline.start) {
        timeline.mark('HTTP answer received');
        console.log(`timeline of one ${action} (${ms.toFixed(1)} ms):\n${timeline.marks.join('\n')}`);
        timeline.start = 0;
      }
      latencies.push(ms);
      if (!walking) byAction.set(action, byAction.get(action) ?? []).get(action)!.push(ms);
      const json = JSON.parse(res.text) as Record<string, unknown>;
      if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status}: ${res.text}`);
      if (walking) {
        const counted = commands.count();
        const row = walked.get(action) ?? { ms: [], commands: [], roundTrips: 0, scans: 0 };
        row.ms.push(ms);
        row.commands.push(counted.total);
        row.roundTrips += counted.roundTrips;
        row.scans += counted.scans.length;
        walked.set(action, row);
      }
      return json;
    }

    async function walkLetter(): Promise<void> {
      const doc = await call('create', 'author', 'POST', '/api/documents', { type: 'outgoing-letter', title: 'Benchmark letter', participants: { approvers: ['a1', 'a2'], signer: 'boss' } });
      const id = doc.id as string;
      await call('submit', 'author', 'POST', `/api/documents/${id}/actions/submit`, {});
      await call('approve', 'a1', 'POST', `/api/documents/${id}/actions/approve`, {});
      await call('approve (last)', 'a2', 'POST', `/api/documents/${id}/actions/approve`, {});
      const toSign = await call('content-to-sign', 'boss', 'GET', `/api/documents/${id}/content-to-sign`);
      const cms = await signCms({ content: Buffer.from(toSign.contentBase64 as string, 'base64'), keyPem: boss.keyPem, certPem: boss.certPem, chainPems: [ca.intermediate.certPem], pem: true });
      await call('sign', 'boss', 'POST', `/api/documents/${id}/signatures`, { cms });
      const done = await call('register', 'reg', 'POST', `/api/documents/${id}/actions/register`, {});
      if (walking) await call('read card', 'reg', 'GET', `/api/documents/${id}`);
      if (done.status !== 'executed') throw new Error(`letter ${id} ended ${String(done.status)}`);
    }

    /** BENCH_MAIL: until every queued mail is sent, so that no phase leaves its mail to the next one. */
    async function mailsSent(): Promise<void> {
      if (!MAIL) return;
      const until = Date.now() + 120_000;
      while ((await models.Mail.countDocuments({ sentAt: { $exists: false } })) > 0) {
        if (Date.now() > until) throw new Error('BENCH_MAIL: mails still unsent after 2 minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    let mailDrainMs = 0;
    const routesPerSecond = await worker.runUntil(async () => {
      await walkLetter(); // the first letter: bundles, caches, connections
      await pool(WARMUP_ROUTES, CONCURRENCY, () => walkLetter());
      await mailsSent();
      walking = true;
      commands.resume();
      for (let i = 0; i < WALKS; i++) await walkLetter();
      walking = false;
      commands.pause();
      await mailsSent();
      latencies.length = 0;
      byAction.clear();
      const t0 = performance.now();
      const cpu0 = { own: cpuSeconds('self'), db: cpuSeconds(ferret.pid), temporal: cpuSeconds(temporalServer.pid) };
      const threads0 = readThreadTimes();
      const gcs = watchGc();
      await pool(ROUTES, CONCURRENCY, () => walkLetter());
      // The run's mail is part of its work: its routes are done when the mail they queued is sent.
      const routesDone = performance.now();
      await mailsSent();
      mailDrainMs = performance.now() - routesDone;
      const gc = gcs.stop();
      // CPU per route: what the machine spends, whatever else loads it (the load generator is in `own` too).
      console.log(`BENCH-CPU per_route_ms api_worker_and_client=${perRouteMs(cpuSeconds('self'), cpu0.own)} database=${perRouteMs(cpuSeconds(ferret.pid), cpu0.db)} temporal=${perRouteMs(cpuSeconds(temporalServer.pid), cpu0.temporal)}`);
      const byThread = threadCpuBetween(startupThreads, threads0, readThreadTimes());
      console.log(`BENCH-THREADS per_route_ms ${Object.entries(byThread).map(([group, ms]) => `${group}=${(ms / ROUTES).toFixed(0)}`).join(' ')}`);
      console.log(`BENCH-GC per_route scavenges=${(gc.scavenges / ROUTES).toFixed(2)} scavenge_pause_ms=${(gc.scavengeMs / ROUTES).toFixed(1)} other_gcs=${(gc.others / ROUTES).toFixed(2)} other_pause_ms=${(gc.otherMs / ROUTES).toFixed(1)}`);
      return ROUTES / ((performance.now() - t0) / 1000);
    });

    const apiWorkerPeakMb = peakRssMb('self');
    // Where the memory is at the end of the run: V8's heap (JS objects: caches, the search index, workflow
    // isolates' contexts live outside it), buffers, and the rest (native: Temporal's core, the code).
    const mem = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const mb = (n: number) => (n / 2 ** 20).toFixed(0);
    console.log(`BENCH-MEM end_rss_mb=${mb(mem.rss)} heap_used_mb=${mb(mem.heapUsed)} heap_total_mb=${mb(mem.heapTotal)} external_mb=${mb(mem.external)} array_buffers_mb=${mb(mem.arrayBuffers)} malloced_mb=${mb(heap.malloced_memory)} contexts=${heap.number_of_native_contexts} heap_limit_mb=${mb(heap.heap_size_limit)}`);
    const baselineWorker = await startBareWorker(temporalServer.address, 'bench-baseline');
    const baselineLatencies: number[] = [];
    const runBaseline = async () => {
      const t0 = performance.now();
      const cpu0 = { own: cpuSeconds('self'), worker: cpuSeconds(baselineWorker.pid), temporal: cpuSeconds(temporalServer.pid) };
      await pool(ROUTES, CONCURRENCY, async (i) => {
        const h = await temporal.workflow.start('stepsWorkflow', { taskQueue: 'bench-baseline', workflowId: `baseline-${i}-${Date.now()}`, args: [STEPS] });
        for (let s = 0; s < STEPS; s++) {
          const u0 = performance.now();
          await h.executeUpdate(stepUpdate, { args: [`step-${s}`] });
          baselineLatencies.push(performance.now() - u0);
        }
        await h.result();
      });
      // The same split for the bare routes (this process is their client only), to compare the servers' share.
      console.log(`BENCH-CPU-BARE per_route_ms client=${perRouteMs(cpuSeconds('self'), cpu0.own)} bare_worker=${perRouteMs(cpuSeconds(baselineWorker.pid), cpu0.worker)} temporal=${perRouteMs(cpuSeconds(temporalServer.pid), cpu0.temporal)}`);
      return ROUTES / ((performance.now() - t0) / 1000);
    };
    const warmSteps = WARMUP_ROUTES > 0 ? STEPS : 1;
    await pool(Math.max(WARMUP_ROUTES, CONCURRENCY), CONCURRENCY, async () => {
      const h = await temporal.workflow.start('stepsWorkflow', { taskQueue: 'bench-baseline', workflowId: `baseline-warm-${Math.random()}`, args: [warmSteps] });
      for (let s = 0; s < warmSteps; s++) await h.executeUpdate(stepUpdate, { args: ['warm-up'] });
    });
    const baselinePerSecond = await runBaseline();
    await baselineWorker.stop();
    const bareWorkerPeakMb = baselineWorker.peakMb();
    if (mailSink) console.log(`BENCH-MAIL sent=${await mailSink.stop()} (every letter's, warm-up included) unsent_after_last_route_ms=${mailDrainMs.toFixed(0)}`);

    console.log(`routes: ${ROUTES} outgoing letters, ${CONCURRENCY} at a time, ${os.availableParallelism()} cores`);
    console.log(`  Qujat:    ${routesPerSecond.toFixed(2)} routes/s; HTTP action latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    console.log(`  baseline: ${baselinePerSecond.toFixed(2)} routes/s of ${STEPS} bare Updates; Update latency p50 ${percentile(baselineLatencies, 50).toFixed(0)} ms, p99 ${percentile(baselineLatencies, 99).toFixed(0)} ms`);
    const pct = (ms: number[], p: number) => percentile(ms, p).toFixed(0);
    console.log(`BENCH-ACTIONS concurrent p50/p99 ms ${[...byAction].map(([action, ms]) => `${action.replace(/\W+/g, '_')}=${pct(ms, 50)}/${pct(ms, 99)}`).join(' ')}`);
    console.log(`walking ${WALKS} letters one at a time (per action: p50 ms, database commands per call, their round-trips one after another, full-collection scans per call):`);
    for (const [action, row] of walked) {
      const perCall = (n: number) => (n / row.ms.length).toFixed(1);
      console.log(`  walk ${action.padEnd(16)} p50 ${percentile(row.ms, 50).toFixed(0).padStart(4)} ms  commands ${perCall(row.commands.reduce((a, b) => a + b, 0))}  round-trips ${perCall(row.roundTrips)}  scans ${perCall(row.scans)}`);
    }
    const actionP99 = percentile(latencies, 99);
    const updateP99 = percentile(baselineLatencies, 99);
    console.log(`BENCH-MEM api_worker_rss_mb=${apiWorkerPeakMb.toFixed(0)} (API and worker in one process) bare_worker_rss_mb=${bareWorkerPeakMb.toFixed(0)}`);
    console.log(formatBenchLine('routes', routesPerSecond, baselinePerSecond, 'routes/s'));
    console.log(formatBenchLine('action-p99', actionP99, updateP99, 'ms'));
    console.log(formatBenchLine('peak-rss', apiWorkerPeakMb, bareWorkerPeakMb, 'MB'));

    agent.destroy();
    server.close();
    await verifyPool.close();
    await apiClient.connection.close();
    await native.close();
    await connection.close();
    await db.close();
  } finally {
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
