/**
 * The V8 heap limit Qujat's long-running processes start with (`npm start`, the worker, the API, the benchmarks
 * and the processes they start): `--max-old-space-size`, 1024 MB unless QUJAT_HEAP_MB says otherwise.
 *
 * Why a limit at all: V8 sizes a process's heap from the machine's memory (4 GB on this 23 GB host) and lets
 * the old generation fill with garbage up to a fraction of that before its first full collection. An action
 * keeps its objects for a few hundred milliseconds under load, long enough to be promoted, so the API + worker
 * process, whose live heap is 100–150 MB, grew to 300 MB of heap and 625–686 MB resident over 300 letters
 * before collecting. V8 derives that first limit from the maximum: with 1024 MB it collects far earlier (the heap
 * stayed under 160 MB used), and the same run peaks at about 410 MB, for no CPU that shows (docs/performance.md,
 * fourteenth round). The in-memory search index costs about 1.3 KB per card (docs/search.md), so 1024 MB leaves
 * room for some hundreds of thousands of cards on the embedded database; a larger installation raises
 * QUJAT_HEAP_MB (or runs on MongoDB, where the index stays in the database).
 *
 * package.json's scripts give the same default in the shell (`${QUJAT_HEAP_MB:-1024}`), since the flag must be on
 * Node's command line; test/unit/setup/run-ts.test.ts holds them to this file.
 */
'use strict';

const DEFAULT_HEAP_MB = 1024;
const MIN_HEAP_MB = 256;

/** The limit in MB: QUJAT_HEAP_MB, a whole number of at least 256, or the default. */
function serverHeapMb(env = process.env) {
  const raw = env.QUJAT_HEAP_MB;
  if (raw === undefined || raw === '') return DEFAULT_HEAP_MB;
  // Digits only: the package's scripts hand the value to Node as it is written.
  const mb = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(mb >= MIN_HEAP_MB)) {
    throw new Error(`QUJAT_HEAP_MB must be a whole number of megabytes, at least ${MIN_HEAP_MB} (got "${raw}")`);
  }
  return mb;
}

/** Node's arguments that set the limit, for a process started from code. */
function serverHeapArgs(env = process.env) {
  return [`--max-old-space-size=${serverHeapMb(env)}`];
}

module.exports = { DEFAULT_HEAP_MB, MIN_HEAP_MB, serverHeapMb, serverHeapArgs };
