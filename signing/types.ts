/**
 * The one report shape every verifier returns (local pkijs/Node crypto path and the external GOST service),
 * plus the input and policy types. Dates are ISO strings so a report crosses worker threads, Temporal payloads
 * and HTTP unchanged.
 */

/** Machine-readable reasons. Stable strings: add new ones, never rename (they are stored in audit events). */
export type FailureCode =
  | 'malformed-encoding'
  | 'too-large'
  | 'not-signed-data'
  | 'malformed-cms'
  | 'no-signers'
  | 'content-mismatch'
  | 'digest-mismatch'
  | 'bad-signature'
  | 'signer-certificate-missing'
  | 'unsupported-algorithm'
  | 'weak-key'
  | 'untrusted-root'
  | 'chain-invalid'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'signing-time-implausible'
  | 'timestamp-invalid'
  | 'revoked'
  | 'revocation-unknown'
  | 'ocsp-response-invalid'
  | 'crl-invalid'
  | 'not-a-signing-key'
  | 'signer-mismatch'
  | 'organisation-mismatch'
  | 'role-missing'
  | 'external-verifier-failed';

export type WarningCode =
  | 'iin-checksum'
  | 'bin-checksum'
  | 'revocation-unknown'
  | 'revoked-after-signing'
  | 'revocation-source-failed'
  | 'crl-stale'
  | 'ocsp-stale'
  | 'ocsp-response-invalid'
  | 'crl-invalid'
  | 'no-signed-attributes';

export interface Finding<C extends string = FailureCode> {
  code: C;
  message: string;
}

export type SigningTimeSource = 'signingTime' | 'timestamp' | 'receipt';

export interface RevocationReport {
  status: 'good' | 'revoked' | 'unknown';
  source: 'ocsp' | 'crl' | 'none';
  /** The time the revocation evidence speaks for (OCSP/CRL thisUpdate); verification time when there is none. */
  checkedAt: string;
  revokedAt?: string;
}

export interface SignerSubject {
  commonName: string;
  /** 12 digits, from SERIALNUMBER=IIN… */
  iin?: string;
  /** 12 digits, from OU=BIN… (organisation certificates). */
  bin?: string;
  organisation?: string;
}

export interface SignerReport {
  valid: boolean;
  failures: Finding[];
  warnings: Finding<WarningCode>[];
  subject: SignerSubject;
  /** Role names (see `SIGNER_ROLES`) and unknown NCA role OIDs from the certificate's EKU. */
  roles: string[];
  issuer: string;
  /** Lower-case hex without leading zero octets. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** e.g. "RSA-PKCS1-v1_5/SHA-256", "RSA-PSS/SHA-256", "ECDSA-P256/SHA-256", or the OID for unknown ones. */
  algorithm: string;
  signingTime: string;
  signingTimeSource: SigningTimeSource;
  revocation: RevocationReport;
  /** Subject names from the signer certificate up to the trusted root; empty when no chain was found. */
  chain: string[];
}

export interface VerificationReport {
  valid: boolean;
  /** The first failure: the envelope's, or the first failing signer's. Absent when valid. */
  reason?: FailureCode;
  signers: SignerReport[];
  /** SHA-256 of the stored content, computed here (a client-supplied hash is never trusted). */
  contentSha256: string;
  verifiedAt: string;
}

/** NCA role EKU names; the OIDs are in `oids.ts`. */
export type SignerRole =
  | 'individual'
  | 'organisation'
  | 'first-head'
  | 'right-to-sign'
  | 'financial-signer'
  | 'hr'
  | 'employee';

export interface ExpectedSigner {
  /** The assignee's IIN and the IINs of those they substitute for; the signer must hold one of them. */
  iins?: readonly string[];
  /** When given, the certificate must be an organisation certificate of this BIN (with no `iins`: any signer of it). */
  bin?: string;
}

/** An array means "all of"; `{ anyOf }` means at least one (e.g. first head or right to sign). */
export type RequiredRoles = readonly (SignerRole | string)[] | { anyOf: readonly (SignerRole | string)[] };

export interface VerificationPolicy {
  /** Refuse when no revocation source gives a definitive answer. */
  requireRevocationCheck: boolean;
  /** keyUsage digitalSignature + nonRepudiation and EKU emailProtection on the signer certificate. */
  requireSigningKeyUsage: boolean;
  /** A signingTime attribute may be this far ahead of the receipt time (clock skew). */
  signingTimeFutureSkewMs: number;
  /**
   * A signingTime attribute may be at most this old at receipt. The attribute is the signer's own claim, so
   * without this bound a stolen, since-expired key could sign with a back-dated time.
   */
  signingTimeMaxAgeMs: number;
  minRsaBits: number;
}

export interface VerifyCmsInput {
  /** base64 DER, PEM (CMS / PKCS7), or raw DER bytes. */
  cms: string | Uint8Array;
  /** The stored document bytes; hashed here. */
  content: Uint8Array;
  /** When the server received the signature; the signing time when the CMS carries no better one. */
  receivedAt: Date;
  expectedSigner?: ExpectedSigner;
  requiredRoles?: RequiredRoles;
  policy?: Partial<VerificationPolicy>;
}

export const DEFAULT_POLICY: VerificationPolicy = {
  requireRevocationCheck: true,
  requireSigningKeyUsage: true,
  signingTimeFutureSkewMs: 5 * 60_000,
  signingTimeMaxAgeMs: 24 * 60 * 60_000,
  minRsaBits: 2048,
};

export const DEFAULT_MAX_CMS_BYTES = 2 * 1024 * 1024;
