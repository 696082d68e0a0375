/**
 * The state a document workflow keeps, and what the outside world can see of it through a query.
 * Pure data; the transitions live in document-machine/.
 */
import type { ControlType, DeadlineRule, PinnedRoute, StageType } from '../routes/route-model';

export const DOCUMENT_STATUSES = [
  'draft',
  'on-approval',
  'on-signing',
  'on-registration',
  'registered',
  'in-execution',
  'awaiting-control-removal',
  'on-acknowledgement',
  'executed',
  'rejected',
  'withdrawn',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Statuses at the Create point: the author may edit and send the document (again). */
export const CREATE_POINT_STATUSES: readonly DocumentStatus[] = ['draft', 'rejected', 'withdrawn'];

export type TaskKind = 'approve' | 'sign' | 'register' | 'resolve' | 'execute' | 'acknowledge' | 'remove-control';
export type TaskState = 'waiting' | 'open' | 'done' | 'refused' | 'cancelled';

export interface Task {
  id: string;
  stageId: string;
  kind: TaskKind;
  assigneeId: string;
  state: TaskState;
  resolutionId?: string;
  openedAtMs?: number;
  actedBy?: string;
  onBehalfOf?: string;
  actedAtMs?: number;
  comment?: string;
}

export interface DeadlineExtension {
  fromMs: number;
  toMs: number;
  by: string;
  reason: string;
  atMs: number;
}

export interface Deadline {
  dueAtMs: number;
  /** How the due instant was derived (rule and calendar version), for the auditor. */
  explanation: string;
  /** The rule and the instant it counted from, so a calendar change can recompute the due instant. */
  rule?: DeadlineRule;
  startMs?: number;
  /** When to remind the people still working (before the due instant); absent = no reminder. */
  remindAtMs?: number;
  breachedAtMs?: number;
  remindedAtMs?: number;
  extensions: DeadlineExtension[];
}

export interface ExecutionCard {
  id: string;
  resolutionId: string;
  executorId: string;
  actedBy: string;
  text: string;
  attachmentIds: string[];
  filedAtMs: number;
  edits: Array<{ atMs: number; previousText: string }>;
}

export interface Resolution {
  id: string;
  parentId?: string;
  authorId: string;
  text: string;
  responsibleExecutorId: string;
  coExecutorIds: string[];
  control: ControlType;
  controllerId?: string;
  writtenAtMs: number;
  deadline?: Deadline;
  state: 'open' | 'executed' | 'closed';
}

export interface ActiveStage {
  index: number;
  id: string;
  type: StageType;
  startedAtMs: number;
  deadline?: Deadline;
}

export interface ControlSheet {
  removedAtMs: number;
  removedBy: string;
  onBehalfOf?: string;
  comment?: string;
}

export interface Registration {
  journal: string;
  number: string;
  registeredAtMs: number;
  registeredBy: string;
}

export interface DocumentState {
  documentId: string;
  authorId: string;
  route: { key: string; version: number };
  status: DocumentStatus;
  /** Sending round: each submit after a withdrawal or rejection starts a new one. */
  round: number;
  stage?: ActiveStage;
  tasks: Task[];
  resolutions: Resolution[];
  cards: ExecutionCard[];
  registration?: Registration;
  controlSheet?: ControlSheet;
  /** The last return to the Create point, with its comment. */
  returned?: { reason: 'rejected' | 'withdrawn'; by: string; comment?: string; atMs: number };
  /** Incremented on every change, so projections apply only newer states. */
  seq: number;
  finishedAtMs?: number;
}

export interface DocumentWorkflowInput {
  documentId: string;
  authorId: string;
  route: PinnedRoute;
  /** Set when the workflow continues as new: the state it carries over. */
  resumeState?: DocumentState;
}
