/**
 * The nomenclature of files (номенклатура дел): per year, sections by unit, each file with its index,
 * title, storage period (years, or permanent) and medium (electronic or paper, seed-003 §§33, 50).
 * Executed documents are filed into an open file of their year; a file is closed at the end of the year,
 * and its storage period counts from 1 January of the next year (the archival rule: "from 1 January of the
 * year following the year the file was closed").
 */

export interface CaseFileFacts {
  year: number;
  index: string;
  state: 'open' | 'closed' | 'archived' | 'destroyed';
  retentionYears?: number | null;
  journals?: readonly string[];
  unitId: string;
}

export const caseFileId = (year: number, index: string): string => `${year}:${index}`;

/** The year a storage period ends (the file may be destroyed from 1 January of the year after); undefined = permanent. */
export function retentionEndsYear(file: Pick<CaseFileFacts, 'year' | 'retentionYears'>): number | undefined {
  if (file.retentionYears === undefined || file.retentionYears === null) return undefined;
  return file.year + file.retentionYears;
}

/** Whether the storage period is over on `astanaYear` (the calendar year in Astana now). */
export function retentionExpired(file: Pick<CaseFileFacts, 'year' | 'retentionYears'>, astanaYear: number): boolean {
  const ends = retentionEndsYear(file);
  return ends !== undefined && astanaYear > ends;
}

export type FilingRefusal = { field: string; status: 409 | 422; message: string } | undefined;

/** Whether a document of `documentYear` in `status` may go into this file. */
export function checkFiling(file: CaseFileFacts, document: { status: string; year: number }): FilingRefusal {
  if (file.state !== 'open') return { field: 'body.fileId', status: 409, message: `the file ${file.index} is ${file.state}; documents go into an open file` };
  if (document.status !== 'executed') return { field: 'status', status: 409, message: `only executed documents are filed; this one is ${document.status}` };
  if (document.year !== file.year) return { field: 'body.fileId', status: 422, message: `the document belongs to ${document.year}; the file is of ${file.year}` };
  return undefined;
}

/** Files suggested for a document: those of its year that collect its journal, then those of the author's unit. */
export function suggestFiles<F extends CaseFileFacts>(files: readonly F[], document: { year: number; journal?: string; unitId?: string }): F[] {
  const score = (f: F) => (document.journal && f.journals?.includes(document.journal) ? 2 : 0) + (document.unitId && f.unitId === document.unitId ? 1 : 0);
  return files
    .filter((f) => f.state === 'open' && f.year === document.year && score(f) > 0)
    .sort((a, b) => score(b) - score(a) || a.index.localeCompare(b.index, 'ru', { numeric: true }));
}

/** Files are closed once their year is over; the current year's file may be closed early only one by one. */
export function checkCloseYear(year: number, astanaYear: number): string | undefined {
  return year < astanaYear ? undefined : `the year ${year} is not over yet`;
}
