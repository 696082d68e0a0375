/**
 * Search latency over 100,000 generated Kazakh/Russian documents, through the search service (the code behind
 * GET /api/search and /api/search/advanced: visibility, matching, ranking, paging, and the feed catch-up that
 * precedes every answer), beside a plain indexed equality query (`find({ authorId })`, one page of 20) on the
 * same collection in the same run.
 *
 *   tsx bench/search.ts                 (100,000 documents: about 5–10 minutes on the embedded database)
 *   BENCH_QUICK=1 tsx bench/search.ts   (5,000 documents: about a minute)
 *
 * Search reads only `document_search` (one record per card, see docs/search.md), so that is what is generated
 * (with the token layout of the database in use). The service chooses its path as in production: on the
 * embedded FerretDB the in-memory index (loaded once, timed and reported as load=…), on MongoDB the database.
 * The baseline is always a database query: on FerretDB it reads records until it has 20 of one author (it uses
 * no index there), on MongoDB an index range. The database path of search is timed too (a few samples: on the
 * embedded database each reads every record), and its answers are compared with the in-memory ones.
 * Uses MONGODB_URI when set, else starts the embedded FerretDB from .tools/ (npm run setup) in a temp dir.
 * The kinds of query take turns, so drift and other processes' bursts hit all of them alike.
 * The last line is the figure: BENCH search value=<p95 ms global> baseline=<p95 ms equality> ratio=<v/b> unit=ms
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { AuthenticatedActor } from '../api/request-context';
import { advancedSearchQuery, globalSearchQuery } from '../api/services/search-schemas';
import { createSearchService } from '../api/services/search-service';
import { createSubstitutionService } from '../api/services/substitution-service';
import { layoutOf } from '../domain/search/search-layout';
import { startFerretDb } from '../client/servers/ferretdb-server';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { formatBenchLine } from './lib/bench-line';
import { percentile } from './lib/percentile';
import { employees, random, searchRecords } from './lib/search-corpus';

const QUICK = process.env.BENCH_QUICK === '1';
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? (QUICK ? 5_000 : 100_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 8 : 10));
const PEOPLE = 500;
const BATCH = 5000;
/** Samples of the database path of search (each reads every record on the embedded database). */
const DB_PATH_SAMPLES = Number(process.env.BENCH_DB_PATH_SAMPLES ?? (QUICK ? 4 : 2));

