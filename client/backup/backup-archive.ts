/**
 * Backup and restore of a Qujat installation into one dated archive (`qujat-backup-<UTC instant>.tar.gz`):
 *
 * - the database, every collection, through the MongoDB driver as canonical Extended JSON lines (types kept
 *   exactly: dates, binaries, numbers), with each collection's index definitions. The attachment store is
 *   GridFS (`attachments.files` / `attachments.chunks`), so the files travel with it, byte for byte, and
 *   with them the signatures (CMS bytes), verification reports, receipts and the audit chain. `mongodump`
 *   is not needed (and is usually not installed next to the embedded FerretDB); the same code works on a
 *   real MongoDB.
 * - the embedded Temporal dev server's SQLite file (`<QUJAT_DATA_DIR>/temporal/temporal.db`): every
 *   workflow history, so running routes carry on after a restore. On a production Temporal cluster
 *   (`TEMPORAL_ADDRESS`) the cluster's own persistence backup applies and the archive says so.
 *
 * The archive is a gzip'd tar made by the system `tar` (streamed, so its size is not bounded by memory).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGzip, createGunzip } from 'node:zlib';
import { BSON, type Db, type Document } from 'mongodb';

const { EJSON } = BSON;

export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  createdAt: string;
  database: { name: string; collections: Record<string, number> };
  temporal: { included: true; file: string } | { included: false; reason: string };
  software: { name: string; version: string };
}

const SKIP = /^system\./;

/** Writes every collection of `db` into `<dir>/db/`: `<name>.ejson.gz` (one document a line) and `<name>.indexes.json`. */
export async function dumpDatabase(db: Db, dir: string): Promise<Record<string, number>> {
  fs.mkdirSync(path.join(dir, 'db'), { recursive: true });
  const counts: Record<string, number> = {};
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !SKIP.test(n)).sort();
  for (const name of collections) {
    const collection = db.collection(name);
    const indexes = (await collection.indexes()).filter((i) => i.name !== '_id_');
    fs.writeFileSync(path.join(dir, 'db', `${name}.indexes.json`), JSON.stringify(indexes, null, 2));
    let count = 0;
    const cursor = collection.find({}, { sort: { _id: 1 } });
    async function* lines() {
      for await (const doc of cursor) {
        count++;
        yield `${EJSON.stringify(doc, { relaxed: false })}\n`;
      }
    }
    await pipeline(lines(), createGzip(), fs.createWriteStream(path.join(dir, 'db', `${name}.ejson.gz`)));
    counts[name] = count;
  }
  return counts;
}

