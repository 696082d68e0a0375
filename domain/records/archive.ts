/**
 * The archive's rules: which files go into the archive, what a legal hold stops, which archived files a
 * destruction act may list, and how a re-verification compares a signature's verdict now with the one it
 * had when it was made. Pure: the services read the records and apply these.
 */
import { retentionExpired, type CaseFileFacts } from './nomenclature';

/** Who hands files to the archive and compiles destruction acts: the registry office acts as the archivist. */
export const ARCHIVISTS = ['registrar', 'administrator'] as const;
/** Anyone answerable for records may stop a destruction by a hold… */
export const HOLD_SETTERS = ['registrar', 'administrator', 'auditor'] as const;
/** …but only those who do not compile the acts may lift it (the archivist cannot free what it wants to destroy). */
export const HOLD_LIFTERS = ['administrator', 'auditor'] as const;

export type ArchiveRefusal = { status: 409; code: string; field: string; message: string } | undefined;

/** A file is archived once it is closed; an archived file is archived again without harm (nothing new to add). */
export function checkArchiveFile(file: Pick<CaseFileFacts, 'state' | 'index'>): ArchiveRefusal {
  if (file.state === 'open') return { status: 409, code: 'file-not-closed', field: 'fileId', message: `the file ${file.index} is still open; close it first` };
  if (file.state === 'destroyed') return { status: 409, code: 'file-destroyed', field: 'fileId', message: `the file ${file.index} was destroyed` };
  return undefined;
}

export const holdId = (kind: 'file' | 'document', targetId: string): string => `${kind}:${targetId}`;

export interface HoldFacts {
  kind: 'file' | 'document';
  targetId: string;
  reason: string;
}

/** The hold that keeps this document, its own or its file's; undefined when none. */
export function holdOn(holds: readonly HoldFacts[], documentId: string, fileId: string): HoldFacts | undefined {
  return holds.find((h) => h.kind === 'document' && h.targetId === documentId) ?? holds.find((h) => h.kind === 'file' && h.targetId === fileId);
}

/** An archived file whose storage period is over by `astanaYear` and that is under no hold may be listed in an act. */
export function destructible(file: Pick<CaseFileFacts, 'state' | 'year' | 'retentionYears'> & { id: string }, holds: readonly HoldFacts[], astanaYear: number): string | undefined {
  if (file.state !== 'archived') return file.state === 'destroyed' ? 'already destroyed' : 'not in the archive yet';
  if (file.retentionYears === null || file.retentionYears === undefined) return 'kept permanently';
  if (!retentionExpired(file, astanaYear)) return `kept until the end of ${file.year + file.retentionYears}`;
  const hold = holds.find((h) => h.kind === 'file' && h.targetId === file.id);
  if (hold) return `under a legal hold: ${hold.reason}`;
  return undefined;
}

export type Verdict = 'valid' | 'invalid' | 'pending' | 'missing';

/** What a re-verification found: still valid, no longer valid, or never valid. */
export function compareVerdicts(atSigning: string, now: Verdict): 'confirmed' | 'broken' | 'never-valid' {
  if (atSigning !== 'valid') return 'never-valid';
  return now === 'valid' ? 'confirmed' : 'broken';
}
