/**
 * The exact bytes a signature covers: the card fields that are signed, in canonical JSON, with the
 * SHA-256 of every attachment. The server rebuilds them from what it stores; a client's own hash is
 * never trusted. Changing a signed field or an attachment changes these bytes and breaks the signature.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../db/models';
import { canonicalJson } from '../audit/canonical-json';

export const SIGNED_CONTENT_VERSION = 1;

export interface SignedContent {
  bytes: Buffer;
  sha256: string;
}

export interface AttachmentDigest {
  name: string;
  sha256: string;
  size: number;
}

/** Attachments are GridFS files of the "attachments" bucket whose metadata names the document. */
async function storedAttachmentDigests(models: Pick<Models, 'Document'>, documentId: string): Promise<AttachmentDigest[]> {
  const files = await models.Document.db
    .collection('attachments.files')
    .find({ 'metadata.documentId': documentId }, { projection: { filename: 1, length: 1, 'metadata.sha256': 1 } })
    .toArray();
  return files.map((f) => ({ name: String(f.filename), sha256: String(f.metadata?.sha256), size: Number(f.length) }));
}

export function createSignedContentBuilder(
  models: Pick<Models, 'Document'>,
  attachmentDigests: (documentId: string) => Promise<AttachmentDigest[]> = (id) => storedAttachmentDigests(models, id),
) {
  return async function signedContent(documentId: string): Promise<SignedContent> {
    const doc = await models.Document.findById(documentId).lean();
    if (!doc) throw new Error(`No document ${documentId}`);
    const manifest = {
      qujatSignedContent: SIGNED_CONTENT_VERSION,
      documentId: doc._id,
      type: doc.type,
      title: doc.title,
      language: doc.language,
      authorId: doc.authorId,
      correspondent: doc.correspondent ?? null,
      summary: doc.summary ?? null,
      participants: doc.participants ?? {},
      fields: doc.fields ?? {},
      attachments: (await attachmentDigests(documentId)).sort((a, b) => a.sha256.localeCompare(b.sha256)),
    };
    const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
}

export type SignedContentBuilder = ReturnType<typeof createSignedContentBuilder>;
