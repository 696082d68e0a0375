/**
 * The Temporal connection/client factory. Connects with our own deadline: the SDK gives up after a few
 * seconds, too soon for a dev server still starting on a busy 2-core machine.
 *
 * The client runs over the SDK's native connection (Temporal's Rust core, as the worker's), not over grpc-js:
 * every staff action is at least one call (the Update, then the poll for its outcome when that comes later),
 * and grpc-js spent about half as much again of the process's CPU per call (docs/performance.md, twelfth round). One difference matters to
 * callers: this connection does not act on `withAbortSignal`; a caller that stops waiting gives its calls a
 * deadline (`withDeadline`) instead, which both connections honour.
 */
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export async function connectTemporal(
  address: string,
  namespace: string,
  deadlineMs = Number(process.env.QUJAT_SERVER_READY_TIMEOUT_MS ?? 60_000),
): Promise<Client> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    try {
      const connection = await NativeConnection.connect({ address });
      return new Client({ connection, namespace });
    } catch (error) {
      if (Date.now() > giveUpAt) {
        throw new Error(`Temporal is not reachable at ${address} (${(error as Error).message}). Start it with "npm start", or set TEMPORAL_ADDRESS to a running cluster.`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
