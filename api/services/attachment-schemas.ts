/** A stored file of a document as the API shows it, and a document's list of files with its limits. */
import { ATTACHMENT_KINDS } from '../../db/models/attachment';
import { z } from '../../domain/zod';

export const attachmentView = z
  .object({
    id: z.string(),
    documentId: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    filename: z.string(),
    format: z.string(),
    contentType: z.string(),
    size: z.number(),
    sha256: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
  })
  .openapi('Attachment');
export const attachmentList = z
  .object({ documentId: z.string(), limits: z.object({ maxFiles: z.number(), maxTotalBytes: z.number() }), items: z.array(attachmentView) })
  .openapi('AttachmentList');
