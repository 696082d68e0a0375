/**
 * The route model: what a process designer writes (as JSON) and what the document workflow interprets.
 * Pure types and constants only: this module is imported by workflow code and by the API's schemas.
 */

/** Deadline rules are rules, not dates; the business calendar turns them into instants. */
export type DeadlineRule =
  | { days: number; kind: 'calendar'; moveOffNonWorking?: boolean }
  | { days: number; kind: 'working' }
  | { hours: number };

/** Who takes part in a stage. Resolved against the org tree when the stage starts. */
export type ParticipantRef =
  | { kind: 'employee'; employeeId: string }
  | { kind: 'position'; positionId: string }
  | { kind: 'author' }
  | { kind: 'author-unit-head' }
  | { kind: 'unit-head'; unitId: string }
  | { kind: 'role'; role: string }
  /** A person named on the document card when it is created, e.g. the signer of an outgoing letter. */
  | { kind: 'card-field'; field: CardParticipantField };

export const CARD_PARTICIPANT_FIELDS = ['signer', 'approvers', 'addressees', 'executor', 'recipients'] as const;
export type CardParticipantField = (typeof CARD_PARTICIPANT_FIELDS)[number];

export type Quorum = 'all' | 'any' | { atLeast: number };

/** Where a rejection sends the document: back to its author (Create point, with the comment). */
export type OnReject = 'create-point';

interface StageBase {
  /** Stable within a route version; audit events and inbox entries name it. */
  id: string;
  title?: string;
  deadline?: DeadlineRule;
  /** Remind the people still working this many working days before the deadline (default 1; 0 = that morning). */
  remindWorkingDaysBefore?: number;
  /** Who hears about a deadline breach besides the participants and their heads. */
  escalateTo?: ParticipantRef[];
}

export interface ApprovalStage extends StageBase {
  type: 'approval';
  mode: 'sequential' | 'parallel';
  quorum: Quorum;
  participants: ParticipantRef[];
  allowSelfApproval?: boolean;
  onReject: OnReject;
}

export interface SigningStage extends StageBase {
  type: 'signing';
  mode: 'sequential' | 'parallel';
  participants: ParticipantRef[];
  /** Role EKU OIDs the signer's certificate must carry, e.g. right to sign. */
  requiredRoles?: string[];
  onReject: OnReject;
}

export interface RegistrationStage extends StageBase {
  type: 'registration';
  /** Journal code, e.g. "outgoing". */
  journal: string;
  /** Registrars; by default anyone with the registrar role. */
  participants: ParticipantRef[];
}

export interface ExecutionStage extends StageBase {
  type: 'execution';
  /** Who writes the first resolution (e.g. the head the document is addressed to). */
  participants: ParticipantRef[];
  /** Default control type of the resolutions written here; a resolution may choose another. */
  control: ControlType;
  /**
   * People who only acknowledge ("Таныстым") while the executors work, as for orders: the stage ends
   * when every resolution is executed and every acknowledger has acknowledged.
   */
  acknowledgers?: ParticipantRef[];
}

/**
 * Removal from control: a controlled document waits here, after the responsible executor's card, for a
 * controller. A document under no control passes straight through to Executed.
 */
export interface ControlRemovalStage extends StageBase {
  type: 'control-removal';
  /** Controllers; a resolution may name its own controller, who is added to these. */
  participants: ParticipantRef[];
}

export interface AcknowledgementStage extends StageBase {
  type: 'acknowledgement';
  participants: ParticipantRef[];
}

export type Stage =
  | ApprovalStage
  | SigningStage
  | RegistrationStage
  | ExecutionStage
  | ControlRemovalStage
  | AcknowledgementStage;
export type StageType = Stage['type'];
export const STAGE_TYPES: readonly StageType[] = [
  'approval',
  'signing',
  'registration',
  'execution',
  'control-removal',
  'acknowledgement',
];

export type ControlType = 'none' | 'controlled' | 'personal';

export interface RouteDefinition {
  /** Route key, e.g. "outgoing-letter". */
  key: string;
  title: { kk: string; ru: string };
  stages: Stage[];
}

/** A published, immutable version of a route, as a document pins it. */
export interface PinnedRoute {
  key: string;
  version: number;
  definition: RouteDefinition;
}
