/**
 * `npm start`: the whole system in one command. Starts the embedded Temporal dev server and FerretDB
 * (unless TEMPORAL_ADDRESS / MONGODB_URI name existing ones), then the worker and the HTTP API in this
 * process. Ctrl-C stops them in reverse order: API, worker, then the servers they depend on.
 * State persists in QUJAT_DATA_DIR (default .data/), so a second start keeps documents and workflows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, mongoUri, temporalAddress, type AppConfig } from '../config';
import { startApiServer } from '../api/server';
import { startWorker } from '../worker';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { seedSystem } from './seed-system';
import { startFerretDb } from './servers/ferretdb-server';
import { isProcessAlive, stopPid } from './servers/server-process';
import { startTemporalDevServer } from './servers/temporal-dev-server';
import { startMailCatcher } from './servers/mail-catcher';

/** Routes, journals, the demo organisation and its dev CA: filled in when missing, before the worker reads the trust folder. */
async function seedOnStart(config: AppConfig): Promise<void> {
  const db = await connectDatabase(mongoUri(config), config.mongodb.dbName);
  try {
    await seedSystem(config, createModels(db));
  } finally {
    await db.close();
  }
}

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

const seconds = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

interface DataDirLock {
  ownerPid: number;
  servers: { name: string; pid: number; binary: string }[];
}

/**
 * One `npm start` per data directory: two Temporal servers on one SQLite file corrupt it. The lock
 * also lists our server PIDs, so servers orphaned by a killed (kill -9) run are stopped on the next start
 * instead of holding the ports.
 */
async function lockDataDir(dataDir: string): Promise<{ record(s: DataDirLock['servers'][number]): void; release(): void }> {
  const file = path.join(dataDir, 'servers.json');
  let previous: DataDirLock | undefined;
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8')) as DataDirLock;
  } catch {
    previous = undefined;
  }
  if (previous && previous.ownerPid !== process.pid && isProcessAlive(previous.ownerPid)) {
    throw new Error(`Another Qujat (pid ${previous.ownerPid}) is running with ${dataDir}; stop it first (or delete ${file} if that pid is not Qujat).`);
  }
  for (const s of previous?.servers ?? []) {
    if ((await stopPid(s.pid, s.binary)) === 'stopped') console.log(`Stopped a leftover ${s.name} (pid ${s.pid}) from a run that was killed.`);
  }
  const lock: DataDirLock = { ownerPid: process.pid, servers: [] };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(lock));
  return {
    record(server) {
      lock.servers.push(server);
      fs.writeFileSync(file, JSON.stringify(lock));
    },
    release() {
      fs.rmSync(file, { force: true });
    },
  };
}

/** Credentials in MONGODB_URI must not be printed to the terminal or a CI log. */
const redact = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//***@');

