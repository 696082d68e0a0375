/**
 * The pluggable revocation interface. A source answers for one certificate (with its issuer, which CRL and OCSP
 * checks need); `undefined` or status 'unknown' means "ask the next source".
 */
import type { ParsedCertificate } from '../certs/parsed-certificate';
import type { Finding } from '../types';

/**
 * Why a source could not answer. `ocsp-response-invalid` / `crl-invalid` mean forged or broken evidence: refused
 * even when the policy tolerates missing revocation data. The others only mean "no answer here".
 */
export type RevocationProblemCode = 'ocsp-response-invalid' | 'crl-invalid' | 'revocation-unknown' | 'crl-stale' | 'ocsp-stale' | 'revocation-source-failed';

export interface RevocationQuery {
  certificate: ParsedCertificate;
  issuer: ParsedCertificate;
  /** The current time: revocation data must be fresh now, whatever the signing time. */
  now: Date;
}

export interface RevocationAnswer {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl';
  /** The time the evidence speaks for (OCSP thisUpdate, CRL thisUpdate). */
  checkedAt: Date;
  revokedAt?: Date;
  problem?: Finding<RevocationProblemCode>;
}

export interface RevocationSource {
  readonly kind: 'ocsp' | 'crl';
  check(query: RevocationQuery): Promise<RevocationAnswer | undefined>;
}