async function database(): Promise<{ uri: string; label: string; stop(): Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI', stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bench-search-'));
  const server = await startFerretDb({ dataDir, logFile: path.join(dataDir, 'ferretdb.log') });
  return {
    uri: server.uri,
    label: 'embedded FerretDB (SQLite)',
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A full collection, so the heap figure is what the index retains rather than what loading left behind. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const GLOBAL_QUERIES = [
  'құжат айналымы', 'кужат', 'сатып алу', 'командировк', 'приказ отпуске', 'ромашка', 'Нұрланова', 'бюджет жоспары',
  'информационной безопасности', 'Қазақтелеком', '01-12/1500', 'есеп',
];

async function main(): Promise<void> {
  const server = await database();
  const db = await connectDatabase(server.uri, `bench_search_${randomUUID().slice(0, 8)}`);
  try {
    const models = createModels(db);
    await Promise.all([models.DocumentSearch.init(), models.Substitution.init()]);
    const layout = await layoutOf(db);
    const rnd = random(20_260_308);
    const people = employees(PEOPLE, rnd);

    const nowMs = Date.now();
    const seqs = new Map<string, number>();
    const loadStarted = performance.now();
    for (let start = 0; start < DOCUMENTS; start += BATCH) {
      const batch = searchRecords({ start, count: Math.min(BATCH, DOCUMENTS - start), people, rnd, nowMs, seqs, layout });
      await models.DocumentSearch.collection.insertMany(batch as never[], { ordered: false });
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const search = createSearchService({ models, substitutions: createSubstitutionService(models), layout });
    const indexStarted = performance.now();
    await search.warmUp();
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    collectGarbage();
    // What the index retains (its cards, lists and the strings it keeps from the records read).
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const inMemory = search.memoryStats() !== undefined;
    const database = createSearchService({ models, substitutions: createSubstitutionService(models), layout, memoryIndex: 'off' });
    const actor = (i: number): AuthenticatedActor => ({ employeeId: people[(i * 37) % PEOPLE]._id, roles: ['employee'], sessionId: 'bench' });
    const auditor: AuthenticatedActor = { employeeId: 'auditor', roles: ['employee', 'auditor'], sessionId: 'bench' };
    const day = (offset: number) => new Date(nowMs - offset * 86_400_000).toISOString().slice(0, 10);
    const advancedQueries = [
      { journal: 'incoming', numberFrom: '100', numberTo: '400', sort: 'number' },
      { status: 'in-execution', overdue: 'true', sort: 'dueAt' },
      { control: 'controlled', correspondent: 'ромашка', sort: '-registeredAt' },
      { registeredFrom: day(120), registeredTo: day(60), sort: '-registeredAt' },
      { type: 'order,incoming-paper', q: 'бюджет', sort: 'title' },
    ].map((q) => advancedSearchQuery.parse(q));
    const globalQuery = (i: number) => globalSearchQuery.parse({ q: GLOBAL_QUERIES[i % GLOBAL_QUERIES.length] });

    const kinds = {
      global: (i: number) => search.global(actor(i), globalQuery(i)),
      advanced: (i: number) => search.advanced(actor(i), advancedQueries[i % advancedQueries.length]),
      // Someone who sees everything: the most matches to rank and count.
      'global (auditor: sees all)': (i: number) => search.global(auditor, globalQuery(i)),
      'advanced (auditor)': (i: number) => search.advanced(auditor, advancedQueries[i % advancedQueries.length]),
      'equality baseline': (i: number) => models.DocumentSearch.find({ authorId: actor(i).employeeId }, { _id: 1, title: 1, status: 1 }).limit(20).lean(),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));

    // Warm-up: connections, caches, the first plan of each query.
    for (const run of Object.values(kinds)) await run(0);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, run] of Object.entries(kinds)) samples[kind].push(await timed(() => run(round)));
    }

    // The database path, for comparison (and, where the in-memory index answered above, as its check).
    let agree = 0;
    if (inMemory) {
      samples['global (database path)'] = [];
      samples['advanced (database path)'] = [];
      for (let i = 0; i < DB_PATH_SAMPLES; i++) {
        let fromDb: unknown;
        samples['global (database path)'].push(await timed(async () => (fromDb = await database.global(actor(i), globalQuery(i)))));
        if (JSON.stringify(fromDb) === JSON.stringify(await search.global(actor(i), globalQuery(i)))) agree++;
        samples['advanced (database path)'].push(await timed(async () => (fromDb = await database.advanced(actor(i), advancedQueries[i % advancedQueries.length]))));
        if (JSON.stringify(fromDb) === JSON.stringify(await search.advanced(actor(i), advancedQueries[i % advancedQueries.length]))) agree++;
      }
    }

    // What the queries found, so a fast figure cannot hide an empty result.
    const sample = await search.global(auditor, globalSearchQuery.parse({ q: 'құжат айналымы' }));
    const mine = await search.global(actor(1), globalSearchQuery.parse({ q: 'есеп' }));

    console.log(`database=${server.label} layout=${layout} documents=${DOCUMENTS} people=${PEOPLE} rounds=${ROUNDS} insert=${loadSeconds.toFixed(1)} s (${Math.round(DOCUMENTS / loadSeconds)} records/s)`);
    console.log(
      inMemory
        ? `search path=in-memory index: load=${indexSeconds.toFixed(1)} s, heap +${heapMb.toFixed(0)} MB; database path agrees on ${agree} of ${2 * DB_PATH_SAMPLES} answers`
        : 'search path=database (the in-memory index is off on MongoDB)',
    );
    if (inMemory) console.log(`BENCH-MEM search_index_heap_mb=${heapMb.toFixed(0)} search_index_load_s=${indexSeconds.toFixed(1)}`);
    console.log(`"құжат айналымы" as auditor: total=${sample.total} truncated=${sample.truncated} top="${sample.items[0]?.title}"; "есеп" as an employee: total=${mine.total}`);
    console.log('query                          p50 ms    p95 ms   mean ms  samples');
    for (const [kind, values] of Object.entries(samples)) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      console.log(`${kind.padEnd(30)} ${percentile(values, 50).toFixed(1).padStart(7)} ${percentile(values, 95).toFixed(1).padStart(9)} ${mean.toFixed(1).padStart(9)} ${String(values.length).padStart(8)}`);
    }
    console.log(formatBenchLine('search', percentile(samples.global, 95), percentile(samples['equality baseline'], 95), 'ms'));
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
