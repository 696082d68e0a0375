/**
 * A verification context described by plain data (PEM strings, CRL bytes, URLs), so it can be handed to worker
 * threads and read from configuration. Production wiring: OCSP over HTTP, CRLs from distribution points,
 * NCANode for GOST. Main-thread objects that cannot be serialised are passed as `extra`.
 */
import { CertificateCache } from './certs/certificate-cache';
import { createNcaNodeVerifier, NcaNodeOptions } from './external/ncanode-verifier';
import type { SignatureVerifier } from './external/signature-verifier';
import { createCrlRevocationSource } from './revocation/crl-source';
import { createHttpCrlFetcher, createHttpOcspFetcher, HttpCrlOptions, HttpOcspOptions } from './revocation/http-fetchers';
import { createOcspRevocationSource } from './revocation/ocsp-source';
import type { RevocationSource } from './revocation/revocation-source';
import type { VerificationPolicy } from './types';
import { createVerificationContext, VerificationContext } from './verification-context';

export interface CrlConfig {
  /** CRLs as DER bytes or PEM text, e.g. read from disk at startup. */
  crls?: (Uint8Array | string)[];
  /** Download CRLs from the certificates' distribution points (or the given URLs). */
  http?: boolean | HttpCrlOptions;
}

export interface OcspConfig extends HttpOcspOptions {
  /** Responder certificates trusted directly (PEM). */
  trustedRespondersPem?: string | string[];
  /** Reuse a verified answer this long when it has no nextUpdate. */
  cacheTtlMs?: number;
}

export interface VerificationContextConfig {
  trustedRootsPem: string | string[];
  intermediatesPem?: string | string[];
  tsaRootsPem?: string | string[];
  /** OCSP over HTTP (URL from the certificate's AIA unless `url` is set). */
  ocsp?: OcspConfig;
  crl?: CrlConfig;
  /** Sources are asked in this order. Default ['ocsp', 'crl']. */
  revocationOrder?: ('ocsp' | 'crl')[];
  /** NCANode base URL etc., for GOST signatures. */
  ncaNode?: Omit<NcaNodeOptions, 'fetch'>;
  maxCmsBytes?: number;
  policy?: Partial<VerificationPolicy>;
}

export interface ContextExtras {
  /** Asked after the configured sources. */
  revocationSources?: readonly RevocationSource[];
  /** Used instead of `ncaNode`. */
  externalVerifier?: SignatureVerifier;
}

export function createVerificationContextFromConfig(config: VerificationContextConfig, extra: ContextExtras = {}): VerificationContext {
  const certificateCache = new CertificateCache();
  const bySource: Record<'ocsp' | 'crl', RevocationSource | undefined> = {
    ocsp: config.ocsp
      ? createOcspRevocationSource({
          fetch: createHttpOcspFetcher(config.ocsp),
          trustedResponders: config.ocsp.trustedRespondersPem,
          cacheTtlMs: config.ocsp.cacheTtlMs,
          certificateCache,
        })
      : undefined,
    crl:
      config.crl && (config.crl.crls?.length || config.crl.http)
        ? createCrlRevocationSource({
            crls: config.crl.crls,
            fetchCrls: config.crl.http ? createHttpCrlFetcher(config.crl.http === true ? {} : config.crl.http) : undefined,
          })
        : undefined,
  };
  const configured = (config.revocationOrder ?? ['ocsp', 'crl']).map((kind) => bySource[kind]).filter((s): s is RevocationSource => !!s);
  return createVerificationContext({
    trustedRootsPem: config.trustedRootsPem,
    intermediatesPem: config.intermediatesPem,
    tsaRootsPem: config.tsaRootsPem,
    revocationSources: [...configured, ...(extra.revocationSources ?? [])],
    externalVerifier: extra.externalVerifier ?? (config.ncaNode ? createNcaNodeVerifier(config.ncaNode) : undefined),
    maxCmsBytes: config.maxCmsBytes,
    policy: config.policy,
    certificateCache,
  });
}
