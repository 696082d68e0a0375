/**
 * scripts/run-ts.cjs is how `npm start`, the worker, the API and the benchmarks run TypeScript: the entry is the
 * main module with its own arguments, and tsx stays out of `process.execArgv`, so worker threads that run plain
 * JavaScript (Temporal's workflow thread) start without it. Every one of them starts with the same heap limit
 * (scripts/server-heap.cjs).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tsEntryArgs } from '../../../bench/lib/ts-entry';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher's CommonJS helper
const { DEFAULT_HEAP_MB, serverHeapMb, serverHeapArgs } = require('../../../scripts/server-heap.cjs') as {
  DEFAULT_HEAP_MB: number;
  serverHeapMb: (env: NodeJS.ProcessEnv) => number;
  serverHeapArgs: (env: NodeJS.ProcessEnv) => string[];
};

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

it('runs a TypeScript entry as the main module, with its arguments, and keeps tsx out of worker threads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-run-ts-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    fs.writeFileSync(
      entry,
      [
        "import { Worker } from 'node:worker_threads';",
        'const typed: number = 1;',
        "const thread = new Worker(\"require('node:worker_threads').parentPort.postMessage(Object.keys(require.extensions))\", { eval: true });",
        "thread.once('message', (extensions: string[]) => {",
        '  console.log(JSON.stringify({ main: require.main === module, args: process.argv.slice(2), execArgv: process.execArgv, typed, threadExtensions: extensions }));',
        '  void thread.terminate();',
        '});',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const { stdout } = await promisify(execFile)(process.execPath, tsEntryArgs(entry, 'one', '--two'), { cwd: root, env });
    const seen = JSON.parse(stdout) as { main: boolean; args: string[]; execArgv: string[]; typed: number; threadExtensions: string[] };
    expect(seen).toEqual({ main: true, args: ['one', '--two'], execArgv: [`--max-old-space-size=${DEFAULT_HEAP_MB}`], typed: 1, threadExtensions: expect.any(Array) });
    expect(seen.threadExtensions).not.toContain('.ts');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

it('the system, the worker, the API and the benchmarks all start through it, with the heap limit of server-heap.cjs', () => {
  const heapFlag = `--max-old-space-size=\${QUJAT_HEAP_MB:-${DEFAULT_HEAP_MB}}`;
  for (const script of ['start', 'start:peer', 'worker', 'api', 'bench']) {
    expect(pkg.scripts[script].startsWith(`node ${heapFlag} scripts/run-ts.cjs `)).toBe(true);
    expect(pkg.scripts[script]).toMatch(/ scripts\/run-ts\.cjs \S+\.ts$/);
  }
  expect(tsEntryArgs('bench/routes.ts')).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`, path.join(root, 'scripts', 'run-ts.cjs'), 'bench/routes.ts']);
});

it('takes the heap limit from QUJAT_HEAP_MB, and refuses one that is not a whole number of at least 256 MB', async () => {
  expect(serverHeapMb({})).toBe(1024);
  expect(serverHeapMb({ QUJAT_HEAP_MB: '2048' })).toBe(2048);
  expect(serverHeapArgs({ QUJAT_HEAP_MB: '' })).toEqual(['--max-old-space-size=1024']);
  for (const bad of ['abc', '100', '1.5e3', '-1']) expect(() => serverHeapMb({ QUJAT_HEAP_MB: bad })).toThrow(`QUJAT_HEAP_MB must be a whole number of megabytes, at least 256 (got "${bad}")`);
  // The launcher names a bad value before running anything.
  const run = promisify(execFile)(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), 'no-such-entry.ts'], { cwd: root, env: { ...process.env, QUJAT_HEAP_MB: '100' } });
  await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining('QUJAT_HEAP_MB must be a whole number of megabytes, at least 256 (got "100")') });
});

it('the launched process runs with the limit it was given', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await promisify(execFile)(process.execPath, [...serverHeapArgs({ QUJAT_HEAP_MB: '768' }), '-p', "require('node:v8').getHeapStatistics().heap_size_limit"], { env });
  // The limit covers the old generation; V8 adds the young generation's spaces to it.
  expect(Number(stdout) / 2 ** 20).toBeGreaterThanOrEqual(768);
  expect(Number(stdout) / 2 ** 20).toBeLessThan(900);
});
