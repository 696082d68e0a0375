/**
 * The database connection. One per process, created by the composition root and injected everywhere,
 * so tests can open their own against a unique database.
 */
import mongoose, { type Connection } from 'mongoose';

export async function connectDatabase(uri: string, dbName: string): Promise<Connection> {
  // autoIndex stays on: indexes are declared in the models and must exist on the embedded database too.
  const connection = mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  await connection.asPromise();
  return connection;
}
