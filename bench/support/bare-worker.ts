/**
 * The routes benchmark's baseline worker, in a process of its own: it serves the bare steps workflow, so its
 * peak RSS is what a bare Temporal worker costs, measured in the same run as Qujat's API and worker.
 *
 *   node scripts/run-ts.cjs bench/support/bare-worker.ts <temporal address> <task queue>
 * Prints `ready` once it polls; stops on SIGTERM.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workflowBundleFor } from '../../client/workflow-bundle';

async function main(): Promise<void> {
  const [address, taskQueue] = process.argv.slice(2);
  if (!address || !taskQueue) throw new Error('usage: bare-worker.ts <temporal address> <task queue>');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundleFor(require.resolve('./steps-workflow')) });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log('ready');
  await running;
  await connection.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