async function main(): Promise<void> {
  const config = readConfig();
  const t0 = Date.now();
  const running: Stoppable[] = [];
  let lock: Awaited<ReturnType<typeof lockDataDir>> | undefined;
  let stopping: Promise<void> | undefined;

  const stopAll = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      if (running.length > 0) console.log(`\nStopping (${reason})…`);
      for (const part of [...running].reverse()) {
        const t = Date.now();
        try {
          await part.stop();
          console.log(`  stopped ${part.name} (${seconds(t)})`);
        } catch (error) {
          console.error(`  ${part.name} did not stop cleanly: ${(error as Error).message}`);
          exitCode = exitCode || 1;
        }
      }
      lock?.release();
      process.exit(exitCode);
    })();
    return stopping;
  };

  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // One Ctrl-C can arrive several times (terminal, npm and tsx each relay it), so only a second
    // press a moment later means "now"; the exit hook still sends SIGTERM to the servers.
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt > 2_000) {
        console.error('Forced exit.');
        process.exit(130);
      }
      return;
    }
    firstSignalAt = Date.now();
    void stopAll(signal, 0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const logsDir = path.join(config.dataDir, 'logs');
  /** An embedded server dying while we run leaves the system useless: stop everything and say where to look. */
  const watch = (name: string, logFile: string, exited: Promise<unknown>) => {
    void exited.then(() => {
      if (!stopping) {
        console.error(`${name} exited unexpectedly; see ${logFile}`);
        void stopAll(`${name} exited`, 1);
      }
    });
  };

  try {
    lock = await lockDataDir(config.dataDir);
    // Both servers start in parallel; a failure of one still leaves the other registered for stopping.
    const starts: Promise<void>[] = [];
    let temporalUi: string | undefined;
    if (!config.temporal.address) {
      const logFile = path.join(logsDir, 'temporal.log');
      starts.push(
        startTemporalDevServer({
          port: config.temporal.port,
          uiPort: config.temporal.uiPort,
          dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
          namespace: config.temporal.namespace,
          logFile,
          detached: true,
        }).then((s) => {
          running.push({ name: 'Temporal dev server', stop: s.stop });
          lock?.record({ name: 'Temporal dev server', pid: s.pid, binary: s.binary });
          temporalUi = s.uiUrl;
          watch('Temporal dev server', logFile, s.exited);
        }),
      );
    }
    if (!config.mongodb.uri) {
      const logFile = path.join(logsDir, 'ferretdb.log');
      starts.push(
        startFerretDb({ port: config.mongodb.port, dataDir: path.join(config.dataDir, 'ferretdb'), logFile, detached: true }).then((s) => {
          running.push({ name: 'FerretDB', stop: s.stop });
          lock?.record({ name: 'FerretDB', pid: s.pid, binary: s.binary });
          watch('FerretDB', logFile, s.exited);
        }),
      );
    }
    const started = await Promise.allSettled(starts);
    const failed = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new Error(failed.map((f) => (f.reason as Error).message).join('\n'));
    if (starts.length > 0) console.log(`Embedded servers ready in ${seconds(t0)}`);
    if (stopping) return;

    // No SMTP_URL: mail goes to the embedded catcher, whose page shows every message (docs/notifications.md).
    let mailUi: string | undefined;
    if (!config.notifications.smtpUrl) {
      const catcher = await startMailCatcher({
        smtpPort: config.notifications.catcherSmtpPort,
        httpPort: config.notifications.catcherUiPort,
        dir: path.join(config.dataDir, 'mail'),
      });
      running.push({ name: 'mail catcher', stop: () => catcher.stop() });
      mailUi = catcher.webUrl;
    }

    await seedOnStart(config);
    const worker = await startWorker(config);
    running.push({ name: 'worker', stop: () => worker.stop() });
    void worker.done.then(
      () => {
        if (!stopping) void stopAll('worker stopped', 1);
      },
      (error: unknown) => {
        console.error(`Worker failed: ${(error as Error).message}`);
        void stopAll('worker failed', 1);
      },
    );

    const api = await startApiServer(config);
    running.push({ name: 'API', stop: () => api.stop() });

    const rows: [string, string][] = [
      ['Web UI', `${api.url}/`],
      ['API', `${api.url}/api (OpenAPI: ${api.url}/api/openapi.json)`],
      ['Temporal', `${temporalAddress(config)} namespace ${config.temporal.namespace}${config.temporal.address ? ' (external)' : ''}`],
      ['Temporal UI', temporalUi ?? (config.temporal.address ? 'that of your cluster' : '-')],
      ['MongoDB', `${redact(mongoUri(config))} database ${config.mongodb.dbName}${config.mongodb.uri ? ' (external)' : ' (FerretDB)'}`],
      ['Mail', mailUi ? `caught at ${mailUi} (SMTP ${config.notifications.catcherSmtpPort})` : 'sent through SMTP_URL'],
      ['Data', config.dataDir],
    ];
    console.log(`\nQujat is running (started in ${seconds(t0)}):`);
    for (const [label, value] of rows) console.log(`  ${label.padEnd(12)} ${value}`);
    console.log('Press Ctrl-C to stop.');
  } catch (error) {
    console.error((error as Error).message);
    await stopAll('start failed', 1);
  }
}

void main();
