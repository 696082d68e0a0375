/**
 * The Temporal connection/client factory. Connects with our own deadline: the SDK gives up after a few
 * seconds, too soon for a dev server still starting on a busy 2-core machine.
 */
import { Client, Connection } from '@temporalio/client';

export async function connectTemporal(
  address: string,
  namespace: string,
  deadlineMs = Number(process.env.QUJAT_SERVER_READY_TIMEOUT_MS ?? 60_000),
): Promise<Client> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '5s' });
      return new Client({ connection, namespace });
    } catch (error) {
      if (Date.now() > giveUpAt) {
        throw new Error(`Temporal is not reachable at ${address} (${(error as Error).message}). Start it with "npm start", or set TEMPORAL_ADDRESS to a running cluster.`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
