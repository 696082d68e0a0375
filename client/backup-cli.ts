/**
 * `npm run backup [-- --out <folder>]` and `npm run restore -- <archive> [--force]` (client/backup/backup-archive.ts).
 *
 * With the embedded servers, both run while Qujat is stopped: a copy of the live Temporal SQLite file can be
 * torn, and a restore must not race a running worker. They start the embedded FerretDB themselves for the
 * database part. With MONGODB_URI / TEMPORAL_ADDRESS the configured servers are used, and the Temporal
 * cluster's own backup covers the workflow histories.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig, type AppConfig } from '../config';
import { createBackup, restoreBackup } from './backup/backup-archive';
import { startFerretDb } from './servers/ferretdb-server';
import { freePort } from './servers/free-port';
import { tcpConnect } from './servers/readiness';

const SOFTWARE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };

async function listening(port: number): Promise<boolean> {
  try {
    await tcpConnect('127.0.0.1', port, 500);
    return true;
  } catch {
    return false;
  }
}

/** The database to read or write: the configured one, or the embedded FerretDB started for this command. */
async function withDatabase<T>(config: AppConfig, work: (client: MongoClient) => Promise<T>): Promise<T> {
  let stop: (() => Promise<void>) | undefined;
  let uri = config.mongodb.uri;
  if (!uri) {
    if (await listening(config.temporal.port) || (await listening(config.mongodb.port))) {
      throw new Error(`Qujat is running (its embedded servers answer on ports ${config.temporal.port}/${config.mongodb.port}): stop it (Ctrl-C) first.`);
    }
    const ferret = await startFerretDb({ port: await freePort(), dataDir: path.join(config.dataDir, 'ferretdb'), logFile: path.join(config.dataDir, 'logs', 'ferretdb-backup.log') });
    uri = ferret.uri;
    stop = ferret.stop;
  }
  const client = await MongoClient.connect(uri);
  try {
    return await work(client);
  } finally {
    await client.close();
    await stop?.();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env);
  const temporalDbFile = config.temporal.address ? undefined : path.join(config.dataDir, 'temporal', 'temporal.db');
  if (command === 'backup') {
    const outIndex = rest.indexOf('--out');
    const outDir = outIndex >= 0 ? rest[outIndex + 1] : (process.env.QUJAT_BACKUP_DIR ?? 'backups');
    if (!outDir) throw new Error('--out needs a folder.');
    const { archive, manifest } = await withDatabase(config, (client) =>
      createBackup({
        db: client.db(config.mongodb.dbName),
        temporalDbFile,
        temporalSkippedReason: `Temporal is the cluster at ${config.temporal.address}: use the cluster's own persistence backup`,
        outDir,
        software: SOFTWARE,
      }),
    );
    const documents = Object.values(manifest.database.collections).reduce((a, b) => a + b, 0);
    console.log(`Backup written: ${archive}`);
    console.log(`  database "${manifest.database.name}": ${Object.keys(manifest.database.collections).length} collections, ${documents} records`);
    console.log(`  Temporal: ${manifest.temporal.included ? 'embedded database included' : manifest.temporal.reason}`);
    return;
  }
  if (command === 'restore') {
    const archive = rest.find((a) => !a.startsWith('--'));
    if (!archive) throw new Error('Usage: npm run restore -- <archive.tar.gz> [--force]');
    const result = await withDatabase(config, (client) => restoreBackup({ archive, db: client.db(config.mongodb.dbName), temporalDbFile, force: rest.includes('--force') }));
    const documents = Object.values(result.collections).reduce((a, b) => a + b, 0);
    console.log(`Restored ${archive} (made ${result.manifest.createdAt}): ${documents} records into "${config.mongodb.dbName}"`);
    console.log(`  Temporal: ${result.temporalRestored ? `restored to ${temporalDbFile}` : result.manifest.temporal.included ? 'not restored (Temporal is a cluster: restore it from its own backup)' : 'not in the archive'}`);
    console.log('Start Qujat with `npm start`: running routes carry on from where the backup left them.');
    return;
  }
  throw new Error('Usage: npm run backup [-- --out <folder>] | npm run restore -- <archive.tar.gz> [--force]');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
