/**
 * Spawning and stopping the embedded servers (binaries in .tools/, installed by scripts/setup-tools.mjs).
 * Output goes to a log file, not a pipe: a server must never block on a full pipe nobody reads, and
 * the file outlives us for post-mortems.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type ToolName = 'temporal' | 'temporal-test-server' | 'ferretdb-embedded';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ServerProcess {
  name: string;
  pid: number;
  binary: string;
  logFile: string;
  child: ChildProcess;
  /** Settles when the process has exited (or failed to spawn); never rejects. */
  exited: Promise<ExitInfo>;
  /** Set once the process has exited. */
  exitInfo(): ExitInfo | undefined;
  stop(graceMs?: number): Promise<void>;
}

/** Long enough for Temporal to flush its SQLite file; after that SIGKILL. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.QUJAT_TOOLS_DIR || path.join(__dirname, '..', '..', '.tools'));
}

export function toolPath(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolsDir(env), name);
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Fails at once, with the fix, instead of letting a spawn ENOENT surface as a 60 s readiness timeout. */
export function requireExecutable(file: string, what: string): string {
  if (!isExecutableFile(file)) {
    throw new Error(`${what} is not installed (${file} is missing or not executable). Run \`npm run setup\` first.`);
  }
  return file;
}

export function requireTool(name: ToolName, what: string): string {
  return requireExecutable(toolPath(name), what);
}

export function describeExit(info: ExitInfo): string {
  if (info.error) return `failed to start: ${info.error.message}`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

/** The end of a log, for error messages: CI output then shows why a server died without a separate artifact. */
export function logTail(file: string, maxLines = 25): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    return lines.slice(-maxLines).join('\n');
  } catch {
    return '';
  }
}

export interface SpawnServerOptions {
  name: string;
  binary: string;
  args: string[];
  logFile: string;
  /**
   * Own process group: a Ctrl-C in the terminal then reaches only us, so `npm start` can stop the API
   * and the worker before the servers they depend on. Jest leaves it false so a Ctrl-C kills everything.
   */
  detached?: boolean;
  env?: NodeJS.ProcessEnv;
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort when we exit without stop(): the servers get SIGTERM instead of holding their ports forever. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) {
      try {
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

function childEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  // The Temporal CLI reads TEMPORAL_* (address, namespace, profile) as client settings; our servers get only flags.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  return { ...env, ...extra };
}

export function spawnServer(opts: SpawnServerOptions): ServerProcess {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const fd = fs.openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    fs.writeSync(fd, `\n--- ${new Date().toISOString()} ${opts.binary} ${opts.args.join(' ')}\n`);
    child = spawn(opts.binary, opts.args, {
      stdio: ['ignore', fd, fd],
      detached: opts.detached ?? false,
      env: childEnv(opts.env),
    });
  } finally {
    fs.closeSync(fd);
  }

  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // 'error' without 'exit' means the spawn itself failed.
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null, error };
        resolve(exitInfo);
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  }).finally(() => liveChildren.delete(child));

  // Never keep the event loop alive for a server: jest's parent must be able to exit if teardown never ran.
  child.unref();
  liveChildren.add(child);
  installExitHook();

  const stop = async (graceMs = DEFAULT_STOP_GRACE_MS): Promise<void> => {
    if (exitInfo) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: opts.name,
    pid: child.pid ?? -1,
    binary: opts.binary,
    logFile: opts.logFile,
    child,
    exited,
    exitInfo: () => exitInfo,
    stop,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Guards against PID reuse when stopping by a recorded PID: on Linux we check that the PID still runs
 * the binary we started. Elsewhere (no /proc) we cannot tell and trust the record.
 */
function runsBinary(pid: number, binary: string): boolean {
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return !fs.existsSync('/proc/self');
  }
  return cmdline.split('\0')[0] === binary;
}

/** Stops a server we may no longer hold a ChildProcess for (a jest teardown, a leftover from a killed run). */
export async function stopPid(pid: number, binary: string, graceMs = DEFAULT_STOP_GRACE_MS): Promise<'stopped' | 'not-running'> {
  if (pid <= 0 || !isAlive(pid) || !runsBinary(pid, binary)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  const giveUpAt = Date.now() + graceMs;
  while (isAlive(pid) && runsBinary(pid, binary)) {
    if (Date.now() > giveUpAt) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'stopped';
}

export { isAlive as isProcessAlive };
