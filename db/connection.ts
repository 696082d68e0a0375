/**
 * The database connection. One per process, created by the composition root and injected everywhere,
 * so tests can open their own against a unique database.
 */
import mongoose, { type Connection } from 'mongoose';
import { attachScanLog, scanLogEnabled } from './query-scan-log';

// Mongoose keeps the stack of every query it runs, only to show where a query was first run should the same
// query object be run twice (which our code never does). With source maps on (tsx turns them on) that stack
// is mapped frame by frame: 1–2 % of the API+worker main thread in the routes bench, for a message nobody reads.
mongoose.set('skipOriginalStackTraces', true);

export async function connectDatabase(uri: string, dbName: string, options: { monitorCommands?: boolean } = {}): Promise<Connection> {
  // QUJAT_LOG_SCANS=1 counts the queries the embedded database answers by reading a whole collection.
  const logScans = scanLogEnabled();
  // Benchmarks and the round-trip budget test count commands (db/command-counter.ts).
  const monitor = logScans || options.monitorCommands === true;
  // autoIndex stays on: indexes are declared in the models and must exist on the embedded database too.
  const connection = mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000, ...(monitor ? { monitorCommands: true } : {}) });
  await connection.asPromise();
  if (logScans) attachScanLog(connection);
  return connection;
}
