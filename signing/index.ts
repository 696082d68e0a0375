/**
 * signing/: the CMS (PKCS#7) signature verification engine. Library code used by activities and by the API's
 * worker pool, never by workflow code. See docs/signatures.md for what is checked and why.
 *
 *   verifyCms(input, context)           one CMS + the stored content → VerificationReport
 *   createVerificationContext(options)  trust anchors, caches, revocation sources, external verifier, policy
 *   createVerifyPool(options)           the same verification on worker threads
 *
 * Folders: der/ strict DER reader (hot path) and writer · cms/ input decoding, SignedData model and readers,
 * the per-SignerInfo crypto core, the builder · crypto/ algorithm identifiers → Node crypto, and gost/ (GOST hashes
 * and curves, verified natively) · certs/ parsed
 * certificates, their cache, the chain builder · revocation/ CRL and OCSP sources, HTTP transports, policy ·
 * timestamp/ RFC 3161 tokens · policy/ key usage, identity, roles · external/ the optional verifier plug (NCANode) ·
 * dev-ca/ development and test PKI only, never used by verification.
 */
export { verifyCms } from './verify-cms';
export { createVerificationContext } from './verification-context';
export type { VerificationContext, VerificationContextOptions } from './verification-context';
export { createVerificationContextFromConfig } from './verification-config';
export type { VerificationContextConfig, CrlConfig } from './verification-config';
export { parseCmsInput } from './cms/parse-input';
export type { ParseCmsInputOptions } from './cms/parse-input';
export { CmsVerificationError } from './failure';
export { createVerifyPool } from './verify-pool';
export type { VerifyPool, VerifyPoolOptions } from './verify-pool';

export type { RevocationSource, RevocationQuery, RevocationAnswer } from './revocation/revocation-source';
export { createCrlRevocationSource, CrlIndexCache } from './revocation/crl-source';
export type { CrlSourceOptions, CrlFetchRequest } from './revocation/crl-source';
export { createOcspRevocationSource } from './revocation/ocsp-source';
export type { OcspSourceOptions, OcspTransport, OcspTarget } from './revocation/ocsp-source';
export { createHttpOcspFetcher, createHttpCrlFetcher } from './revocation/http-fetchers';
export type { SignatureVerifier, ExternalSignerVerdict, ExternalVerifyRequest } from './external/signature-verifier';
export { createNcaNodeVerifier } from './external/ncanode-verifier';
export type { NcaNodeOptions } from './external/ncanode-verifier';
export { isValidIin, iinControlDigit } from './policy/iin';
export { ROLE_OIDS } from './oids';
export { DEFAULT_POLICY, DEFAULT_MAX_CMS_BYTES } from './types';
export type {
  VerificationReport,
  SignerReport,
  SignerSubject,
  RevocationReport,
  Finding,
  FailureCode,
  WarningCode,
  SigningTimeSource,
  VerifyCmsInput,
  ExpectedSigner,
  RequiredRoles,
  SignerRole,
  VerificationPolicy,
} from './types';
