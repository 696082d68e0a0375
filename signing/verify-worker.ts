/**
 * Worker thread entry for the verify pool: builds its own verification context (own caches) from plain config,
 * and reaches main-thread revocation sources / external verifier through messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isGostAlgorithm } from './crypto/algorithms';
import type { ExternalSignerVerdict, SignatureVerifier } from './external/signature-verifier';
import type { FromWorker, ToWorker, WireRevocationAnswer, WorkerData } from './pool-protocol';
import type { RevocationAnswer, RevocationProblemCode, RevocationSource } from './revocation/revocation-source';
import { createVerificationContextFromConfig } from './verification-config';
import { verifyCms } from './verify-cms';

if (!parentPort) throw new Error('verify-worker must run as a worker thread');
const port = parentPort;
const data = workerData as WorkerData;

let nextCallId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
const post = (message: FromWorker) => port.postMessage(message);

function call<T>(message: (id: number) => FromWorker): Promise<T> {
  const id = nextCallId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    post(message(id));
  });
}

const fromWire = (answer: WireRevocationAnswer): RevocationAnswer => ({
  status: answer.status,
  source: answer.source,
  checkedAt: new Date(answer.checkedAt),
  ...(answer.revokedAt ? { revokedAt: new Date(answer.revokedAt) } : {}),
  ...(answer.problem ? { problem: { code: answer.problem.code as RevocationProblemCode, message: answer.problem.message } } : {}),
});

const bridgedSources: RevocationSource[] = data.bridgedSources.map((kind, source) => ({
  kind,
  async check(query) {
    const answer = await call<WireRevocationAnswer | undefined>((id) => ({
      type: 'revocation',
      id,
      source,
      certificateDer: query.certificate.der,
      issuerDer: query.issuer.der,
      now: query.now.toISOString(),
    }));
    return answer ? fromWire(answer) : undefined;
  },
}));

const bridgedExternal: SignatureVerifier | undefined = data.bridgedExternal
  ? {
      name: 'bridged',
      // The main thread holds the real verifier; external verifiers exist here for the GOST family.
      supports: isGostAlgorithm,
      verify: (request) => call<ExternalSignerVerdict[]>((id) => ({ type: 'external', id, request })),
    }
  : undefined;

const context = createVerificationContextFromConfig(data.context, { revocationSources: bridgedSources, externalVerifier: bridgedExternal });
post({ type: 'ready' });

port.on('message', (message: ToWorker) => {
  if (message.type === 'verify') {
    verifyCms(message.input, context).then(
      (report) => post({ type: 'result', id: message.id, report }),
      (error: Error) => post({ type: 'error', id: message.id, message: error.message }),
    );
    return;
  }
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  if (message.error) waiting.reject(new Error(message.error));
  else waiting.resolve(message.type === 'revocation-result' ? message.answer : message.verdicts);
});
