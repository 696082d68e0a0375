/**
 * Adapter for an NCANode-style service (github.com/ncanode-kz/NCANode, v3): `POST {url}/cms/verify` with
 * `{ revocationCheck, cms, data }` (base64), answering `{ valid, signers: [{ certificates: [CertificateInfo…],
 * tsp? }] }`. NCANode reports one overall `valid` plus per-certificate validity, so a signer whose certificates
 * are all valid inside an invalid response is taken as a failed signature/digest.
 */
import { normaliseSerialHex } from '../der/der-reader';
import { isGostAlgorithm } from '../crypto/algorithms';
import type { ExternalSignerVerdict, ExternalVerifyRequest, SignatureVerifier } from './signature-verifier';

export interface NcaNodeOptions {
  /** Base URL, e.g. http://ncanode:14579 */
  url: string;
  timeoutMs?: number;
  /** Revocation modes passed to NCANode. Default ['OCSP']. */
  revocationCheck?: ('OCSP' | 'CRL')[];
  fetch?: typeof fetch;
}

interface NcaCertificateInfo {
  valid?: boolean;
  serialNumber?: string;
  revocations?: { revoked?: boolean; by?: string; revocationTime?: string }[];
  subject?: { dn?: string; commonName?: string };
}

interface NcaSigner extends NcaCertificateInfo {
  certificates?: NcaCertificateInfo[];
  tsp?: { genTime?: string };
  subIndication?: string;
  message?: string;
}

interface NcaVerifyResponse {
  status?: number;
  message?: string;
  valid?: boolean;
  signers?: NcaSigner[];
}

/** NCANode/DSS sub-indications that mean the bytes or the signature itself are wrong. */
const SIGNATURE_FAILURES = new Set(['HASH_FAILURE', 'SIG_CRYPTO_FAILURE', 'FORMAT_FAILURE']);

export function createNcaNodeVerifier(options: NcaNodeOptions): SignatureVerifier {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.url.replace(/\/+$/, '')}/cms/verify`;
  return {
    name: 'ncanode',
    supports: isGostAlgorithm,
    async verify(request: ExternalVerifyRequest): Promise<ExternalSignerVerdict[]> {
      const body = {
        revocationCheck: options.revocationCheck ?? ['OCSP'],
        cms: Buffer.from(request.cms).toString('base64'),
        ...(request.detached ? { data: Buffer.from(request.content).toString('base64') } : {}),
      };
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const json = (await response.json().catch(() => ({}))) as NcaVerifyResponse;
      if (!response.ok || (json.status !== undefined && json.status !== 200)) {
        throw new Error(`NCANode answered ${json.status ?? response.status}: ${json.message ?? response.statusText}`);
      }
      return (json.signers ?? []).map((signer) => toVerdict(signer, json.valid === true));
    },
  };
}

function toVerdict(signer: NcaSigner, overallValid: boolean): ExternalSignerVerdict {
  // v3 nests the chain under `certificates`; older releases returned the signer certificate info directly.
  const certificates = signer.certificates?.length ? signer.certificates : [signer];
  const [own] = certificates;
  const certificateValid = certificates.every((c) => c.valid === true);
  const signatureValid = overallValid || (signer.subIndication ? !SIGNATURE_FAILURES.has(signer.subIndication) : !certificateValid);
  const revocations = own.revocations ?? [];
  const revoked = revocations.find((r) => r.revoked);
  const answered = revoked ?? revocations[0];
  return {
    serialNumber: normaliseSerialHex(own.serialNumber ?? ''),
    signatureValid,
    certificateValid,
    chain: certificates.map((c) => c.subject?.dn ?? c.subject?.commonName ?? ''),
    revocation: {
      status: revoked ? 'revoked' : answered ? 'good' : 'unknown',
      source: answered?.by?.toUpperCase() === 'CRL' ? 'crl' : answered ? 'ocsp' : 'none',
      revokedAt: revoked?.revocationTime ? new Date(revoked.revocationTime).toISOString() : undefined,
    },
    signingTime: signer.tsp?.genTime ? new Date(signer.tsp.genTime).toISOString() : undefined,
    signingTimeSource: signer.tsp?.genTime ? 'timestamp' : undefined,
    message: signer.message,
  };
}
