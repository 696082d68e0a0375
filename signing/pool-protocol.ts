/** Messages between the verify pool (main thread) and its workers; every payload is structured-clone safe. */
import type { ExternalSignerVerdict, ExternalVerifyRequest } from './external/signature-verifier';
import type { VerificationReport, VerifyCmsInput } from './types';
import type { VerificationContextConfig } from './verification-config';

export interface WorkerData {
  context: VerificationContextConfig;
  /** Kinds of the main-thread revocation sources the worker may consult (bridged by index). */
  bridgedSources: ('ocsp' | 'crl')[];
  bridgedExternal: boolean;
}

/** A revocation answer with dates as ISO strings. */
export interface WireRevocationAnswer {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl';
  checkedAt: string;
  revokedAt?: string;
  problem?: { code: string; message: string };
}

export type ToWorker =
  | { type: 'verify'; id: number; input: VerifyCmsInput }
  | { type: 'revocation-result'; id: number; answer?: WireRevocationAnswer; error?: string }
  | { type: 'external-result'; id: number; verdicts?: ExternalSignerVerdict[]; error?: string };

export type FromWorker =
  /** The worker built its context; a worker that dies before this is misconfigured, not unlucky. */
  | { type: 'ready' }
  | { type: 'result'; id: number; report: VerificationReport }
  | { type: 'error'; id: number; message: string }
  | { type: 'revocation'; id: number; source: number; certificateDer: Uint8Array; issuerDer: Uint8Array; now: string }
  | { type: 'external'; id: number; request: ExternalVerifyRequest };
