/**
 * Signature verification as an activity: load the stored CMS, rebuild the signed content, verify with
 * the signatures engine, and store the verdict with its evidence. Also the registration guard: never
 * register a document whose accepted signatures no longer match its content.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../../db/models';
import type { VerifyDocumentSignatureInput, VerifyDocumentSignatureResult } from '../contracts';
import { SIGNED_FIELDS, type SignedCard, type SignedContentBuilder } from '../../domain/signatures/signed-content';
import type { HandedSignature, SignatureHandoff } from '../../domain/signatures/signature-handoff';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';

export interface SigningActivityDeps {
  models: Models;
  verifyCms: CmsVerifier;
  signedContent: SignedContentBuilder;
  /** Signatures the API of this process has just stored (see signature-handoff.ts). */
  handoff?: SignatureHandoff;
}

export function createSigningActivities(deps: SigningActivityDeps) {
  const { models } = deps;

  /**
   * Idempotent: verifying the same stored signature again gives the same verdict (and rewrites it).
   * A refusal is a result, not an error: the workflow turns it into a refused action.
   */
  async function verifyDocumentSignature(input: VerifyDocumentSignatureInput): Promise<VerifyDocumentSignatureResult> {
    const { verdict, recorded } = await checkDocumentSignature(input);
    await recorded;
    return verdict;
  }

  /**
   * The check, answered as soon as the verdict is known, with the write that records it still on its way:
   * whoever calls it waits for `recorded` before it answers anyone, and may meanwhile do what the verdict allows.
   */
  async function checkDocumentSignature(input: VerifyDocumentSignatureInput): Promise<{ verdict: VerifyDocumentSignatureResult; recorded: Promise<unknown> }> {
    // Read by _id and matched to the document here: the embedded database answers only `{_id}` without a full scan.
    // The content is the one the API rebuilt and kept with the signature, or, for a signature stored without it,
    // rebuilt from the card now.
    const handed = deps.handoff?.take(input.signatureId);
    const signature = handed?.signature.documentId === input.documentId ? handed.signature : await storedSignature(input);
    if (!signature) throw ApplicationFailure.nonRetryable(`No signature ${input.signatureId} on ${input.documentId}`, 'SignatureMissing');
    const signers = [...new Set(input.signerEmployeeIds)];
    // The signer is the person who submitted it, whose IIN the API kept with it: that one is not read again.
    // Any other signer (a run recorded before substitutes signed with their own key names the task owner) is read.
    const keptIin = signers.length === 1 && signers[0] === signature.submittedBy ? signature.signerIin : undefined;
    const [expectedIins, content] = await Promise.all([
      keptIin ? [keptIin] : iinsOf(signers),
      signature.content ? keptContent(Buffer.from(signature.content)) : deps.signedContent(input.documentId),
    ]);
    const verify = () => deps.verifyCms({ cms: signature.cms, content: content.bytes, receivedAt: signature.createdAt, expectedIins, requiredRoles: input.requiredRoles });
    // The check the hand-off started asked exactly this: this verifier, the kept IIN over the kept content, no roles.
    const early = handed?.signature === signature && handed.early?.verifier === deps.verifyCms && keptIin && input.requiredRoles === undefined ? handed.early.verdict : undefined;
    const verdict =
      expectedIins.length === 0
        ? { valid: false, reason: 'signer-mismatch', failures: [{ code: 'signer-mismatch', message: 'The signer has no IIN on record to match the certificate against.' }], report: null }
        : await (early ? early.catch(verify) : verify());
    const recorded = Promise.all([
      models.Signature.updateOne(
        { _id: input.signatureId },
        { $set: { status: verdict.valid ? 'valid' : 'invalid', report: verdict.report ?? { failures: verdict.failures }, contentSha256: content.sha256, verifiedAt: new Date() } },
      ),
      // A refused signature is listed here, as no transition will list it: the archive keeps every signature
      // with its verdict. An accepted one is listed by the projection of its acceptance, in the card write that
      // projection makes anyway.
      verdict.valid ? undefined : listRefused(input.documentId, input.signatureId),
    ]);
    // Awaited by the caller; not an unhandled rejection should the caller fail first.
    recorded.catch(() => undefined);
    return { verdict: { valid: verdict.valid, reason: verdict.reason, failures: verdict.failures }, recorded };
  }

  /** The signature as stored, in the hand-off's shape; null when it is missing or on another document. */
  async function storedSignature(input: VerifyDocumentSignatureInput): Promise<HandedSignature | null> {
    const found = await models.Signature.findById(input.signatureId).lean();
    if (found?.documentId !== input.documentId) return null;
    return {
      documentId: found.documentId,
      submittedBy: found.submittedBy,
      signerIin: found.signerIin ?? undefined,
      cms: new Uint8Array(found.cms.buffer),
      content: found.content ? new Uint8Array(found.content.buffer) : undefined,
      createdAt: found.createdAt,
    };
  }

  /**
   * Only on a card that has a list (see the card's `signatureIds`): the filter says so beside the card's `_id`,
   * by which the embedded database still finds the one card (scripts/setup-tools.mjs, FERRET_PATCHES).
   */
  async function listRefused(documentId: string, signatureId: string): Promise<void> {
    await models.Document.updateOne({ _id: documentId, signatureIds: { $type: 'array' } }, { $addToSet: { signatureIds: signatureId } }, { timestamps: false });
  }

  /** The IINs on record of these people (someone without one adds none). */
  async function iinsOf(employeeIds: string[]): Promise<string[]> {
    const employees = await Promise.all(employeeIds.map((id) => models.Employee.findById(id, { iin: 1 }).lean()));
    return employees.map((e) => e?.iin).filter((iin): iin is string => !!iin);
  }

  /**
   * Every accepted signature must still cover the document as it is now. The card lists its signatures, so
   * they are read by `_id`; a card from before the list existed is searched by document (a scan on the
   * embedded database). `card`: the card with its signed fields and list, when the caller has read it.
   * `accepted`: signatures the route has accepted, which the card may not list yet (the projection of their
   * acceptance may still be on its way); read as well when it does not. They are read while the card is (when
   * the caller hands the card's read before it is answered): the card lists them too, and often nothing else.
   */
  async function assertSignaturesValid(documentId: string, card?: CardWithSignatures | Promise<CardWithSignatures | null>, accepted: string[] = []): Promise<void> {
    const fields = { documentId: 1, status: 1, contentSha256: 1 };
    const early = new Map(accepted.map((id) => [id, models.Signature.findById(id, fields).lean().exec()]));
    // Not awaited when the card turns out to have no list (or its read fails): not an unhandled rejection then.
    for (const read of early.values()) read.catch(() => undefined);
    const doc = (await card) ?? (await models.Document.findById(documentId, { ...SIGNED_FIELDS, signatureIds: 1 }).lean());
    const listed = doc?.signatureIds ? [...new Set([...doc.signatureIds, ...accepted])] : undefined;
    const [rows, current] = await Promise.all([
      listed
        ? Promise.all(listed.map((id) => early.get(id) ?? models.Signature.findById(id, fields).lean()))
        : models.Signature.find({ documentId, status: 'valid' }, fields).lean(),
      doc ? deps.signedContent(documentId, doc) : undefined,
    ]);
    const valid = rows.filter((s) => s?.documentId === documentId && s.status === 'valid');
    if (valid.length === 0 || !current) return;
    const stale = valid.filter((s) => s!.contentSha256 !== current.sha256);
    if (stale.length) {
      throw ApplicationFailure.nonRetryable(
        `The document changed after it was signed (${stale.length} signature(s) no longer match): it cannot be registered.`,
        'RegistrationRefused',
      );
    }
  }

  return { verifyDocumentSignature, checkDocumentSignature, assertSignaturesValid };
}

/** The card as the signature check reads it: its signed fields and its list of signatures. */
export type CardWithSignatures = SignedCard & { signatureIds?: string[] | null };

function keptContent(bytes: Buffer): { bytes: Buffer; sha256: string } {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
