/**
 * verifyCms: CMS in any accepted encoding + the stored content → one report. Envelope problems (encoding, size,
 * not SignedData, attached content that differs from ours) are reported as `reason`; each SignerInfo gets its
 * own entry with its failures. The content is hashed here, once per algorithm; nothing the client says about
 * the content's hash is used.
 */
import { sameBytes } from './certs/parsed-certificate';
import { parseCmsInput } from './cms/parse-input';
import { readSignedData } from './cms/read-signed-data';
import type { CmsSignedData } from './cms/signed-data-model';
import { parseBagCertificates } from './cms/signer-core';
import { digest, type HashName } from './crypto/algorithms';
import type { ExternalSignerVerdict } from './external/signature-verifier';
import { CmsVerificationError } from './failure';
import type { FailureCode, VerificationReport, VerifyCmsInput } from './types';
import type { VerificationContext } from './verification-context';
import { verifySigner } from './verify-signer';

const MAX_SIGNERS = 16;
const MAX_CERTIFICATES = 64;

export async function verifyCms(input: VerifyCmsInput, context: VerificationContext): Promise<VerificationReport> {
  const now = context.now();
  const policy = { ...context.policy, ...input.policy };
  const content = input.content;
  const digests = new Map<HashName, Buffer>();
  const contentDigest = (hash: HashName): Buffer => {
    let value = digests.get(hash);
    if (!value) {
      value = digest(hash, content);
      digests.set(hash, value);
    }
    return value;
  };
  const base = { verifiedAt: now.toISOString() };
  const refuse = (reason: FailureCode): VerificationReport => ({ valid: false, reason, signers: [], contentSha256: contentDigest('sha256').toString('hex'), ...base });

  let der: Uint8Array;
  let signedData: CmsSignedData;
  try {
    der = parseCmsInput(input.cms, { maxBytes: context.maxCmsBytes });
    signedData = readSignedData(der);
  } catch (error) {
    if (error instanceof CmsVerificationError) return refuse(error.code);
    throw error;
  }
  if (signedData.signerInfos.length === 0) return refuse('no-signers');
  // Each certificate costs a pkijs parse and each signer a signature check: bound what one request can demand.
  if (signedData.signerInfos.length > MAX_SIGNERS || signedData.certificates.length > MAX_CERTIFICATES) return refuse('malformed-cms');

  const envelopeReason: FailureCode | undefined = signedData.eContent && !sameBytes(signedData.eContent, content) ? 'content-mismatch' : undefined;
  const { certificates: bag } = parseBagCertificates(signedData.certificates, context.certificateCache);

  let externalRun: Promise<ExternalSignerVerdict[]> | undefined;
  const external = context.externalVerifier
    ? () => (externalRun ??= context.externalVerifier!.verify({ cms: der, content, detached: !signedData.eContent }))
    : undefined;

  const signers = await Promise.all(
    signedData.signerInfos.map((info) =>
      verifySigner(
        {
          info,
          signedData,
          bag,
          content,
          contentDigest,
          receivedAt: input.receivedAt,
          now,
          policy,
          expectedSigner: input.expectedSigner,
          requiredRoles: input.requiredRoles,
          external,
        },
        context,
      ),
    ),
  );
  const firstSignerFailure = signers.find((s) => !s.valid)?.failures[0]?.code;
  const reason = envelopeReason ?? firstSignerFailure;
  return {
    valid: reason === undefined,
    ...(reason ? { reason } : {}),
    signers,
    contentSha256: contentDigest('sha256').toString('hex'),
    ...base,
  };
}
