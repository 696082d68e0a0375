/**
 * The composition root of the worker: connect → create activities with their dependencies →
 * Worker.create → run until stopped. `npm run worker` runs it alone; `npm start` runs it beside the API.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { loadConfig, mongoUri, smtpUrl, temporalAddress, type AppConfig } from './config';
import { connectTemporal } from './client/temporal';
import { ensureNotificationSchedules, mailStarter } from './client/notification-schedules';
import { ensureInformationReviewSchedule } from './client/information-review-schedule';
import { createLogger } from './config/logger';
import { connectDatabase } from './db/connection';
import { createModels } from './db/models';
import { createActivities, mailsInHandSettled } from './activities';
import type { DocumentActivities } from './activities/contracts';
import { createCmsVerifier } from './domain/signatures/signing-setup';
import { workflowBundleFor } from './client/workflow-bundle';
import { exchangeVerifierFrom } from './domain/exchange/exchange-crypto';
import { readOrgSigner } from './domain/exchange/exchange-setup';

/** How long a stopping worker waits for the mails it is sending (mail-handoff.ts). */
const MAIL_DRAIN_MS = 10_000;

export interface RunningWorker {
  stop(): Promise<void>;
  /** Settles when the worker has stopped (or failed). */
  done: Promise<void>;
}

async function connectNative(address: string, deadlineMs = Number(process.env.QUJAT_SERVER_READY_TIMEOUT_MS ?? 60_000)): Promise<NativeConnection> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (Date.now() > giveUpAt) throw new Error(`Temporal is not reachable at ${address}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export interface WorkerOptions {
  /** Decorates the activities, e.g. a fault-injecting wrapper in crash tests. */
  decorateActivities?: (activities: DocumentActivities) => DocumentActivities;
}

export async function startWorker(config: AppConfig, options: WorkerOptions = {}): Promise<RunningWorker> {
  const logger = createLogger(config, 'worker');
  const db = await connectDatabase(mongoUri(config), config.mongodb.dbName);
  const models = createModels(db);
  const connection = await connectNative(temporalAddress(config));
  const verifier = await createCmsVerifier(config);
  // A client of its own: notification activities start mail workflows, exchange activities start delivery
  // workflows, and the notification schedules are ensured here.
  const client = await connectTemporal(temporalAddress(config), config.temporal.namespace);
  const notifications = {
    startMail: mailStarter(client, config.temporal.taskQueue),
    publicUrl: config.notifications.publicUrl,
    smtpUrl: smtpUrl(config),
    mailFrom: config.notifications.mailFrom,
    onMailError: (mailId: string, error: unknown) => logger.warn({ mailId, err: error }, 'mail neither sent nor handed to its workflow; the sweep starts it'),
  };
  // Electronic exchange (docs/exchange.md).
  const orgSigner = readOrgSigner(config);
  const exchange =
    orgSigner && verifier.verifyReport
      ? { db, runtime: { signer: orgSigner, verify: exchangeVerifierFrom(verifier.verifyReport), temporal: client, taskQueue: config.temporal.taskQueue } }
      : undefined;
  if (!exchange) logger.warn('electronic exchange is off: no organisation key or no trusted roots');
  // The SDK's workflow thread reads this itself (patches/): it copies this process's environment when it starts,
  // which Worker.create does, so the validated setting is what it sees.
  process.env.QUJAT_WORKFLOW_STACK_TRACES = config.temporal.workflowStackTraces ? '1' : '0';
  const activities = createActivities({ models, verifyCms: verifier.verifyCms, exchange, notifications });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    // Bounded rather than sized from the heap limit: config/index.ts, DEFAULT_MAX_CACHED_WORKFLOWS.
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    // Bundled in a child process: webpack's heap stays out of the worker (client/workflow-bundle.ts).
    workflowBundle: await workflowBundleFor(require.resolve('./workflows')),
    activities: (options.decorateActivities ?? ((a) => a))(activities),
  });
  await ensureNotificationSchedules(client, config.temporal.taskQueue);
  await ensureInformationReviewSchedule(client, config.temporal.taskQueue);
  const done = worker.run().finally(async () => {
    // Mails on their way from this worker finish first (a stuck mail server does not hold the stop: the sweep restarts those).
    await Promise.race([mailsInHandSettled(activities), new Promise((r) => setTimeout(r, MAIL_DRAIN_MS).unref())]);
    await verifier.close();
    await client.connection.close();
    await connection.close();
    await db.close();
  });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** The SDK's own log level follows ours (its INFO lines include the whole bundler report). */
export function installSdkLogger(level: AppConfig['logLevel']): void {
  const sdkLevel: LogLevel = level === 'debug' || level === 'trace' ? 'DEBUG' : level === 'info' ? 'INFO' : level === 'warn' ? 'WARN' : 'ERROR';
  Runtime.install({ logger: new DefaultLogger(sdkLevel) });
}

if (require.main === module) {
  const config = loadConfig();
  installSdkLogger(config.logLevel);
  startWorker(config)
    .then((worker) => {
      const stop = () => void worker.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    });
}
