import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with the launcher
const { serverHeapArgs } = require('../../scripts/server-heap.cjs') as { serverHeapArgs: () => string[] };

/**
 * Node's arguments for running a TypeScript file in a child process the way `npm start` runs Qujat
 * (scripts/run-ts.cjs: tsx's CommonJS hook, no loader thread; the heap limit of scripts/server-heap.cjs), so that
 * what a benchmark measures of a process, its memory above all, is what production pays.
 */
export function tsEntryArgs(file: string, ...args: string[]): string[] {
  return [...serverHeapArgs(), path.resolve(__dirname, '..', '..', 'scripts', 'run-ts.cjs'), file, ...args];
}
