/**
 * The plug for algorithms Node/OpenSSL cannot verify (Kazakh GOST 34.310-2004 and GOST 34.10-2015 via Kalkan).
 * The external service checks integrity, signature, chain and revocation; identity, roles, key usage and the
 * signing-time rules are still applied here on the certificate from the CMS, so every signer gets the same policy.
 */
import type { RevocationReport, SigningTimeSource } from '../types';

export interface ExternalVerifyRequest {
  cms: Uint8Array;
  /** The stored content; sent for detached signatures. */
  content: Uint8Array;
  detached: boolean;
}

export interface ExternalSignerVerdict {
  /** Signer certificate serial (hex), used to match the verdict to a SignerInfo. */
  serialNumber: string;
  /** Integrity (messageDigest over the data) and the signature itself. */
  signatureValid: boolean;
  /** The service's verdict on the certificate: chain, validity dates, revocation. */
  certificateValid: boolean;
  /** Subject names from the signer up to the root, as the service reports them. */
  chain: string[];
  revocation: Omit<RevocationReport, 'checkedAt'> & { checkedAt?: string };
  /** A verified timestamp's genTime, when the service checked one. */
  signingTime?: string;
  signingTimeSource?: Extract<SigningTimeSource, 'timestamp'>;
  message?: string;
}

export interface SignatureVerifier {
  readonly name: string;
  /** Whether this verifier handles a signature or digest algorithm OID. */
  supports(algorithmOid: string): boolean;
  verify(request: ExternalVerifyRequest): Promise<ExternalSignerVerdict[]>;
}
