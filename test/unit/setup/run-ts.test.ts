/**
 * scripts/run-ts.cjs is how `npm start`, the worker, the API and the benchmarks run TypeScript: the entry is the
 * main module with its own arguments, and tsx stays out of `process.execArgv`, so worker threads that run plain
 * JavaScript (Temporal's workflow thread) start without it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tsEntryArgs } from '../../../bench/lib/ts-entry';

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
    expect(seen).toEqual({ main: true, args: ['one', '--two'], execArgv: [], typed: 1, threadExtensions: expect.any(Array) });
    expect(seen.threadExtensions).not.toContain('.ts');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

it('the system, the worker, the API and the benchmarks all start through it', () => {
  for (const script of ['start', 'start:peer', 'worker', 'api', 'bench']) expect(pkg.scripts[script]).toMatch(/^node scripts\/run-ts\.cjs \S+\.ts$/);
  expect(tsEntryArgs('bench/routes.ts')).toEqual([path.join(root, 'scripts', 'run-ts.cjs'), 'bench/routes.ts']);
});
