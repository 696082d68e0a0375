/**
 * The API's shapes as the UI reads them (see GET /api/openapi.json). Written here rather than imported from
 * the server's code: the UI depends on the public contract only, and optional fields keep it working while
 * the server adds more.
 */
export type Lang = 'kk' | 'ru';
export type Bilingual = { kk: string; ru: string };

export type DocumentStatus =
  | 'draft'
  | 'on-approval'
  | 'on-signing'
  | 'on-registration'
  | 'registered'
  | 'in-execution'
  | 'awaiting-control-removal'
  | 'on-acknowledgement'
  | 'executed'
  | 'rejected'
  | 'withdrawn';

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

export interface Deadline {
  dueAtMs: number;
  explanation?: string;
  breachedAtMs?: number;
  remindAtMs?: number;
  extensions?: Array<{ fromMs: number; toMs: number; by: string; reason: string; atMs: number }>;
}

export interface Resolution {
  id: string;
  parentId?: string;
  authorId: string;
  text: string;
  responsibleExecutorId: string;
  coExecutorIds: string[];
  control: 'none' | 'controlled' | 'personal';
  controllerId?: string;
  writtenAtMs: number;
  deadline?: Deadline;
  state: 'open' | 'executed' | 'closed';
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

export interface WorkflowState {
  documentId: string;
  authorId: string;
  route: { key: string; version: number };
  status: DocumentStatus;
  round: number;
  stage?: { index: number; id: string; type: StageType; startedAtMs: number; deadline?: Deadline };
  tasks: Task[];
  resolutions: Resolution[];
  cards: ExecutionCard[];
  registration?: { journal: string; number: string; registeredAtMs: number; registeredBy: string };
  controlSheet?: { removedAtMs: number; removedBy: string; onBehalfOf?: string; comment?: string };
  returned?: { reason: 'rejected' | 'withdrawn'; by: string; comment?: string; atMs: number };
  finishedAtMs?: number;
}

export interface DocumentView {
  id: string;
  type: string;
  title: string;
  language: Lang;
  authorId: string;
  draftNumber?: string;
  caption: string;
  status: DocumentStatus;
  route: { key: string; version: number };
  registration?: { journal: string; number: string; registeredAt: string };
  participants: Record<string, unknown>;
  correspondent?: string;
  summary?: string;
  createdAt: string;
  fields?: Record<string, unknown>;
  workflow?: WorkflowState;
}

export type InboxView =
  | 'for-approval'
  | 'for-signing'
  | 'for-registration'
  | 'execution'
  | 'control-removal'
  | 'acknowledgement'
  | 'incoming'
  | 'rejected'
  | 'drafts'
  | 'overdue';

export interface InboxItem {
  documentId: string;
  taskId: string;
  title: string;
  documentType: string;
  status: DocumentStatus;
  stageId?: string;
  ownerId: string;
  onBehalfOf?: string;
  openedAt: string;
  dueAt?: string;
  overdue: boolean;
}

export interface InboxPage {
  view: string;
  page: number;
  pageSize: number;
  total: number;
  items: InboxItem[];
}

export type Role = 'employee' | 'registrar' | 'controller' | 'designer' | 'administrator' | 'auditor';

export interface Employee {
  id: string;
  fullName: string;
  unitId: string;
  positionId?: string;
  status: 'active' | 'blocked' | 'dismissed' | 'deleted';
  language: Lang;
  roles?: Role[];
  iin?: string;
  email?: string;
}

export interface Me {
  employee: Employee;
  session: { method: string; expiresAt: string };
  agreement: { currentVersion: string; accepted: boolean };
  represents: Array<{ absentId: string; documentTypes?: string[]; via: string[] }>;
}

export interface DocumentType {
  id: string;
  title: Bilingual;
  routeKey: string;
}

export type StageType = 'approval' | 'signing' | 'registration' | 'execution' | 'control-removal' | 'acknowledgement';

export type ParticipantRef =
  | { kind: 'employee'; employeeId: string }
  | { kind: 'position'; positionId: string }
  | { kind: 'author' }
  | { kind: 'author-unit-head' }
  | { kind: 'unit-head'; unitId: string }
  | { kind: 'role'; role: string }
  | { kind: 'card-field'; field: string };

export interface StageDefinition {
  id: string;
  type: StageType;
  title?: string;
  mode?: 'sequential' | 'parallel';
  quorum?: 'all' | 'any' | { atLeast: number };
  participants?: ParticipantRef[];
  acknowledgers?: ParticipantRef[];
  deadline?: { days?: number; kind?: 'calendar' | 'working'; hours?: number };
  journal?: string;
  control?: 'none' | 'controlled' | 'personal';
  onReject?: string;
  escalateTo?: ParticipantRef[];
}

export interface RouteDefinition {
  key: string;
  title: Bilingual;
  stages: StageDefinition[];
}

export interface Attachment {
  id: string;
  documentId: string;
  kind: 'content' | 'attachment';
  filename: string;
  format: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface SignedIn {
  token: string;
  expiresAt: string;
  employeeId: string;
  roles: string[];
  agreementRequired: boolean;
}
