/**
 * Wires the signatures engine (signing/) for the worker: trust anchors and CRLs from the trust folder,
 * OCSP over HTTP when configured, NCANode (only for algorithms not verified natively) when configured, verification in a worker-thread pool
 * so a burst of signatures never stalls the worker's event loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config';
import { createVerifyPool, type VerifyPool } from '../../signing';
import type { VerificationReport } from '../../signing/types';

/** What the activity needs of the verification engine (adapted below). */
export type CmsVerifier = (input: {
  cms: Uint8Array;
  content: Uint8Array;
  receivedAt: Date;
  expectedIins: string[];
  requiredRoles?: string[];
}) => Promise<{ valid: boolean; reason?: string; failures: Array<{ code: string; message: string }>; report: unknown }>;

export interface TrustMaterial {
  trustedRootsPem: string;
  intermediatesPem?: string;
  crls: Uint8Array[];
}

/** trusted-roots.pem (required), intermediates.pem (optional), crl/*.crl|*.pem (optional). */
export function readTrustDir(dir: string): TrustMaterial | undefined {
  const rootsFile = path.join(dir, 'trusted-roots.pem');
  if (!fs.existsSync(rootsFile)) return undefined;
  const intermediatesFile = path.join(dir, 'intermediates.pem');
  const crlDir = path.join(dir, 'crl');
  const crls = fs.existsSync(crlDir)
    ? fs.readdirSync(crlDir).filter((f) => /\.(crl|pem)$/.test(f)).sort().map((f) => new Uint8Array(fs.readFileSync(path.join(crlDir, f))))
    : [];
  return {
    trustedRootsPem: fs.readFileSync(rootsFile, 'utf8'),
    intermediatesPem: fs.existsSync(intermediatesFile) ? fs.readFileSync(intermediatesFile, 'utf8') : undefined,
    crls,
  };
}

/** The first failure of the envelope or of each signer, in the shape the workflow reports. */
export function failuresOf(report: VerificationReport): Array<{ code: string; message: string }> {
  const fromSigners = report.signers.flatMap((s) => s.failures.map((f) => ({ code: f.code, message: f.message })));
  if (fromSigners.length || report.valid) return fromSigners;
  return [{ code: report.reason ?? 'invalid', message: `The CMS was refused: ${report.reason ?? 'invalid'}.` }];
}

export function verifierFromPool(pool: Pick<VerifyPool, 'verify'>): CmsVerifier {
  return async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await pool.verify({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles });
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
}

/**
 * Without trust anchors nothing can verify, so every signature is refused with a reason that says how
 * to configure them (never accepted, never a crash).
 */
function refuseWithoutTrust(dir: string): CmsVerifier {
  const message = `No trusted root certificates: put trusted-roots.pem into ${dir} (npm start creates a dev CA there) or set QUJAT_TRUST_DIR.`;
  return async () => ({ valid: false, reason: 'untrusted-root', failures: [{ code: 'untrusted-root', message }], report: null });
}

export interface CmsVerifierHandle {
  verifyCms: CmsVerifier;
  /** Stops the worker threads. */
  close(): Promise<void>;
}

export async function createCmsVerifier(config: Pick<AppConfig, 'signing'>): Promise<CmsVerifierHandle> {
  const trust = readTrustDir(config.signing.trustDir);
  if (!trust) return { verifyCms: refuseWithoutTrust(config.signing.trustDir), close: async () => undefined };
  const pool = createVerifyPool({
    context: {
      trustedRootsPem: trust.trustedRootsPem,
      intermediatesPem: trust.intermediatesPem,
      crl: { crls: trust.crls, http: config.signing.ocspOverHttp },
      ocsp: config.signing.ocspOverHttp ? {} : undefined,
      ncaNode: config.signing.externalVerifierUrl ? { url: config.signing.externalVerifierUrl } : undefined,
    },
  });
  return { verifyCms: verifierFromPool(pool), close: () => pool.close() };
}
