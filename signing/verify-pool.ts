/**
 * Verification on worker threads, so CPU-bound hashing and signature checks never stall the API's event loop.
 *
 * Each worker builds its own context (own caches) from plain config. Revocation sources and an external verifier
 * that live on the main thread (an in-process OCSP responder, a custom fetcher) are reached by message, which also
 * keeps their caches shared. The worker source is TypeScript when running under tsx/jest: it is then started
 * through an eval shim that registers tsx's CommonJS hook first; compiled builds load the .js file directly.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CertificateCache } from './certs/certificate-cache';
import type { SignatureVerifier } from './external/signature-verifier';
import type { FromWorker, ToWorker, WireRevocationAnswer, WorkerData } from './pool-protocol';
import type { RevocationSource } from './revocation/revocation-source';
import type { VerificationReport, VerifyCmsInput } from './types';
import type { VerificationContextConfig } from './verification-config';

export interface VerifyPoolOptions {
  /**
   * Most worker threads at once; default availableParallelism() - 1, at most 2 (at least 1). Threads start when
   * work arrives and stop after `idleMs` without any, so a process that verifies nothing holds none.
   */
  size?: number;
  /** A thread with nothing in flight for this long is stopped. Default 60 000 ms. */
  idleMs?: number;
  context: VerificationContextConfig;
  /** Main-thread revocation sources, consulted after the configured ones. */
  revocationSources?: readonly RevocationSource[];
  /** Main-thread external verifier (for GOST), used instead of `context.ncaNode`. */
  externalVerifier?: SignatureVerifier;
  /** Verifications in flight per worker (they overlap while waiting for OCSP). Default 4. */
  concurrencyPerWorker?: number;
  /** Queued verifications beyond which `verify` rejects at once (back-pressure). Default 10 000. */
  maxQueue?: number;
}

export interface VerifyPool {
  /** The most threads it runs at once. */
  readonly size: number;
  /** Threads running now: they start with work and stop when idle. */
  readonly threads: number;
  verify(input: VerifyCmsInput): Promise<VerificationReport>;
  close(): Promise<void>;
}

