import path from 'node:path';

/**
 * Node's arguments for running a TypeScript file in a child process the way `npm start` runs Qujat
 * (scripts/run-ts.cjs: tsx's CommonJS hook, no loader thread), so that what a benchmark measures of a process,
 * its memory above all, is what production pays.
 */
export function tsEntryArgs(file: string, ...args: string[]): string[] {
  return [path.resolve(__dirname, '..', '..', 'scripts', 'run-ts.cjs'), file, ...args];
}
