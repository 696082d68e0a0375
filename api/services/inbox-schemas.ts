/** The inbox's answers: one page of a view, and the counts per view. */
import { DOCUMENT_STATUSES } from '../../domain/documents/document-state';
import { z } from '../../domain/zod';

export const inboxItem = z.object({
  documentId: z.string(),
  taskId: z.string(),
  title: z.string(),
  documentType: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  stageId: z.string().optional(),
  ownerId: z.string(),
  onBehalfOf: z.string().optional(),
  openedAt: z.string(),
  dueAt: z.string().optional(),
  overdue: z.boolean(),
});
export const inboxPage = z
  .object({ view: z.string(), page: z.number(), pageSize: z.number(), total: z.number(), items: z.array(inboxItem) })
  .openapi('InboxPage');
export const countsView = z.record(z.number()).openapi('InboxCounts');
