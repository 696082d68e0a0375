/** The contract the departmental-control workflow imports (types only). */
export interface InformationReviewActivities {
  /** Opens the reviews of the Astana month before `atMs` (the workflow's clock, so replay is exact). */
  openInformationReviews(input: { atMs: number }): Promise<{ month: string; opened: number }>;
}
