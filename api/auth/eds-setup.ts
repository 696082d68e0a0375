/**
 * Builds the API's EDS port from the same trust folder the worker uses (domain/signatures/signing-setup):
 * without trusted roots there is no EDS sign-in (503 with a reason), never a guess.
 */
import type { AppConfig } from '../../config';
import { readTrustDir } from '../../domain/signatures/signing-setup';
import { createVerificationContextFromConfig } from '../../signing';
import type { EdsPort } from './eds-port';
import { createSigningEngineEds } from './signing-engine-eds';

export function createEdsPortFromConfig(config: Pick<AppConfig, 'signing'>): EdsPort | undefined {
  const trust = readTrustDir(config.signing.trustDir);
  if (!trust) return undefined;
  const context = createVerificationContextFromConfig({
    trustedRootsPem: trust.trustedRootsPem,
    intermediatesPem: trust.intermediatesPem,
    crl: { crls: trust.crls, http: config.signing.ocspOverHttp },
    ocsp: config.signing.ocspOverHttp ? {} : undefined,
    ncaNode: config.signing.externalVerifierUrl ? { url: config.signing.externalVerifierUrl } : undefined,
  });
  return createSigningEngineEds(context);
}
