/**
 * Revocation by OCSP. The transport is a plain function `(requestDer, target) => responseDer`, so production
 * plugs the HTTP fetcher and tests plug the in-process responder. Verified answers are cached per certificate
 * until nextUpdate (or `cacheTtlMs`), which keeps repeat signers off the network.
 */
import crypto from 'node:crypto';
import { CertificateCache } from '../certs/certificate-cache';
import { certificatesFrom } from '../pem';
import { LruCache } from '../lru-cache';
import type { ParsedCertificate } from '../certs/parsed-certificate';
import { buildOcspRequest } from './ocsp-request';
import { checkOcspResponse } from './ocsp-response';
import type { RevocationAnswer, RevocationQuery, RevocationSource } from './revocation-source';

export interface OcspTarget {
  /** The certificate's OCSP URLs (authorityInfoAccess); the transport may use its own fixed URL instead. */
  urls: string[];
  certificate: ParsedCertificate;
}

export type OcspTransport = (requestDer: Uint8Array, target: OcspTarget) => Promise<Uint8Array>;

export interface OcspSourceOptions {
  fetch: OcspTransport;
  /** Responder certificates trusted directly (PEM or DER), for responders not certified by the issuing CA. */
  trustedResponders?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Send a nonce and require it echoed when the responder echoes one. Default true. */
  useNonce?: boolean;
  /** How long a verified answer is reused when the response has no nextUpdate. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Age limit for responses without nextUpdate. Default 1 hour. */
  maxAgeMs?: number;
  clockSkewMs?: number;
  certificateCache?: CertificateCache;
}

export function createOcspRevocationSource(options: OcspSourceOptions): RevocationSource {
  const cache = options.certificateCache ?? new CertificateCache(1000);
  const trustedResponders = certificatesFrom(options.trustedResponders).map((der) => cache.get(der));
  const answers = new LruCache<string, { answer: RevocationAnswer; until: number }>(10_000);
  const cacheTtlMs = options.cacheTtlMs ?? 5 * 60_000;

  return {
    kind: 'ocsp',
    async check(query: RevocationQuery): Promise<RevocationAnswer> {
      const { certificate, issuer, now } = query;
      const key = `${certificate.sha256}:${issuer.sha256}`;
      const cached = answers.get(key);
      if (cached && cached.until > now.getTime()) return cached.answer;

      const nonce = options.useNonce === false ? undefined : crypto.randomBytes(16);
      let responseDer: Uint8Array;
      try {
        responseDer = await options.fetch(buildOcspRequest(certificate, issuer, nonce), { urls: certificate.ocspUrls, certificate });
      } catch (error) {
        return { status: 'unknown', source: 'ocsp', checkedAt: now, problem: { code: 'revocation-source-failed', message: `OCSP request failed: ${(error as Error).message}` } };
      }
      const answer = checkOcspResponse(responseDer, {
        certificate,
        issuer,
        now,
        nonce,
        maxAgeMs: options.maxAgeMs ?? 60 * 60_000,
        clockSkewMs: options.clockSkewMs ?? 5 * 60_000,
        trustedResponders,
        certificateCache: cache,
      });
      // Only verified, definitive answers are reused; failures are retried next time.
      if (answer.status !== 'unknown') answers.set(key, { answer, until: now.getTime() + cacheTtlMs });
      return answer;
    },
  };
}
