/**
 * Runs a TypeScript entry point the way `tsx <file>` would, with tsx's CommonJS hook only:
 *
 *   node scripts/run-ts.cjs <file.ts> [args…]        (npm start, npm run worker, npm run api, npm run bench)
 *
 * Why not the `tsx` command or `node --import tsx`: both register tsx's ES-module hooks, which Node 20 runs on
 * a loader thread of its own (a V8 isolate with esbuild and the module lexers, ≈ 20–30 MB resident), and pass
 * the flag on to every worker thread, so Temporal's workflow thread and the signature-verification threads load
 * tsx as well; the `tsx` command is moreover a second Node process that only relays signals. The code base is
 * CommonJS (tsconfig `module: commonjs`), so the CommonJS hook is all it needs. Registered here rather than with
 * `--require`, the hook stays out of `process.execArgv`: worker threads that run plain JavaScript (Temporal's)
 * do not load it, and the one that runs TypeScript (signing/verify-pool.ts) registers it itself.
 * One limit: `await import('./x')` of a TypeScript file needs the ES-module hooks; use `import`/`require`.
 */
'use strict';
const path = require('node:path');
const Module = require('node:module');

require('tsx/cjs');
// A QUJAT_HEAP_MB the package's scripts put on Node's command line is checked here, where a bad one can be named
// in one line, as config/index.ts names every other setting.
try {
  require('./server-heap.cjs').serverHeapMb();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}

const [node, , entry, ...args] = process.argv;
if (!entry) {
  console.error('usage: node scripts/run-ts.cjs <file.ts> [args…]');
  process.exit(2);
}
// The entry becomes the main module (require.main === module in it), with its own arguments after it.
process.argv = [node, path.resolve(entry), ...args];
Module.runMain();
