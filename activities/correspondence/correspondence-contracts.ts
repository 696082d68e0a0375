/**
 * Activities of the correspondence: the receipt chase workflow's contract (workflow code imports these
 * types only) and the inputs of the notices issued about incoming documents.
 */
import type { BusinessCalendar } from '../../domain/calendar/business-calendar';

export interface NoteReceiptDueInput {
  documentId: string;
  dueAtMs: number;
  explanation: string;
}

export interface RaiseReceiptChaseInput {
  documentId: string;
  dueAtMs: number;
}
export interface RaiseReceiptChaseResult {
  /** false when a receipt had been recorded after all (the signal raced the timer). */
  raised: boolean;
  notified: string[];
}

export interface ReceiptChaseActivities {
  getBusinessCalendar(input: { years: number[] }): Promise<BusinessCalendar>;
  noteReceiptDue(input: NoteReceiptDueInput): Promise<void>;
  raiseReceiptChase(input: RaiseReceiptChaseInput): Promise<RaiseReceiptChaseResult>;
}

export interface IssueReceiptInput {
  documentId: string;
  registrarId: string;
  registeredAtMs: number;
  number: string;
  journal: string;
  /** The journal's direction when the number was taken, if known: saves reading the journal. */
  journalDirection?: string;
}

export interface IssueRejectionInput {
  documentId: string;
  reasonCode: string;
  comment: string;
  refusedBy: string;
  refusedAtMs: number;
}
