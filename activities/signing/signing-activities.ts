/**
 * Signature verification as an activity: load the stored CMS, rebuild the signed content, verify with
 * the signatures engine, and store the verdict with its evidence. Also the registration guard: never
 * register a document whose accepted signatures no longer match its content.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../../db/models';
import type { VerifyDocumentSignatureInput, VerifyDocumentSignatureResult } from '../contracts';
import type { SignedContentBuilder } from '../../domain/signatures/signed-content';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';

export interface SigningActivityDeps {
  models: Models;
  verifyCms: CmsVerifier;
  signedContent: SignedContentBuilder;
}

export function createSigningActivities(deps: SigningActivityDeps) {
  const { models } = deps;

  /**
   * Idempotent: verifying the same stored signature again gives the same verdict (and rewrites it).
   * A refusal is a result, not an error: the workflow turns it into a refused action.
   */
  async function verifyDocumentSignature(input: VerifyDocumentSignatureInput): Promise<VerifyDocumentSignatureResult> {
    // Read by _id and matched to the document here: the embedded database answers only `{_id}` without a full scan.
    const found = await models.Signature.findById(input.signatureId).lean();
    const signature = found?.documentId === input.documentId ? found : null;
    if (!signature) throw ApplicationFailure.nonRetryable(`No signature ${input.signatureId} on ${input.documentId}`, 'SignatureMissing');
    const employees = await Promise.all([...new Set(input.signerEmployeeIds)].map((id) => models.Employee.findById(id, { iin: 1 }).lean()));
    const expectedIins = employees.map((e) => e?.iin).filter((iin): iin is string => !!iin);
    const content = await deps.signedContent(input.documentId);
    const verdict =
      expectedIins.length === 0
        ? { valid: false, reason: 'signer-mismatch', failures: [{ code: 'signer-mismatch', message: 'The signer has no IIN on record to match the certificate against.' }], report: null }
        : await deps.verifyCms({ cms: new Uint8Array(signature.cms.buffer), content: content.bytes, receivedAt: signature.createdAt, expectedIins, requiredRoles: input.requiredRoles });
    await models.Signature.updateOne(
      { _id: signature._id },
      { $set: { status: verdict.valid ? 'valid' : 'invalid', report: verdict.report ?? { failures: verdict.failures }, contentSha256: content.sha256, verifiedAt: new Date() } },
    );
    return { valid: verdict.valid, reason: verdict.reason, failures: verdict.failures };
  }

  /** Every accepted signature must still cover the document as it is now. */
  async function assertSignaturesValid(documentId: string): Promise<void> {
    const accepted = await models.Signature.find({ documentId, status: 'valid' }, { contentSha256: 1 }).lean();
    if (accepted.length === 0) return;
    const current = await deps.signedContent(documentId);
    const stale = accepted.filter((s) => s.contentSha256 !== current.sha256);
    if (stale.length) {
      throw ApplicationFailure.nonRetryable(
        `The document changed after it was signed (${stale.length} signature(s) no longer match): it cannot be registered.`,
        'RegistrationRefused',
      );
    }
  }

  return { verifyDocumentSignature, assertSignaturesValid };
}
