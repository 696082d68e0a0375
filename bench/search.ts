/**
 * Search latency over 100,000 generated Kazakh/Russian documents, through the search service (the code behind
 * GET /api/search and /api/search/advanced: visibility, matching, ranking, paging), beside a plain indexed
 * equality query (`find({ authorId })`, one page) on the same collection in the same run.
 *
 *   tsx bench/search.ts                 (BENCH_QUICK=1: 5,000 documents, 8 rounds: about a minute)
 *
 * Search reads only `document_search` (one record per card, see docs/search.md), so that is what is generated
 * (with the token layout of the database in use) and what the baseline reads too: the ratio is the cost of
 * search's own work (visibility, keyword conditions, ranking, counting) over the simplest indexed read.
 * Uses MONGODB_URI when set, else starts the embedded FerretDB from .tools/ (npm run setup) in a temp dir.
 * The kinds of query take turns, so drift and other processes' bursts hit all of them alike.
 * The last line is the figure: BENCH search value=<p95 ms global> baseline=<p95 ms equality> ratio=<v/b> unit=ms
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuthenticatedActor } from '../api/request-context';
import { advancedSearchQuery, globalSearchQuery } from '../api/services/search-schemas';
import { createSearchService } from '../api/services/search-service';
import { createSubstitutionService } from '../api/services/substitution-service';
import { layoutOf } from '../activities/search/search-layout';
import { connectDatabase } from '../db/connection';
import { createModels } from '../db/models';
import { formatBenchLine } from './lib/bench-line';
import { percentile } from './lib/percentile';
import { employees, random, searchRecords } from './lib/search-corpus';

const QUICK = process.env.BENCH_QUICK === '1';
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? (QUICK ? 5_000 : 100_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 8 : 10));
const PEOPLE = 500;
const BATCH = 1000;

async function database(): Promise<{ uri: string; label: string; stop(): Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI', stop: async () => undefined };
  const { startFerretDb } = await import('../client/servers/ferretdb-server');
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

    const search = createSearchService({ models, substitutions: createSubstitutionService(models), layout });
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

    const kinds = {
      global: (i: number) => search.global(actor(i), globalSearchQuery.parse({ q: GLOBAL_QUERIES[i % GLOBAL_QUERIES.length] })),
      advanced: (i: number) => search.advanced(actor(i), advancedQueries[i % advancedQueries.length]),
      // Someone who sees everything: the most matches to rank and count. Left out of the quick run for time.
      ...(!QUICK && {
        'global (auditor: sees all)': (i: number) => search.global(auditor, globalSearchQuery.parse({ q: GLOBAL_QUERIES[i % GLOBAL_QUERIES.length] })),
        'advanced (auditor)': (i: number) => search.advanced(auditor, advancedQueries[i % advancedQueries.length]),
      }),
      'equality baseline': (i: number) => models.DocumentSearch.find({ authorId: actor(i).employeeId }, { _id: 1, title: 1, status: 1 }).limit(20).lean(),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));

    // Warm-up: connections, caches, the first plan of each query.
    for (const run of Object.values(kinds)) await run(0);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, run] of Object.entries(kinds)) samples[kind].push(await timed(() => run(round)));
    }

    // What the queries found, so a fast figure cannot hide an empty result.
    const sample = await search.global(auditor, globalSearchQuery.parse({ q: 'құжат айналымы' }));
    const mine = await search.global(actor(1), globalSearchQuery.parse({ q: 'есеп' }));

    console.log(`database=${server.label} layout=${layout} documents=${DOCUMENTS} people=${PEOPLE} rounds=${ROUNDS} load=${loadSeconds.toFixed(1)} s (${Math.round(DOCUMENTS / loadSeconds)} records/s)`);
    console.log(`"құжат айналымы" as auditor: total=${sample.total} truncated=${sample.truncated} top="${sample.items[0]?.title}"; "есеп" as an employee: total=${mine.total}`);
    console.log('query                          p50 ms    p95 ms   mean ms');
    for (const [kind, values] of Object.entries(samples)) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      console.log(`${kind.padEnd(30)} ${percentile(values, 50).toFixed(1).padStart(7)} ${percentile(values, 95).toFixed(1).padStart(9)} ${mean.toFixed(1).padStart(9)}`);
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
