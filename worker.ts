/**
 * The composition root of the worker: connect → create activities with their dependencies →
 * Worker.create → run until stopped. `tsx worker.ts` runs it alone; `npm start` runs it beside the API.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig, mongoUri, temporalAddress, type AppConfig } from './config';
import { createLogger } from './config/logger';
import { connectDatabase } from './db/connection';
import { createModels } from './db/models';
import { createActivities } from './activities';
import { createCmsVerifier } from './activities/signing/signing-setup';

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

export async function startWorker(config: AppConfig): Promise<RunningWorker> {
  const logger = createLogger(config, 'worker');
  const db = await connectDatabase(mongoUri(config), config.mongodb.dbName);
  const models = createModels(db);
  const connection = await connectNative(temporalAddress(config));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities({ models, verifyCms: await createCmsVerifier(config) }),
  });
  const done = worker.run().finally(async () => {
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

if (require.main === module) {
  startWorker(loadConfig())
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
