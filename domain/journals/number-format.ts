/** Renders a registration number from the journal's template, e.g. "{index}/{seq}" → "01-12/345". */
export function formatRegistrationNumber(
  journal: { index: string; format: string; width?: number | null },
  seq: number,
  year: number,
): string {
  const padded = journal.width ? String(seq).padStart(journal.width, '0') : String(seq);
  return journal.format.replace(/\{index\}/g, journal.index).replace(/\{seq\}/g, padded).replace(/\{year\}/g, String(year));
}

/** The year a registration counts in: the calendar year in Astana (UTC+5), not in UTC. */
export function astanaYear(at: Date): number {
  return new Date(at.getTime() + 5 * 3600_000).getUTCFullYear();
}
