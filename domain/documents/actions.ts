/**
 * Payloads of the human actions a document workflow accepts. Every action says who acted, on whose
 * behalf (a substitute acting for an absent colleague), and with which roles, as the API established
 * them; the workflow adds the instant from its own deterministic clock.
 */
import type { ControlType, DeadlineRule } from '../routes/route-model';

export interface Actor {
  employeeId: string;
  /** The absent employee this actor substitutes for, when the task is theirs. */
  onBehalfOf?: string;
  roles: string[];
}

export interface ActionBase {
  actor: Actor;
  comment?: string;
}

/**
 * `participants`: the card's people as the API read them to submit (the card's `participants`, chosen at the
 * Create point and fixed until the document is back there); the stages of the round resolve their card
 * fields from it instead of reading the card again. Without it (older runs, other senders) they read the card.
 */
export type SubmitAction = ActionBase & { participants?: Record<string, unknown> };
export type ApproveAction = ActionBase;
export type RejectAction = ActionBase & { comment: string };
export type WithdrawAction = ActionBase;
export type SignAction = ActionBase & { signatureId: string };
/** `duplicateOf`: the registered original a paper incoming duplicate is registered under (comma suffix). */
export type RegisterAction = ActionBase & { duplicateOf?: string };
/** Registrar refuses an incoming document (failed checks); final, unlike a rejection at approval. */
export type RefuseIncomingAction = ActionBase & { reasonCode: string; comment: string };

export interface WriteResolutionAction extends ActionBase {
  /** Set for a sub-resolution written by an executor of that resolution. */
  parentResolutionId?: string;
  text: string;
  responsibleExecutorId: string;
  coExecutorIds: string[];
  /** Either an explicit instant or a rule evaluated on the business calendar. */
  dueAtMs?: number;
  deadlineRule?: DeadlineRule;
  control?: ControlType;
  controllerId?: string;
}

export interface FileExecutionCardAction extends ActionBase {
  resolutionId: string;
  text: string;
  attachmentIds: string[];
}

export interface EditExecutionCardAction extends ActionBase {
  cardId: string;
  text: string;
}

export type AcknowledgeAction = ActionBase;
export type RemoveFromControlAction = ActionBase;
export type ReturnForReworkAction = ActionBase & { comment: string };

export interface ExtendDeadlineAction extends ActionBase {
  /** The resolution whose deadline moves; omitted = the current stage's deadline. */
  resolutionId?: string;
  newDueAtMs: number;
  reason: string;
}

/**
 * Transfer of cases (002 A1 §6.12): an administrator moves one employee's open tasks, the controls of open
 * resolutions and, when asked, the authorship of an unfinished document to another employee.
 */
export interface ReassignTasksAction extends ActionBase {
  fromEmployeeId: string;
  toEmployeeId: string;
  /** Move the authorship too, so that a document returned to the Create point reaches someone who can act. */
  moveAuthorship: boolean;
}

/** An administrator changed the business calendar: recompute running deadlines on the new one. */
export type RecalculateDeadlinesAction = ActionBase;

/** Refusal types carried by ApplicationFailure.type; the API maps each to an HTTP status. */
export const REFUSALS = {
  notParticipant: 'NotParticipant',
  notAllowed: 'ActionNotAllowed',
  wrongStage: 'WrongStage',
  alreadyDone: 'AlreadyDone',
  invalid: 'InvalidAction',
  signatureInvalid: 'SignatureInvalid',
  registrationRefused: 'RegistrationRefused',
} as const;
export type RefusalType = (typeof REFUSALS)[keyof typeof REFUSALS];

export interface Refusal {
  type: RefusalType;
  message: string;
}
