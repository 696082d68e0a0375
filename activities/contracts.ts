/**
 * The activities the document workflow calls, as one typed contract. Workflow code imports only these
 * types; the implementations (with their database and crypto dependencies) stay outside the sandbox.
 */
import type { DomainEvent, StageAssignment } from '../domain/documents/document-machine';
import type { DocumentState } from '../domain/documents/document-state';
import type { BusinessCalendar } from '../domain/calendar/business-calendar';
import type { ParticipantRef, Stage } from '../domain/routes/route-model';

/** What a local `recordTransition` returns: the seq and state it projected, for the audit replay. */
export interface RecordTransitionResult {
  seq: number;
  state: DocumentState;
}

/**
 * What the projection read of the card (before writing it), handed to the hooks so that a hook that needs
 * only these reads nothing again. None of them is written by the projection, so the values are the ones a
 * read right after it would give (bar a concurrent card edit, which either read may miss).
 */
export interface ProjectedCard {
  type?: string | null;
  fields?: Record<string, unknown> | null;
  title?: string;
  language?: string | null;
  correspondent?: string | null;
  participants?: Record<string, unknown> | null;
  createdAt?: Date;
}

export interface ResolveStageParticipantsInput {
  documentId: string;
  authorId: string;
  stage: Stage;
  /** People the workflow already knows must take part (e.g. controllers named by resolutions). */
  extraAssigneeIds?: string[];
  /** The card's `participants` the round was submitted with, for card-field references; absent: read from the card. */
  cardParticipants?: Record<string, unknown>;
}
export interface ResolveStageParticipantsResult {
  assignments: StageAssignment[];
}

export interface RecordTransitionInput {
  documentId: string;
  /** The workflow's change counter: projections ignore anything older than what they hold. */
  seq: number;
  state: DocumentState;
  events: DomainEvent[];
  routeVersion: number;
  routeKey: string;
}

export interface VerifyDocumentSignatureInput {
  documentId: string;
  signatureId: string;
  /** Whose certificate may have made this signature: the person acting (the assignee, or their substitute). */
  signerEmployeeIds: string[];
  requiredRoles?: string[];
}
export interface VerifyDocumentSignatureResult {
  valid: boolean;
  reason?: string;
  failures: Array<{ code: string; message: string }>;
}

/** What entering a stage asks: its people, and the calendar when its deadline needs one the run has not loaded. */
export interface PrepareStageInput {
  request: ResolveStageParticipantsInput;
  calendarYears?: number[];
}
export interface PreparedStage {
  assignments: StageAssignment[];
  /** Absent when none was asked, or when it could not be built (the workflow then asks for it on its own). */
  calendar?: BusinessCalendar;
}

/**
 * A signature's check together with the preparation of the stage it completes its own into. The next stage is
 * only prepared once the signature is accepted; a refused one reads nothing more.
 */
export interface VerifySignatureThenPrepareStageInput {
  check: VerifyDocumentSignatureInput;
  next: PrepareStageInput;
}
export interface VerifySignatureThenPrepareStageResult {
  verdict: VerifyDocumentSignatureResult;
  /** Absent when the signature was refused or the next stage could not be prepared (it is then prepared as usual). */
  next?: PreparedStage;
}

export interface RegisterDocumentInput {
  documentId: string;
  journal: string;
  round: number;
  registrarId: string;
  /** A registered original this (paper incoming) document duplicates: same number, comma suffix. */
  duplicateOf?: string;
  /**
   * The signatures this run of the route accepted: checked even when the card does not list them yet (the
   * projection that lists them may still be writing). Absent from the inputs of runs recorded before it.
   */
  acceptedSignatureIds?: string[];
}
export interface RegisterDocumentResult {
  journal: string;
  number: string;
  /**
   * The number's sequence in its journal (a duplicate's: its original's). Like `direction`, it goes into the
   * registration event and not into the route's state: the projection takes the search record's sequence from
   * it instead of reading the registration. Absent from answers recorded before it was added.
   */
  seq?: number;
  /**
   * The journal's direction as read to take the number (absent for a duplicate's suffixed number):
   * it goes into the registration event, whose hooks then know whether a receipt is owed without reading the
   * journal again. Not kept in the route's state.
   */
  direction?: string;
}

export interface EscalateDeadlineInput {
  documentId: string;
  stageId?: string;
  resolutionId?: string;
  dueAtMs: number;
  lateAssigneeIds: string[];
  escalateTo: ParticipantRef[];
  authorId: string;
}

export interface RemindDeadlineInput {
  documentId: string;
  stageId?: string;
  resolutionId?: string;
  dueAtMs: number;
  assigneeIds: string[];
}

export interface GetBusinessCalendarInput {
  years: number[];
  /** Years whose decree table must be loaded (default: the first); the activity is retried until they are. */
  required?: number[];
}

export interface DocumentActivities {
  resolveStageParticipants(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult>;
  /**
   * Run as a local activity, it returns the state it projected: a local activity's input is not kept in the
   * history, its result is, and the audit replay reads the recorded states from there.
   */
  recordTransition(input: RecordTransitionInput): Promise<RecordTransitionResult | void>;
  verifyDocumentSignature(input: VerifyDocumentSignatureInput): Promise<VerifyDocumentSignatureResult>;
  /** Entering a stage: `resolveStageParticipants` and, when asked, `getBusinessCalendar`, side by side. */
  prepareStage(input: PrepareStageInput): Promise<PreparedStage>;
  verifySignatureThenPrepareStage(input: VerifySignatureThenPrepareStageInput): Promise<VerifySignatureThenPrepareStageResult>;
  registerDocument(input: RegisterDocumentInput): Promise<RegisterDocumentResult>;
  escalateDeadline(input: EscalateDeadlineInput): Promise<void>;
  remindDeadline(input: RemindDeadlineInput): Promise<void>;
  getBusinessCalendar(input: GetBusinessCalendarInput): Promise<BusinessCalendar>;
}
