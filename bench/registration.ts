/**
 * Registrations per second into one journal under 32 concurrent clients, through the numbering code
 * path (domain/journals/journal-numbering.ts), beside the raw MongoDB `findOneAndUpdate` `$inc`
 * rate measured in the same run against the same database.
 *
 *   npm run bench -- registration      or   tsx bench/registration.ts   (BENCH_QUICK=1: a smaller run)
 *
 * Uses MONGODB_URI when set, else starts the embedded FerretDB from .tools/ (npm run setup).
 * The last line is the figure: BENCH registration value=<n> baseline=<n> ratio=<v/b> unit=registrations/s
 * The baseline is not a correct numbering scheme on the embedded FerretDB v1 (its `$inc` is not atomic
 * under concurrency: the run reports how many increments it lost), and is never gapless after a crash.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb } from '../client/servers/ferretdb-server';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { createJournalNumbering } from '../domain/journals/journal-numbering';
import { formatBenchLine } from './lib/bench-line';

const CLIENTS = 32;
const QUICK = process.env.BENCH_QUICK === '1';
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? (QUICK ? 600 : 3000));

async function database(): Promise<{ uri: string; stop(): Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bench-'));
  const server = await startFerretDb({ dataDir, logFile: path.join(dataDir, 'ferretdb.log') });
  return {
    uri: server.uri,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `total` jobs on `clients` concurrent loops; returns jobs per second. */
async function concurrently(clients: number, total: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) await job(i);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const server = await database();
  const db = await connectDatabase(server.uri, `bench_registration_${randomUUID().slice(0, 8)}`);
  try {
    const models = createModels(db);
    await Promise.all([models.Journal.init(), models.Registration.init(), models.SequenceHint.init()]);
    await models.Journal.create({ _id: 'bench', title: { kk: 'Bench', ru: 'Bench' }, index: '01-12', format: '{index}/{seq}' });
    const numbering = createJournalNumbering(models);
    const run = randomUUID().slice(0, 8);

    // Warm-up: connections, indexes, the hint.
    await concurrently(CLIENTS, CLIENTS, (i) => numbering.register({ documentId: `warm-${run}-${i}`, journal: 'bench', registrarId: 'bench' }).then(() => undefined));

    const value = await concurrently(CLIENTS, REGISTRATIONS, async (i) => {
      await numbering.register({ documentId: `doc-${run}-${i}`, journal: 'bench', registrarId: 'bench' });
    });
    const seqs = (await models.Registration.find({ journal: 'bench' }, { seq: 1 }).lean()).map((r) => r.seq).sort((a, b) => a - b);
    const gapless = seqs.length === REGISTRATIONS + CLIENTS && seqs.every((s, i) => s === i + 1);

    const counters = db.collection<{ _id: string; seq: number }>('bench_counters');
    // Created first: concurrent upserts of a missing counter collide on _id on the embedded database.
    await counters.insertOne({ _id: 'inc', seq: 0 });
    const baseline = await concurrently(CLIENTS, REGISTRATIONS, async () => {
      await counters.findOneAndUpdate({ _id: 'inc' }, { $inc: { seq: 1 } }, { returnDocument: 'after' });
    });
    const counted = (await counters.findOne({ _id: 'inc' }))?.seq ?? 0;

    console.log(`clients=${CLIENTS} registrations=${REGISTRATIONS} database=${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB'}`);
    console.log(`numbering: ${value.toFixed(1)} registrations/s, numbers 1..${seqs.length} ${gapless ? 'gapless and unique' : 'NOT GAPLESS'}`);
    console.log(`raw $inc: ${baseline.toFixed(1)} increments/s, counter ${counted} of ${REGISTRATIONS} (${REGISTRATIONS - counted} increments lost)`);
    if (!gapless) process.exitCode = 1;
    console.log(formatBenchLine('registration', value, baseline, 'registrations/s'));
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
