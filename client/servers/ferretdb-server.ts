/**
 * The embedded database: FerretDB v1 on SQLite (`.tools/ferretdb-embedded`, built from tools/ferretdb/),
 * which speaks the MongoDB wire protocol so mongoose needs no changes. Known gap vs MongoDB: no
 * multi-document transactions; set MONGODB_URI to a real MongoDB where they are needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { assertPortFree, freePort } from './free-port';
import { readyTimeoutMs, waitUntilReady } from './readiness';
import { requireTool, spawnServer, type ExitInfo } from './server-process';

export interface FerretDbOptions {
  /** Omitted = a free port. */
  port?: number;
  /** Where the SQLite files live (one per database); created if missing. */
  dataDir: string;
  logFile: string;
  host?: string;
  detached?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningFerretDb {
  /** mongodb://host:port/ (no database: callers choose one). */
  uri: string;
  pid: number;
  binary: string;
  logFile: string;
  dataDir: string;
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

export const FERRETDB = 'FerretDB';

export async function pingMongo(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000, directConnection: true });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

export async function startFerretDb(opts: FerretDbOptions): Promise<RunningFerretDb> {
  const binary = requireTool('ferretdb-embedded', FERRETDB);
  const host = opts.host ?? '127.0.0.1';
  let port = opts.port;
  if (port === undefined) port = await freePort(host);
  else await assertPortFree(port, host, FERRETDB, 'Stop whatever holds it (another `npm start`?) or set MONGODB_PORT / MONGODB_URI.');

  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const server = spawnServer({
    name: FERRETDB,
    binary,
    args: ['--listen', `${host}:${port}`, '--data-dir', dataDir],
    logFile: opts.logFile,
    detached: opts.detached,
  });
  const uri = `mongodb://${host}:${port}/`;
  try {
    await waitUntilReady({
      name: FERRETDB,
      host,
      port,
      check: () => pingMongo(uri),
      logFile: opts.logFile,
      process: server,
      timeoutMs: opts.readyTimeoutMs ?? readyTimeoutMs(),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { uri, pid: server.pid, binary, logFile: opts.logFile, dataDir, exited: server.exited, stop: () => server.stop() };
}
