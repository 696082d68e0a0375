/**
 * The whole system in one test process, against the real servers the global setup started: its own
 * database, a worker with the real activities on its own task queue, and the Express app.
 */
import type { EdsPort } from '../../api/auth/eds-port';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import pino from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createActivities } from '../../activities';
import { sharedAuditChain } from '../../domain/audit/audit-chain';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import type { ExchangeRuntime } from '../../activities/exchange/exchange-activities';
import type { OrgSigner } from '../../domain/exchange/exchange-crypto';
import { createApp, type QujatApp } from '../../api/app';
import { connectDatabase } from '../../db/connection';
import { createModels, type Models } from '../../db/models';
import type { Role } from '../../db/models/employee';
import { seedStandardRoutes } from '../../db/seed/seed-routes';
import { seedJournals } from '../../db/seed/journals';
import { acceptCurrentAgreement } from './accept-agreement';
import { mailStarter } from '../../client/notification-schedules';

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling the workflow code takes seconds: once per test file is enough. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: silentLogger() });
  return bundlePromise;
}

function silentLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with "npm test" (its global setup starts the servers).`);
  return value;
}

export interface TestPerson {
  id: string;
  roles?: Role[];
  unitId?: string;
  iin?: string;
}

export interface TestSystem {
  http: TestAgent;
  app: QujatApp;
  models: Models;
  db: Connection;
  temporal: Client;
  taskQueue: string;
  /** A bearer token for the person (a real session). */
  tokenFor(employeeId: string): Promise<string>;
  addPeople(people: TestPerson[]): Promise<void>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

const refuseAllSignatures: CmsVerifier = async () => ({
  valid: false,
  reason: 'untrusted-root',
  failures: [{ code: 'untrusted-root', message: 'no trust anchors configured in this test' }],
  report: null,
});

export interface TestSystemOptions {
  verifyCms?: CmsVerifier;
  withWorker?: boolean;
  actionAnswerWaitMs?: number;
  /** EDS sign-in and signed consent; without it they answer 503. */
  eds?: EdsPort;
  /** Electronic exchange: the organisation signer and verifier (Temporal client and task queue are the system's). */
  exchange?: Omit<ExchangeRuntime, 'temporal' | 'taskQueue'>;
  /** Count database commands (db/command-counter.ts). */
  monitorCommands?: boolean;
  /** A restored installation: its database, Temporal server and task queue instead of fresh ones. */
  dbName?: string;
  temporalAddress?: string;
  taskQueue?: string;
  notifications?: { smtpUrl?: string; publicUrl?: string };
  /** The organisation key that signs automatic answers of information requests. */
  informationRequests?: { signer?: OrgSigner };
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const dbName = options.dbName ?? `${process.env.QUJAT_TEST_DB_PREFIX ?? 'qujat_test'}_${randomUUID().slice(0, 8)}`;
  const db = await connectDatabase(requiredEnv('MONGODB_URI'), dbName, { monitorCommands: options.monitorCommands });
  const models = createModels(db);
  await Promise.all(Object.values(models).map((m) => m.init()));
  await seedStandardRoutes(models);
  await seedJournals(models);
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const address = options.temporalAddress ?? requiredEnv('TEMPORAL_ADDRESS');
  // As the API runs it (client/temporal.ts): over the native connection.
  const temporal = new Client({ connection: await NativeConnection.connect({ address }), namespace });
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const logger = pino({ level: 'silent' });
  const exchange: ExchangeRuntime | undefined = options.exchange ? { ...options.exchange, temporal, taskQueue } : undefined;
  const app = createApp({ config: { temporal: { taskQueue, namespace, port: 0, uiPort: 0 } }, db, models, temporal, audit: sharedAuditChain(models.AuditEvent), logger, actionAnswerWaitMs: options.actionAnswerWaitMs, eds: options.eds, exchange, informationRequests: options.informationRequests });
  const http = request(app.app);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let native: NativeConnection | undefined;

  const system: TestSystem = {
    http,
    app,
    models,
    db,
    temporal,
    taskQueue,
    async tokenFor(employeeId) {
      // Work needs the accepted user agreement; test people have accepted it.
      await acceptCurrentAgreement(models, employeeId);
      return (await app.services.sessions.issue(employeeId, 'test')).token;
    },
    async addPeople(people) {
      await models.Unit.updateOne({ _id: 'unit-a' }, { $setOnInsert: { name: { kk: 'A', ru: 'A' }, headEmployeeId: 'head-a' } }, { upsert: true });
      for (const p of people) {
        await models.Employee.updateOne(
          { _id: p.id },
          { $set: { fullName: `Test ${p.id}`, unitId: p.unitId ?? 'unit-a', roles: p.roles ?? ['employee'], iin: p.iin, status: 'active' } },
          { upsert: true },
        );
      }
    },
    async startWorker() {
      native ??= await NativeConnection.connect({ address });
      worker = await Worker.create({
        connection: native,
        namespace,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: createActivities({
          models,
          verifyCms: options.verifyCms ?? refuseAllSignatures,
          exchange: exchange && { db, runtime: exchange },
          // Mail is sent only where a test gives an SMTP server (a mail catcher); elsewhere it stays queued.
          notifications: {
            startMail: options.notifications?.smtpUrl ? mailStarter(temporal, taskQueue) : undefined,
            publicUrl: options.notifications?.publicUrl ?? 'http://127.0.0.1:3000',
            smtpUrl: options.notifications?.smtpUrl,
          },
        }),
      });
      running = worker.run();
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      worker = undefined;
    },
    async stop() {
      app.services.notificationStream.close();
      await app.services.readLog.close();
      await system.stopWorker();
      await native?.close();
      await temporal.connection.close();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
  if (options.withWorker !== false) await system.startWorker();
  return system;
}

/** Polls until the check passes (read models converge shortly after the workflow). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