interface Task {
  id: number;
  input: VerifyCmsInput;
  resolve: (report: VerificationReport) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Task>;
  ready: boolean;
  dead: boolean;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Each thread is a V8 isolate with tsx, pkijs and its own caches (≈ 30 MB resident), and verifications come one
 * per signature a person makes, a few in flight per thread: two threads keep up with any office, whatever the
 * core count.
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

function spawnWorker(data: WorkerData): Worker {
  const source = path.join(__dirname, 'verify-worker.ts');
  if (__filename.endsWith('.ts')) {
    const shim = `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(source)});`;
    return new Worker(shim, { eval: true, workerData: data });
  }
  return new Worker(path.join(__dirname, 'verify-worker.js'), { workerData: data });
}

export function createVerifyPool(options: VerifyPoolOptions): VerifyPool {
  const size = options.size ?? defaultPoolSize();
  const perWorker = options.concurrencyPerWorker ?? 4;
  const maxQueue = options.maxQueue ?? 10_000;
  const idleMs = options.idleMs ?? 60_000;
  const sources = options.revocationSources ?? [];
  const certificateCache = new CertificateCache(5_000);
  const data: WorkerData = {
    context: options.context,
    bridgedSources: sources.map((s) => s.kind),
    bridgedExternal: !!options.externalVerifier,
  };
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  /** Set when a worker cannot even start (bad config): respawning would loop, so the pool refuses instead. */
  let broken: Error | undefined;

  const reply = (slot: Slot, message: ToWorker) => slot.worker.postMessage(message);

  async function answerRevocation(slot: Slot, message: Extract<FromWorker, { type: 'revocation' }>): Promise<void> {
    try {
      const answer = await sources[message.source].check({
        certificate: certificateCache.get(message.certificateDer),
        issuer: certificateCache.get(message.issuerDer),
        now: new Date(message.now),
      });
      const wire: WireRevocationAnswer | undefined = answer && {
        status: answer.status,
        source: answer.source,
        checkedAt: answer.checkedAt.toISOString(),
        ...(answer.revokedAt ? { revokedAt: answer.revokedAt.toISOString() } : {}),
        ...(answer.problem ? { problem: answer.problem } : {}),
      };
      reply(slot, { type: 'revocation-result', id: message.id, answer: wire });
    } catch (error) {
      reply(slot, { type: 'revocation-result', id: message.id, error: (error as Error).message });
    }
  }

  async function answerExternal(slot: Slot, message: Extract<FromWorker, { type: 'external' }>): Promise<void> {
    try {
      reply(slot, { type: 'external-result', id: message.id, verdicts: await options.externalVerifier!.verify(message.request) });
    } catch (error) {
      reply(slot, { type: 'external-result', id: message.id, error: (error as Error).message });
    }
  }

  const remove = (slot: Slot) => {
    clearTimeout(slot.idleTimer);
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
  };

  /** Stops a thread once it has had nothing to do for `idleMs`; new work starts a fresh one. */
  function armIdleStop(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    if (slot.inFlight.size > 0 || closed) return;
    slot.idleTimer = setTimeout(() => {
      if (slot.inFlight.size > 0 || slot.dead) return;
      slot.dead = true;
      remove(slot);
      void slot.worker.terminate();
    }, idleMs);
    slot.idleTimer.unref();
  }

  function start(): Slot {
    const slot: Slot = { worker: spawnWorker(data), inFlight: new Map(), ready: false, dead: false };
    slots.push(slot);
    slot.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') slot.ready = true;
      else if (message.type === 'revocation') void answerRevocation(slot, message);
      else if (message.type === 'external') void answerExternal(slot, message);
      else {
        const task = slot.inFlight.get(message.id);
        if (!task) return;
        slot.inFlight.delete(message.id);
        if (message.type === 'result') task.resolve(message.report);
        else task.reject(new Error(`verification failed in worker: ${message.message}`));
        dispatch();
        armIdleStop(slot);
      }
    });
    const fail = (cause: Error) => {
      // 'error' is followed by 'exit': handle the first only.
      // (An idle thread stopped on purpose is marked dead before it exits.)
      if (slot.dead) return;
      slot.dead = true;
      remove(slot);
      const error = slot.ready ? cause : new Error(`verify worker failed to start: ${cause.message}`);
      for (const task of slot.inFlight.values()) task.reject(error);
      slot.inFlight.clear();
      void slot.worker.terminate();
      if (closed) return;
      if (!slot.ready) {
        broken = error;
        for (const task of queue.splice(0)) task.reject(error);
        return;
      }
      // The queued work goes on in the other threads, or in a new one.
      dispatch();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`verify worker exited with code ${code}`)));
    return slot;
  }

  function dispatch(): void {
    while (queue.length > 0 && !broken && !closed) {
      let slot = slots.reduce<Slot | undefined>((best, s) => (!best || s.inFlight.size < best.inFlight.size ? s : best), undefined);
      // A new thread only when every running one is full: one thread serves a trickle of signatures.
      if (!slot || (slot.inFlight.size >= perWorker && slots.length < size)) slot = start();
      if (slot.inFlight.size >= perWorker) return;
      const task = queue.shift()!;
      clearTimeout(slot.idleTimer);
      slot.inFlight.set(task.id, task);
      reply(slot, { type: 'verify', id: task.id, input: task.input });
    }
  }

  return {
    size,
    get threads() {
      return slots.length;
    },
    verify(input) {
      if (closed) return Promise.reject(new Error('verify pool is closed'));
      if (broken) return Promise.reject(broken);
      if (queue.length >= maxQueue) return Promise.reject(new Error('verify pool queue is full'));
      return new Promise<VerificationReport>((resolve, reject) => {
        queue.push({ id: nextId++, input, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const error = new Error('verify pool closed');
      for (const task of queue.splice(0)) task.reject(error);
      await Promise.all(
        slots.splice(0).map(async (slot) => {
          clearTimeout(slot.idleTimer);
          slot.dead = true;
          for (const task of slot.inFlight.values()) task.reject(error);
          slot.inFlight.clear();
          await slot.worker.terminate();
        }),
      );
    },
  };
}
