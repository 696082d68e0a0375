/**
 * Jest global setup: one Temporal dev server (in memory) and one FerretDB (temp dir) per run, shared
 * by every test file, exported to the test processes through process.env. An external server named
 * by TEMPORAL_ADDRESS / MONGODB_URI is used instead of starting one. A missing binary fails the
 * run: a skipped integration test reads as a pass.
 *
 * The PIDs go to a file as well as a global, so the teardown (or the next run, if this one was killed)
 * can stop the servers by PID.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb, pingMongo, FERRETDB, type RunningFerretDb } from '../../client/servers/ferretdb-server';
import {
  checkTemporal,
  startTemporalDevServer,
  temporalTestServerPath,
  TEMPORAL_DEV_SERVER,
  type RunningTemporalDevServer,
} from '../../client/servers/temporal-dev-server';
import { waitUntilReady } from '../../client/servers/readiness';
import { isProcessAlive, stopPid } from '../../client/servers/server-process';

export interface TestServersState {
  ownerPid: number;
  hostname: string;
  runDir: string;
  servers: { name: string; pid: number; binary: string }[];
  tempDirs: string[];
  mongo: { uri: string; external: boolean; dbPrefix: string };
  /** Values the setup overwrote, restored by the teardown so a watch-mode rerun starts clean. */
  savedEnv: Record<string, string | undefined>;
}

const repoRoot = path.resolve(__dirname, '..', '..');
export const serversRoot = path.join(repoRoot, 'test-artifacts', 'servers');
const runDirFor = (pid: number) => path.join(serversRoot, `jest-${pid}`);
const stateFileFor = (pid: number) => path.join(runDirFor(pid), 'servers.json');
const GLOBAL_KEY = '__QUJAT_TEST_SERVERS__';

const EXPORTED_ENV = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'MONGODB_URI',
  'QUJAT_TEST_DB_PREFIX',
  'QUJAT_TEMPORAL_TEST_SERVER',
  'QUJAT_TEST_SERVERS',
] as const;

export function saveState(state: TestServersState): void {
  (globalThis as Record<string, unknown>)[GLOBAL_KEY] = state;
  fs.writeFileSync(stateFileFor(state.ownerPid), JSON.stringify(state, null, 2));
}

export function loadState(): TestServersState | undefined {
  const fromGlobal = (globalThis as Record<string, unknown>)[GLOBAL_KEY] as TestServersState | undefined;
  if (fromGlobal) return fromGlobal;
  try {
    return JSON.parse(fs.readFileSync(stateFileFor(process.pid), 'utf8')) as TestServersState;
  } catch {
    return undefined;
  }
}

export function forgetState(state: TestServersState): void {
  delete (globalThis as Record<string, unknown>)[GLOBAL_KEY];
  fs.rmSync(stateFileFor(state.ownerPid), { force: true });
}

/** Stops every recorded server (by PID, checked against its binary) and removes the temp dirs. */
export async function stopRecordedServers(state: TestServersState): Promise<void> {
  await Promise.all(state.servers.map((s) => stopPid(s.pid, s.binary)));
  for (const dir of state.tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A run killed before its teardown leaves servers holding memory and ports. Its owner PID is dead, so
 * it is safe to stop them; other live runs in the same tree (and other hosts sharing it) are left alone.
 */
async function cleanUpDeadRuns(): Promise<void> {
  let entries: string[];
  try {
    entries = fs.readdirSync(serversRoot);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/^jest-(\d+)$/.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isProcessAlive(pid)) continue;
    const dir = path.join(serversRoot, entry);
    let state: TestServersState | undefined;
    try {
      state = JSON.parse(fs.readFileSync(path.join(dir, 'servers.json'), 'utf8')) as TestServersState;
    } catch {
      state = undefined;
    }
    if (state && state.hostname !== os.hostname()) continue;
    if (state) await stopRecordedServers(state);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function uniqueDbPrefix(): string {
  // Short: database names are capped at 63 characters and test files append their own suffix.
  return `qt_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
}

async function useExternalTemporal(address: string, namespace: string): Promise<void> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  await waitUntilReady({ name: `Temporal at TEMPORAL_ADDRESS=${address}`, host, port, check: () => checkTemporal(address, namespace) });
}

async function useExternalMongo(uri: string): Promise<void> {
  await pingMongo(uri).catch((error: Error) => {
    throw new Error(`MongoDB at MONGODB_URI does not answer a ping: ${error.message}`);
  });
}

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  // Checked first: it is only spawned later, by time-skipping tests, where a missing file would be a confusing failure.
  const testServer = temporalTestServerPath();
  await cleanUpDeadRuns();
  const runDir = runDirFor(process.pid);
  fs.mkdirSync(runDir, { recursive: true });

  const savedEnv = Object.fromEntries(EXPORTED_ENV.map((k) => [k, process.env[k]]));
  const externalTemporal = process.env.TEMPORAL_ADDRESS || undefined;
  const externalMongo = process.env.MONGODB_URI || undefined;
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  const state: TestServersState = {
    ownerPid: process.pid,
    hostname: os.hostname(),
    runDir,
    servers: [],
    tempDirs: [],
    mongo: { uri: externalMongo ?? '', external: !!externalMongo, dbPrefix: uniqueDbPrefix() },
    savedEnv,
  };
  saveState(state);

  const record = <T extends { pid: number; binary: string }>(name: string, server: T): T => {
    state.servers.push({ name, pid: server.pid, binary: server.binary });
    saveState(state);
    return server;
  };

  let temporal: RunningTemporalDevServer | undefined;
  let ferret: RunningFerretDb | undefined;
  const results = await Promise.allSettled([
    externalTemporal
      ? useExternalTemporal(externalTemporal, namespace)
      : startTemporalDevServer({ namespace, logFile: path.join(runDir, 'temporal.log') }).then((s) => {
          temporal = record(TEMPORAL_DEV_SERVER, s);
        }),
    externalMongo
      ? useExternalMongo(externalMongo)
      : (async () => {
          const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ferretdb-'));
          state.tempDirs.push(dataDir);
          saveState(state);
          ferret = record(FERRETDB, await startFerretDb({ dataDir, logFile: path.join(runDir, 'ferretdb.log') }));
        })(),
  ]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await stopRecordedServers(state);
    forgetState(state);
    throw new Error(failures.map((f) => (f.reason as Error).message).join('\n\n'));
  }

  if (ferret) state.mongo.uri = ferret.uri;
  saveState(state);
  process.env.TEMPORAL_ADDRESS = temporal?.address ?? externalTemporal;
  process.env.TEMPORAL_NAMESPACE = namespace;
  process.env.MONGODB_URI = state.mongo.uri;
  process.env.QUJAT_TEST_DB_PREFIX = state.mongo.dbPrefix;
  process.env.QUJAT_TEMPORAL_TEST_SERVER = testServer;
  process.env.QUJAT_TEST_SERVERS = '1';

  // Credentials in an external MONGODB_URI must not reach CI logs.
  const redact = (uri: string | undefined) => uri?.replace(/\/\/[^@/]*@/, '//***@');
  const describe = (what: string, where: string | undefined, pid?: number) => `${what} ${redact(where)}${pid ? ` (pid ${pid})` : ' (external)'}`;
  console.log(
    `\n[test servers] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ` +
      `${describe('Temporal', process.env.TEMPORAL_ADDRESS, temporal?.pid)}, ${describe('MongoDB', state.mongo.uri, ferret?.pid)}; ` +
      `logs in ${path.relative(process.cwd(), runDir)}`,
  );
}
