/**
 * A Node process (the API or the worker) run the way a service manager runs it: restarted whenever it
 * dies, whether we killed it or it gave up on its own (a worker can exit when Temporal stays away).
 * Output goes to a log file, never a pipe nobody reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SupervisedProcess {
  readonly name: string;
  /** How many times it was started (1 = never restarted). */
  readonly starts: number;
  /** Exits we did not cause (crashes, gave-ups), with their code/signal. */
  readonly unexpectedExits: string[];
  /** SIGKILL, then start again at once. */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

export function superviseNodeProcess(opts: { name: string; entry: string; env: Record<string, string>; logFile: string; restartDelayMs?: number }): SupervisedProcess {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  let child: ChildProcess | undefined;
  let starts = 0;
  let stopping = false;
  let expectedKill = false;
  const unexpectedExits: string[] = [];

  const start = () => {
    const fd = fs.openSync(opts.logFile, 'a');
    fs.writeSync(fd, `\n--- ${new Date().toISOString()} start #${starts + 1} of ${opts.name}\n`);
    const spawned = spawn(process.execPath, ['--import', 'tsx', opts.entry], { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    starts += 1;
    child = spawned;
    spawned.once('exit', (code, signal) => {
      if (stopping || spawned !== child) return;
      if (expectedKill) {
        expectedKill = false;
        return;
      }
      unexpectedExits.push(`${opts.name} exited (${signal ?? `code ${code}`}) at ${new Date().toISOString()}`);
      setTimeout(() => !stopping && spawned === child && start(), opts.restartDelayMs ?? 1_000);
    });
  };
  start();

  return {
    name: opts.name,
    get starts() {
      return starts;
    },
    unexpectedExits,
    async killAndRestart() {
      const current = child!;
      const alive = current.exitCode === null && current.signalCode === null;
      expectedKill = alive;
      current.kill('SIGKILL');
      await exited(current);
      // A process that had already died is being restarted by the exit handler; starting it here would
      // leave the earlier restart orphaned, so that one is superseded by making this the current child.
      start();
    },
    async stop() {
      stopping = true;
      if (!child) return;
      const current = child;
      current.kill('SIGKILL');
      await exited(current);
    },
  };
}