/** Loads a dump into `db`, which must be empty: indexes first (unique ones then hold), then the documents in batches. */
export async function loadDatabase(db: Db, dir: string, options: { batchSize?: number } = {}): Promise<Record<string, number>> {
  const present = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !SKIP.test(n));
  for (const name of present) {
    if ((await db.collection(name).estimatedDocumentCount()) > 0) {
      throw new Error(`The database "${db.databaseName}" is not empty (collection ${name}): restore into a fresh installation, or drop it first.`);
    }
  }
  const batchSize = options.batchSize ?? 500;
  const counts: Record<string, number> = {};
  const files = fs.readdirSync(path.join(dir, 'db')).filter((f) => f.endsWith('.ejson.gz')).sort();
  for (const file of files) {
    const name = file.slice(0, -'.ejson.gz'.length);
    const collection = db.collection(name);
    const indexFile = path.join(dir, 'db', `${name}.indexes.json`);
    const indexes = fs.existsSync(indexFile) ? (JSON.parse(fs.readFileSync(indexFile, 'utf8')) as Array<Record<string, unknown> & { key: Document; name: string }>) : [];
    await db.createCollection(name).catch(() => undefined); // exists already: fine
    for (const spec of indexes) {
      // The server's own bookkeeping fields (`v`, `ns`) are not options of a new index.
      const options = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'key' && k !== 'v' && k !== 'ns'));
      await collection.createIndex(spec.key, options);
    }
    let batch: Document[] = [];
    let count = 0;
    const input = fs.createReadStream(path.join(dir, 'db', file)).pipe(createGunzip());
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      if (!line) continue;
      batch.push(EJSON.parse(line, { relaxed: false }) as Document);
      if (batch.length >= batchSize) {
        await collection.insertMany(batch, { ordered: true });
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await collection.insertMany(batch, { ordered: true });
      count += batch.length;
    }
    counts[name] = count;
  }
  return counts;
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.trim()}`);
}

export interface CreateBackupInput {
  db: Db;
  /** The embedded Temporal's SQLite file; omitted when Temporal is a cluster (with the reason). */
  temporalDbFile?: string;
  temporalSkippedReason?: string;
  /** Folder the archive is written to. */
  outDir: string;
  software: { name: string; version: string };
  now?: Date;
}

/** Makes `<outDir>/qujat-backup-<instant>.tar.gz` and answers its path and manifest. */
export async function createBackup(input: CreateBackupInput): Promise<{ archive: string; manifest: BackupManifest }> {
  const now = input.now ?? new Date();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-backup-'));
  try {
    const collections = await dumpDatabase(input.db, staging);
    let temporal: BackupManifest['temporal'];
    if (input.temporalDbFile) {
      if (!fs.existsSync(input.temporalDbFile)) throw new Error(`No Temporal database at ${input.temporalDbFile}.`);
      fs.mkdirSync(path.join(staging, 'temporal'));
      // The server is stopped (the caller checks): the file with its WAL, if one was left, is consistent.
      for (const suffix of ['', '-wal', '-shm']) {
        if (fs.existsSync(input.temporalDbFile + suffix)) fs.copyFileSync(input.temporalDbFile + suffix, path.join(staging, 'temporal', `temporal.db${suffix}`));
      }
      temporal = { included: true, file: 'temporal/temporal.db' };
    } else {
      temporal = { included: false, reason: input.temporalSkippedReason ?? 'no embedded Temporal database' };
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: now.toISOString(), database: { name: input.db.databaseName, collections }, temporal, software: input.software };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    fs.mkdirSync(input.outDir, { recursive: true });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const archive = path.resolve(input.outDir, `qujat-backup-${stamp}.tar.gz`);
    await run('tar', ['-czf', archive, '-C', staging, '.']);
    return { archive, manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export interface RestoreBackupInput {
  archive: string;
  db: Db;
  /** Where the embedded Temporal keeps its SQLite file; its server must be stopped. */
  temporalDbFile?: string;
  /** Replace an existing Temporal file. */
  force?: boolean;
}

export async function restoreBackup(input: RestoreBackupInput): Promise<{ manifest: BackupManifest; collections: Record<string, number>; temporalRestored: boolean }> {
  if (!fs.existsSync(input.archive)) throw new Error(`No backup archive at ${input.archive}.`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-restore-'));
  try {
    await run('tar', ['-xzf', path.resolve(input.archive), '-C', staging]);
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) throw new Error(`Backup format ${manifest.format} is not understood by this version (expects ${BACKUP_FORMAT}).`);
    let temporalRestored = false;
    if (manifest.temporal.included && input.temporalDbFile) {
      if (fs.existsSync(input.temporalDbFile) && !input.force) {
        throw new Error(`A Temporal database already exists at ${input.temporalDbFile}: restore into a fresh installation, or pass --force to replace it.`);
      }
    }
    const collections = await loadDatabase(input.db, staging);
    if (manifest.temporal.included && input.temporalDbFile) {
      fs.mkdirSync(path.dirname(input.temporalDbFile), { recursive: true });
      for (const suffix of ['-wal', '-shm']) fs.rmSync(input.temporalDbFile + suffix, { force: true });
      for (const suffix of ['', '-wal', '-shm']) {
        const from = path.join(staging, 'temporal', `temporal.db${suffix}`);
        if (fs.existsSync(from)) fs.copyFileSync(from, input.temporalDbFile + suffix);
      }
      temporalRestored = true;
    }
    return { manifest, collections, temporalRestored };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
