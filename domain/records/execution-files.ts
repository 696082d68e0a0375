/**
 * Files of an execution card (the report's attachments). They are stored like a document's files, with the
 * same limits and format checks, under an owner key of their own per (document, resolution, executor): so
 * each card has its own file count and size limit, and the document's signed content (which lists the
 * document's own files) does not change when an executor reports.
 */
export function executionFilesOwner(documentId: string, resolutionId: string, executorId: string): string {
  return `exec:${documentId}:${resolutionId}:${executorId}`;
}

/** Whether a stored file's owner key belongs to this document's execution cards. */
export function isExecutionFileOf(owner: string, documentId: string): boolean {
  return owner.startsWith(`exec:${documentId}:`);
}
