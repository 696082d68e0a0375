/**
 * The exact bytes a signature covers: the card fields that are signed, in canonical JSON, with the
 * SHA-256 of every attachment. The server rebuilds them from what it stores; a client's own hash is
 * never trusted. Changing a signed field or an attachment changes these bytes and breaks the signature.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../db/models';
import { canonicalJson } from '../audit/canonical-json';

export const SIGNED_CONTENT_VERSION = 1;

/** The card fields the signed content is built from. */
export const SIGNED_FIELDS = { type: 1, title: 1, language: 1, authorId: 1, correspondent: 1, summary: 1, participants: 1, fields: 1, attachmentIds: 1 } as const;

export interface SignedCard {
  _id: string;
  type: string;
  title: string;
  language?: string | null;
  authorId: string;
  correspondent?: string | null;
  summary?: string | null;
  participants?: unknown;
  fields?: unknown;
  /** Its attachment files' ids; absent on cards from before the list existed. */
  attachmentIds?: string[] | null;
}

export interface SignedContent {
  bytes: Buffer;
  sha256: string;
}

export interface AttachmentDigest {
  name: string;
  sha256: string;
  size: number;
}

/**
 * Attachments are GridFS files of the "attachments" bucket whose metadata names the document. A card lists
 * the ids of its files (`attachmentIds`, widened before an upload starts), so they are read by `_id`; a card
 * from before the list existed is searched by document (a scan on the embedded database).
 */
async function storedAttachmentDigests(models: Pick<Models, 'Document'>, documentId: string, listed: string[] | undefined): Promise<AttachmentDigest[]> {
  const filesOf = models.Document.db.collection('attachments.files');
  const projection = { filename: 1, length: 1, 'metadata.sha256': 1, 'metadata.documentId': 1 };
  const files = listed
    ? (await Promise.all(listed.map((id) => filesOf.findOne({ _id: id as never }, { projection })))).filter((f) => f !== null && f.metadata?.documentId === documentId)
    : await filesOf.find({ 'metadata.documentId': documentId }, { projection }).toArray();
  return files.map((f) => ({ name: String(f!.filename), sha256: String(f!.metadata?.sha256), size: Number(f!.length) }));
}

export function createSignedContentBuilder(
  models: Pick<Models, 'Document'>,
  attachmentDigests: (documentId: string, listed: string[] | undefined) => Promise<AttachmentDigest[]> = (id, listed) => storedAttachmentDigests(models, id, listed),
) {
  /** `card`: the card when the caller has just read it (the signed fields), saving a read. */
  return async function signedContent(documentId: string, card?: SignedCard): Promise<SignedContent> {
    const doc = card ?? (await models.Document.findById(documentId, SIGNED_FIELDS).lean<SignedCard>());
    if (!doc) throw new Error(`No document ${documentId}`);
    const attachments = await attachmentDigests(documentId, doc.attachmentIds ?? undefined);
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
      attachments: attachments.sort((a, b) => a.sha256.localeCompare(b.sha256)),
    };
    const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
}

export type SignedContentBuilder = ReturnType<typeof createSignedContentBuilder>;
