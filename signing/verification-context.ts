/**
 * Everything verification needs that outlives one call: trust anchors, caches (parsed certificates, certificate
 * signature verdicts, CRL indexes), revocation sources, the external verifier and the default policy.
 * Build one per process (or per worker thread) and reuse it.
 */
import { CertificateCache } from './certs/certificate-cache';
import { ChainBuilder, createTrustStore } from './certs/chain-builder';
import type { SignatureVerifier } from './external/signature-verifier';
import { certificatesFrom } from './pem';
import type { RevocationSource } from './revocation/revocation-source';
import { DEFAULT_MAX_CMS_BYTES, DEFAULT_POLICY, VerificationPolicy } from './types';

type CertificateInput = string | Uint8Array | readonly (string | Uint8Array)[];

export interface VerificationContextOptions {
  /** Trusted root certificates (PEM text with one or more blocks, or DER). */
  trustedRootsPem: CertificateInput;
  /** Intermediates to use when a CMS does not carry them. */
  intermediatesPem?: CertificateInput;
  /** Roots trusted for RFC 3161 timestamps; defaults to `trustedRootsPem`. */
  tsaRootsPem?: CertificateInput;
  /** Asked in order until one answers definitively. */
  revocationSources: readonly RevocationSource[];
  /** For GOST signatures; without it they are refused as 'unsupported-algorithm'. */
  externalVerifier?: SignatureVerifier;
  /** Default 2 MiB. */
  maxCmsBytes?: number;
  policy?: Partial<VerificationPolicy>;
  /** Clock, for tests. */
  now?: () => Date;
  /** Shared certificate cache (e.g. with an OCSP source). */
  certificateCache?: CertificateCache;
}

export interface VerificationContext {
  readonly certificateCache: CertificateCache;
  readonly chain: ChainBuilder;
  readonly tsaChain: ChainBuilder;
  readonly revocationSources: readonly RevocationSource[];
  readonly externalVerifier?: SignatureVerifier;
  readonly maxCmsBytes: number;
  readonly policy: VerificationPolicy;
  now(): Date;
}

export function createVerificationContext(options: VerificationContextOptions): VerificationContext {
  const certificateCache = options.certificateCache ?? new CertificateCache();
  const roots = certificatesFrom(options.trustedRootsPem);
  if (roots.length === 0) throw new Error('createVerificationContext: no trusted root certificates given');
  const intermediates = certificatesFrom(options.intermediatesPem);
  const chain = new ChainBuilder(createTrustStore(roots, intermediates, certificateCache));
  const tsaRoots = options.tsaRootsPem ? certificatesFrom(options.tsaRootsPem) : roots;
  const tsaChain = options.tsaRootsPem ? new ChainBuilder(createTrustStore(tsaRoots, intermediates, certificateCache)) : chain;
  return {
    certificateCache,
    chain,
    tsaChain,
    revocationSources: [...options.revocationSources],
    externalVerifier: options.externalVerifier,
    maxCmsBytes: options.maxCmsBytes ?? DEFAULT_MAX_CMS_BYTES,
    policy: { ...DEFAULT_POLICY, ...options.policy },
    now: options.now ?? (() => new Date()),
  };
}
