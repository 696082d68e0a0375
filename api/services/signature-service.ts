/**
 * Signatures arriving from clients (NCALayer, openssl, our CLI signer): decoded and size-capped here, stored
 * as sent, then handed to the workflow's sign Update, whose activity verifies them against the content the
 * server rebuilds itself. A client's hash is never trusted.
 */
import { randomUUID } from 'node:crypto';
import type { Models } from '../../db/models';
import { sharedSignatureHandoff } from '../../domain/signatures/signature-handoff';
import { createSignedContentBuilder, type SignedCard } from '../../domain/signatures/signed-content';
import { CmsVerificationError, parseCmsInput } from '../../signing';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

export function createSignatureService(deps: { models: Models; documents: DocumentService }) {
  const { models, documents } = deps;
  const signedContent = createSignedContentBuilder(models);
  const handoff = sharedSignatureHandoff(models.Signature);

  /** The exact bytes to sign (base64) and their SHA-256, for clients that sign detached content. */
  async function contentToSign(actor: AuthenticatedActor, documentId: string) {
    // The card read for the visibility check is the one the content is built from, as in `submit`: one read.
    const card = await documents.loadVisible(actor, documentId);
    const content = await signedContent(documentId, card as unknown as SignedCard);
    return { documentId, contentBase64: content.bytes.toString('base64'), sha256: content.sha256, mediaType: 'application/json' };
  }

  async function submit(actor: AuthenticatedActor, documentId: string, body: { cms: string; onBehalfOf?: string }) {
    const card = await documents.loadVisible(actor, documentId);
    let der: Uint8Array;
    try {
      der = parseCmsInput(body.cms);
    } catch (error) {
      if (error instanceof CmsVerificationError) throw problems.validation([{ field: 'body.cms', message: error.message }]);
      throw error;
    }
    const signatureId = randomUUID();
    const onBehalfOf = body.onBehalfOf === actor.employeeId ? undefined : body.onBehalfOf;
    // The content rebuilt from the card this request has read, kept with the signature: its check verifies
    // against these bytes without reading the card again. The check records their hash, and registration
    // compares it with the card as it is then, so an edit made after this read still stops the registration.
    const content = await signedContent(documentId, card as unknown as SignedCard);
    const document = await documents.sign(
      actor,
      documentId,
      onBehalfOf,
      async () => {
        // Not listed on the card here: the projection of the sign lists the signatures the route accepted in the
        // card write it makes anyway, and the check lists a refused one (see the card's `signatureIds`). A
        // signature stored by a request that failed before its sign Update stays pending and unlisted.
        // The signer's IIN as the session knows it goes with the signature: its check matches the certificate
        // against it without reading the person.
        const stored = await models.Signature.create({
          _id: signatureId,
          documentId,
          submittedBy: actor.employeeId,
          onBehalfOf,
          signerIin: actor.iin,
          cms: Buffer.from(der),
          content: content.bytes,
          status: 'pending',
        });
        // To its check, when the worker runs in this process (see signature-handoff.ts).
        handoff.hand(signatureId, { documentId, submittedBy: actor.employeeId, signerIin: actor.iin, cms: der, content: content.bytes, createdAt: stored.createdAt });
        return signatureId;
      },
      card,
    );
    return { signatureId, document };
  }

  async function list(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const rows = await models.Signature.find({ documentId }, { cms: 0 }).sort({ createdAt: 1 }).lean();
    return rows.map((s) => ({
      id: s._id,
      submittedBy: s.submittedBy,
      onBehalfOf: s.onBehalfOf ?? undefined,
      status: s.status,
      contentSha256: s.contentSha256 ?? undefined,
      verifiedAt: s.verifiedAt?.toISOString(),
      submittedAt: s.createdAt.toISOString(),
      report: (s.report ?? null) as Record<string, unknown> | null,
    }));
  }

  /** The stored CMS exactly as it was received (documents are kept in the form they were signed in). */
  async function raw(actor: AuthenticatedActor, documentId: string, signatureId: string): Promise<Buffer> {
    await documents.loadVisible(actor, documentId);
    // By _id, the document compared here (the embedded database scans for any other filter).
    const s = await models.Signature.findById(signatureId, { cms: 1, documentId: 1 }).lean();
    if (s?.documentId !== documentId) throw problems.notFound(`Signature ${signatureId}`);
    return Buffer.from(s.cms.buffer);
  }

  return { contentToSign, submit, list, raw };
}

export type SignatureService = ReturnType<typeof createSignatureService>;
