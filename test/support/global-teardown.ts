/**
 * Jest global teardown: stops the servers the setup started (by PID, from the global or the state
 * file), drops this run's databases on an external MongoDB, deletes temp data, and restores the
 * environment. Logs stay in test-artifacts/servers/jest-<pid>/ until the next run, for post-mortems.
 */
import { MongoClient } from 'mongodb';
import { forgetState, loadState, stopRecordedServers, type TestServersState } from './global-setup';

/** An external database outlives the run, so the run's own databases (and only those) are dropped. */
async function dropRunDatabases(state: TestServersState): Promise<void> {
  const client = new MongoClient(state.mongo.uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    const mine = databases.map((d) => d.name).filter((name) => name.startsWith(`${state.mongo.dbPrefix}_`));
    await Promise.all(mine.map((name) => client.db(name).dropDatabase()));
  } finally {
    await client.close();
  }
}

export default async function globalTeardown(): Promise<void> {
  const state = loadState();
  if (!state) return;
  if (state.mongo.external) {
    await dropRunDatabases(state).catch((error: Error) => {
      console.warn(`[test servers] could not drop the test databases ${state.mongo.dbPrefix}_*: ${error.message}`);
    });
  }
  await stopRecordedServers(state);
  forgetState(state);
  for (const [key, value] of Object.entries(state.savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
