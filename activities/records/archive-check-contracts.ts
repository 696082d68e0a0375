/** The archive re-verification's activities, as the workflow sees them (it imports this file as a type only). */
export interface ArchiveCheckBatchInput {
  runId: string;
  offset: number;
  size: number;
}
export interface ArchiveCheckBatchResult {
  /** Signatures checked in this batch. */
  checked: number;
  /** Where the next batch starts; absent when the run's documents are all checked. */
  next?: number;
}
export interface ArchiveCheckActivities {
  reverifyArchiveBatch(input: ArchiveCheckBatchInput): Promise<ArchiveCheckBatchResult>;
  finishArchiveCheck(input: { runId: string; failed?: string }): Promise<void>;
}
