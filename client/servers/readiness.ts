/**
 * Waiting until a server we started can do real work. A TCP accept only proves the socket is bound;
 * the protocol-level check (gRPC call, Mongo ping) proves the server behind it has finished starting.
 * Our own deadline, because client libraries give up after a few seconds, too soon for a cold start
 * on a busy 2-core CI runner.
 */
import net from 'node:net';
import { describeExit, logTail, type ExitInfo } from './server-process';

export const DEFAULT_READY_TIMEOUT_MS = 60_000;

export class ServerNotReadyError extends Error {
  override name = 'ServerNotReadyError';
}

export function readyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.QUJAT_SERVER_READY_TIMEOUT_MS;
  if (!raw) return DEFAULT_READY_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(`Invalid QUJAT_SERVER_READY_TIMEOUT_MS=${JSON.stringify(raw)}: must be a positive number of milliseconds`);
  }
  return ms;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once a TCP connection to host:port is accepted. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`TCP connect to ${host}:${port} timed out`)));
    socket.once('connect', () => done());
    socket.once('error', (error) => done(error));
  });
}

/** A check that hangs must not eat the whole deadline; its late result is ignored. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface WaitUntilReadyOptions {
  /** Human name used in errors, e.g. "Temporal dev server". */
  name: string;
  host: string;
  port: number;
  /** Throws until the server answers at the protocol level. */
  check: () => Promise<void>;
  /** The server's log, named in errors and quoted from. */
  logFile?: string;
  /** For a server we started: stop waiting at once if it dies. */
  process?: { exited: Promise<ExitInfo>; exitInfo(): ExitInfo | undefined };
  timeoutMs?: number;
  /** Per-attempt limit for the protocol check. */
  checkTimeoutMs?: number;
}

function withLog(message: string, logFile: string | undefined): string {
  if (!logFile) return message;
  const tail = logTail(logFile);
  return `${message}\nLog: ${logFile}${tail ? `\n--- last lines of the log ---\n${tail}\n---` : ''}`;
}

export async function waitUntilReady(opts: WaitUntilReadyOptions): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? readyTimeoutMs();
  const started = Date.now();
  const deadline = started + timeoutMs;
  const where = `${opts.host}:${opts.port}`;
  let lastError = 'no attempt finished';

  for (;;) {
    const exit = opts.process?.exitInfo();
    if (exit) {
      throw new ServerNotReadyError(withLog(`${opts.name} ${describeExit(exit)} before it was ready on ${where}.`, opts.logFile));
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new ServerNotReadyError(
        withLog(
          `${opts.name} was not ready on ${where} within ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)} s (last error: ${lastError}). ` +
            'A slow machine may need a larger QUJAT_SERVER_READY_TIMEOUT_MS.',
          opts.logFile,
        ),
      );
    }
    try {
      await tcpConnect(opts.host, opts.port, Math.min(1_000, remaining));
      await withTimeout(opts.check(), Math.min(opts.checkTimeoutMs ?? 10_000, remaining), `${opts.name} readiness check`);
      // The port may have answered for a different process that holds it; only our live child counts.
      const exitAfter = opts.process?.exitInfo();
      if (!exitAfter) return;
    } catch (error) {
      lastError = (error as Error).message.split('\n')[0];
    }
    const pause = sleep(Math.min(250, Math.max(0, deadline - Date.now())));
    await (opts.process ? Promise.race([pause, opts.process.exited]) : pause);
  }
}
