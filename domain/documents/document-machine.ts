/**
 * The document state machine: which human action is allowed now, and what it changes.
 * Deterministic and free of I/O so the workflow can replay it and unit tests can drive it directly.
 * Functions named check… decide (a refusal or nothing); functions named apply… change the state in place
 * and return the domain events to audit.
 */
import type {
  AcknowledgeAction,
  Actor,
  ApproveAction,
  EditExecutionCardAction,
  ExtendDeadlineAction,
  FileExecutionCardAction,
  RefuseIncomingAction,
  Refusal,
  ReassignTasksAction,
  RejectAction,
  RemoveFromControlAction,
  ReturnForReworkAction,
  SubmitAction,
  WithdrawAction,
  WriteResolutionAction,
} from './actions';
import { REFUSALS } from './actions';
import type {
  ActiveStage,
  Deadline,
  DocumentState,
  DocumentStatus,
  Resolution,
  Task,
  TaskKind,
} from './document-state';
import { CREATE_POINT_STATUSES } from './document-state';
import type { ApprovalStage, ControlType, Quorum, RouteDefinition, Stage, StageType } from '../routes/route-model';

export interface DomainEvent {
  /** Dotted vocabulary shared with the audit trail, e.g. "approval.granted". */
  type: string;
  atMs: number;
  actorId?: string;
  onBehalfOf?: string;
  stageId?: string;
  taskId?: string;
  comment?: string;
  data?: Record<string, unknown>;
}

const STATUS_OF_STAGE: Record<StageType, DocumentStatus> = {
  approval: 'on-approval',
  signing: 'on-signing',
  registration: 'on-registration',
  execution: 'in-execution',
  'control-removal': 'awaiting-control-removal',
  acknowledgement: 'on-acknowledgement',
};

const refuse = (type: Refusal['type'], message: string): Refusal => ({ type, message });

/** The employee whose task an actor performs: their own, or the absent colleague's they stand in for. */
export function taskOwner(actor: Actor): string {
  return actor.onBehalfOf ?? actor.employeeId;
}

function actorFields(actor: Actor): Pick<DomainEvent, 'actorId' | 'onBehalfOf'> {
  return actor.onBehalfOf ? { actorId: actor.employeeId, onBehalfOf: actor.onBehalfOf } : { actorId: actor.employeeId };
}

export function openTasksOf(state: DocumentState, owner: string, kinds?: readonly TaskKind[]): Task[] {
  return state.tasks.filter(
    (t) => t.state === 'open' && t.assigneeId === owner && (!kinds || kinds.includes(t.kind)),
  );
}

function stageTasks(state: DocumentState): Task[] {
  const stage = state.stage;
  return stage ? state.tasks.filter((t) => t.stageId === stage.id && t.id.startsWith(`${state.round}.`)) : [];
}

/** Refuses an action at a stage of another type, naming the stage the document is at. */
function requireStage(state: DocumentState, type: StageType, action: string): Refusal | undefined {
  if (state.stage?.type === type) return undefined;
  return refuse(
    REFUSALS.wrongStage,
    `Cannot ${action}: the document is ${state.status}${state.stage ? ` (stage "${state.stage.id}")` : ''}.`,
  );
}

/** Finds the actor's open task of a kind, or explains why there is none. */
function requireTask(state: DocumentState, actor: Actor, kind: TaskKind, action: string): Task | Refusal {
  const owner = taskOwner(actor);
  const open = openTasksOf(state, owner, [kind])[0];
  if (open) return open;
  const stage = stageTasks(state);
  if (stage.some((t) => t.assigneeId === owner && t.kind === kind && (t.state === 'done' || t.state === 'refused'))) {
    return refuse(REFUSALS.alreadyDone, `Cannot ${action}: ${owner} has already acted at this stage.`);
  }
  if (stage.some((t) => t.assigneeId === owner && t.kind === kind && t.state === 'waiting')) {
    return refuse(REFUSALS.wrongStage, `Cannot ${action}: it is not ${owner}'s turn yet.`);
  }
  return refuse(REFUSALS.notParticipant, `Cannot ${action}: ${owner} has no open task to ${action} this document.`);
}

const isRefusal = (x: Task | Refusal): x is Refusal => !('id' in x);

function closeTask(task: Task, state: Task['state'], actor: Actor, nowMs: number, comment?: string): void {
  task.state = state;
  task.actedBy = actor.employeeId;
  if (actor.onBehalfOf) task.onBehalfOf = actor.onBehalfOf;
  task.actedAtMs = nowMs;
  if (comment !== undefined) task.comment = comment;
}

function cancelOpenTasks(state: DocumentState, predicate: (t: Task) => boolean): void {
  for (const t of state.tasks) {
    if ((t.state === 'open' || t.state === 'waiting') && predicate(t)) t.state = 'cancelled';
  }
}

// ---------------------------------------------------------------- creation and the Create point

export function createInitialState(documentId: string, authorId: string, route: { key: string; version: number }): DocumentState {
  return { documentId, authorId, route, status: 'draft', round: 0, tasks: [], resolutions: [], cards: [], seq: 0 };
}

export function checkSubmit(state: DocumentState, a: SubmitAction): Refusal | undefined {
  if (a.actor.employeeId !== state.authorId && a.actor.onBehalfOf !== state.authorId) {
    return refuse(REFUSALS.notParticipant, 'Only the author can send the document along its route.');
  }
  if (!CREATE_POINT_STATUSES.includes(state.status)) {
    return refuse(REFUSALS.notAllowed, `Cannot send: the document is already ${state.status}.`);
  }
  return undefined;
}

/** Starts a new round; the workflow then begins the first stage. */
export function applySubmit(state: DocumentState, a: SubmitAction, nowMs: number): DomainEvent[] {
  state.round += 1;
  state.returned = undefined;
  return [{ type: 'document.submitted', atMs: nowMs, ...actorFields(a.actor), comment: a.comment, data: { round: state.round } }];
}

export function checkWithdraw(state: DocumentState, a: WithdrawAction): Refusal | undefined {
  if (a.actor.employeeId !== state.authorId && a.actor.onBehalfOf !== state.authorId) {
    return refuse(REFUSALS.notParticipant, 'Only the author can withdraw the draft.');
  }
  if (state.status !== 'on-approval' && state.status !== 'on-signing') {
    return refuse(REFUSALS.notAllowed, `Cannot withdraw: withdrawal is possible during approval and signing, the document is ${state.status}.`);
  }
  return undefined;
}

export function applyWithdraw(state: DocumentState, a: WithdrawAction, nowMs: number): DomainEvent[] {
  const stageId = state.stage?.id;
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'withdrawn';
  state.returned = { reason: 'withdrawn', by: a.actor.employeeId, comment: a.comment, atMs: nowMs };
  return [{ type: 'document.withdrawn', atMs: nowMs, stageId, ...actorFields(a.actor), comment: a.comment }];
}

// ---------------------------------------------------------------- stages

export interface StageAssignment {
  kind: TaskKind;
  assigneeIds: string[];
}

/** The kinds of task a stage hands out (execution may hand out two: resolve and acknowledge). */
export function taskKindOf(stage: Stage): TaskKind {
  switch (stage.type) {
    case 'approval':
      return 'approve';
    case 'signing':
      return 'sign';
    case 'registration':
      return 'register';
    case 'execution':
      return 'resolve';
    case 'control-removal':
      return 'remove-control';
    case 'acknowledgement':
      return 'acknowledge';
  }
}

const isSequential = (stage: Stage): boolean =>
  (stage.type === 'approval' || stage.type === 'signing') && stage.mode === 'sequential';

/**
 * Enters a stage: opens its tasks (sequential stages open only the first) and sets the status.
 * The participants were resolved against the org tree by an activity just before.
 */
export function beginStage(
  state: DocumentState,
  index: number,
  stage: Stage,
  assignments: StageAssignment[],
  nowMs: number,
  deadline?: Omit<Deadline, 'extensions'>,
): DomainEvent[] {
  const active: ActiveStage = { index, id: stage.id, type: stage.type, startedAtMs: nowMs };
  if (deadline) active.deadline = { ...deadline, extensions: [] };
  state.stage = active;
  state.status = STATUS_OF_STAGE[stage.type];
  let n = 0;
  for (const { kind, assigneeIds } of assignments) {
    for (const assigneeId of assigneeIds) {
      const first = n === 0;
      state.tasks.push({
        id: `${state.round}.${stage.id}.${++n}`,
        stageId: stage.id,
        kind,
        assigneeId,
        state: isSequential(stage) && !first ? 'waiting' : 'open',
        openedAtMs: isSequential(stage) && !first ? undefined : nowMs,
      });
    }
  }
  return [
    {
      type: 'stage.started',
      atMs: nowMs,
      stageId: stage.id,
      data: { stageType: stage.type, assignees: assignments, dueAtMs: deadline?.dueAtMs },
    },
  ];
}

function needed(quorum: Quorum, total: number): number {
  if (quorum === 'all') return total;
  if (quorum === 'any') return Math.min(1, total);
  return Math.min(quorum.atLeast, total);
}

export type StageOutcome = 'pending' | 'completed' | 'failed';

/** Whether the active stage is finished: reached its goal, or can no longer reach it. */
export function evaluateStage(state: DocumentState, stage: Stage): StageOutcome {
  const tasks = stageTasks(state);
  const done = tasks.filter((t) => t.state === 'done').length;
  const refused = tasks.filter((t) => t.state === 'refused').length;
  switch (stage.type) {
    case 'approval': {
      const need = needed(stage.quorum, tasks.length);
      if (done >= need) return 'completed';
      const stillPossible = tasks.filter((t) => t.state === 'open' || t.state === 'waiting').length;
      return done + stillPossible < need ? 'failed' : 'pending';
    }
    case 'signing':
      if (refused > 0) return 'failed';
      return done === tasks.length ? 'completed' : 'pending';
    case 'registration':
      if (state.status === 'rejected') return 'failed';
      return state.registration ? 'completed' : 'pending';
    case 'execution': {
      const waitingForPeople = tasks.some((t) => t.state === 'open' && (t.kind === 'resolve' || t.kind === 'acknowledge'));
      const top = state.resolutions.filter((r) => !r.parentId);
      if (waitingForPeople || top.length === 0) return 'pending';
      return top.every((r) => r.state !== 'open') ? 'completed' : 'pending';
    }
    case 'control-removal':
      return state.controlSheet ? 'completed' : 'pending';
    case 'acknowledgement':
      return done === tasks.length ? 'completed' : 'pending';
  }
}

/** Leaves the active stage once it is completed: tasks nobody needs any more are cancelled. */
export function completeStage(state: DocumentState, nowMs: number): DomainEvent[] {
  const stage = state.stage;
  if (!stage) return [];
  cancelOpenTasks(state, (t) => t.stageId === stage.id);
  state.stage = undefined;
  if (stage.type === 'registration') state.status = 'registered';
  return [{ type: 'stage.completed', atMs: nowMs, stageId: stage.id, data: { stageType: stage.type } }];
}

/** The route has no more stages: the document is Executed. */
export function finishRoute(state: DocumentState, nowMs: number): DomainEvent[] {
  state.status = 'executed';
  state.stage = undefined;
  state.finishedAtMs = nowMs;
  return [{ type: 'document.executed', atMs: nowMs }];
}

/** The strongest control among the top-level resolutions decides whether removal is needed. */
export function documentControl(state: DocumentState): ControlType {
  const rank: Record<ControlType, number> = { none: 0, controlled: 1, personal: 2 };
  let strongest: ControlType = 'none';
  for (const r of state.resolutions) if (!r.parentId && rank[r.control] > rank[strongest]) strongest = r.control;
  return strongest;
}

/**
 * Controllers named by the resolutions themselves (personal control: the resolution's author). A plain
 * "controlled" resolution without a named controller is left to the route's controllers.
 */
export function resolutionControllers(state: DocumentState): string[] {
  const ids = state.resolutions
    .filter((r) => !r.parentId && r.control !== 'none' && r.controllerId)
    .map((r) => r.controllerId!);
  return [...new Set(ids)];
}

// ---------------------------------------------------------------- approval and signing

export function checkApprove(state: DocumentState, a: ApproveAction, route: RouteDefinition): Refusal | undefined {
  const wrong = requireStage(state, 'approval', 'approve');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'approve', 'approve');
  if (isRefusal(task)) return task;
  const stage = route.stages[state.stage!.index] as ApprovalStage;
  if (!stage.allowSelfApproval && taskOwner(a.actor) === state.authorId) {
    return refuse(REFUSALS.notAllowed, 'The author cannot approve their own document on this route.');
  }
  return undefined;
}

function openNextSequential(state: DocumentState, nowMs: number): void {
  const next = stageTasks(state).find((t) => t.state === 'waiting');
  if (next) {
    next.state = 'open';
    next.openedAtMs = nowMs;
  }
}

export function applyApprove(state: DocumentState, a: ApproveAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['approve'])[0];
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  openNextSequential(state, nowMs);
  return [{ type: 'approval.granted', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), comment: a.comment }];
}

export function checkReject(state: DocumentState, a: RejectAction): Refusal | undefined {
  if (state.stage?.type !== 'approval' && state.stage?.type !== 'signing') {
    return refuse(REFUSALS.wrongStage, `Cannot reject: the document is ${state.status}.`);
  }
  if (!a.comment?.trim()) return refuse(REFUSALS.invalid, 'A rejection needs a comment for the author.');
  const task = requireTask(state, a.actor, state.stage.type === 'approval' ? 'approve' : 'sign', 'reject');
  return isRefusal(task) ? task : undefined;
}

/** Records the refusal; whether it sends the document back depends on the quorum (evaluateStage). */
export function applyReject(state: DocumentState, a: RejectAction, nowMs: number): DomainEvent[] {
  const kind = state.stage!.type === 'approval' ? 'approve' : 'sign';
  const task = openTasksOf(state, taskOwner(a.actor), [kind])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  if (kind === 'approve') openNextSequential(state, nowMs);
  return [
    {
      type: kind === 'approve' ? 'approval.rejected' : 'signature.declined',
      atMs: nowMs,
      stageId: task.stageId,
      taskId: task.id,
      ...actorFields(a.actor),
      comment: a.comment,
    },
  ];
}

/** A failed approval or signing stage returns the document to its author with the refusal's comment. */
export function returnToAuthor(state: DocumentState, nowMs: number): DomainEvent[] {
  const refusal = [...stageTasks(state)].reverse().find((t) => t.state === 'refused');
  const stageId = state.stage?.id;
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'rejected';
  state.returned = { reason: 'rejected', by: refusal?.actedBy ?? 'system', comment: refusal?.comment, atMs: nowMs };
  return [{ type: 'document.returned', atMs: nowMs, stageId, comment: refusal?.comment, data: { by: refusal?.actedBy } }];
}

export function checkSign(state: DocumentState, a: { actor: Actor }): Refusal | undefined {
  const wrong = requireStage(state, 'signing', 'sign');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'sign', 'sign');
  return isRefusal(task) ? task : undefined;
}

export function applySign(state: DocumentState, a: { actor: Actor; signatureId: string }, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['sign'])[0];
  closeTask(task, 'done', a.actor, nowMs);
  openNextSequential(state, nowMs);
  return [
    { type: 'signature.accepted', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), data: { signatureId: a.signatureId } },
  ];
}

// ---------------------------------------------------------------- registration

export function checkRegister(state: DocumentState, a: { actor: Actor }): Refusal | undefined {
  const wrong = requireStage(state, 'registration', 'register');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'register', 'register');
  return isRefusal(task) ? task : undefined;
}

export function applyRegister(
  state: DocumentState,
  a: { actor: Actor },
  registration: { journal: string; number: string },
  nowMs: number,
): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['register'])[0];
  closeTask(task, 'done', a.actor, nowMs);
  state.registration = { ...registration, registeredAtMs: nowMs, registeredBy: a.actor.employeeId };
  return [
    { type: 'document.registered', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), data: registration },
  ];
}

export function checkRefuseIncoming(state: DocumentState, a: RefuseIncomingAction): Refusal | undefined {
  const wrong = checkRegister(state, a);
  if (wrong) return wrong;
  if (!a.comment?.trim() || !a.reasonCode?.trim()) return refuse(REFUSALS.invalid, 'A refusal needs a reason code and a comment.');
  return undefined;
}

/** Final: the document goes to the Rejected view and a rejection notice is produced by an activity. */
export function applyRefuseIncoming(state: DocumentState, a: RefuseIncomingAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['register'])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  cancelOpenTasks(state, () => true);
  state.stage = undefined;
  state.status = 'rejected';
  state.finishedAtMs = nowMs;
  return [
    { type: 'document.refused', atMs: nowMs, stageId: task.stageId, ...actorFields(a.actor), comment: a.comment, data: { reasonCode: a.reasonCode } },
  ];
}

// ---------------------------------------------------------------- execution

function resolutionOf(state: DocumentState, id: string): Resolution | undefined {
  return state.resolutions.find((r) => r.id === id);
}

export function checkWriteResolution(state: DocumentState, a: WriteResolutionAction): Refusal | undefined {
  const wrong = requireStage(state, 'execution', 'write a resolution');
  if (wrong) return wrong;
  if (!a.text?.trim()) return refuse(REFUSALS.invalid, 'A resolution needs its text.');
  if (!a.responsibleExecutorId) return refuse(REFUSALS.invalid, 'A resolution names a responsible executor.');
  if (a.coExecutorIds.includes(a.responsibleExecutorId)) {
    return refuse(REFUSALS.invalid, 'The responsible executor is not also a co-executor.');
  }
  const owner = taskOwner(a.actor);
  if (a.parentResolutionId) {
    const parent = resolutionOf(state, a.parentResolutionId);
    if (!parent || parent.state !== 'open') return refuse(REFUSALS.invalid, `No open resolution ${a.parentResolutionId}.`);
    const mine = openTasksOf(state, owner, ['execute']).some((t) => t.resolutionId === parent.id);
    if (!mine) return refuse(REFUSALS.notParticipant, `${owner} is not an executor of resolution ${parent.id}.`);
    return undefined;
  }
  const task = requireTask(state, a.actor, 'resolve', 'write a resolution');
  return isRefusal(task) ? task : undefined;
}

export function applyWriteResolution(
  state: DocumentState,
  a: WriteResolutionAction,
  nowMs: number,
  deadline: Omit<Deadline, 'extensions'> | undefined,
  defaultControl: ControlType,
): DomainEvent[] {
  const owner = taskOwner(a.actor);
  const id = `R${state.resolutions.length + 1}`;
  const control = a.control ?? defaultControl;
  const resolution: Resolution = {
    id,
    parentId: a.parentResolutionId,
    authorId: owner,
    text: a.text,
    responsibleExecutorId: a.responsibleExecutorId,
    coExecutorIds: [...a.coExecutorIds],
    control,
    controllerId: control === 'personal' ? owner : a.controllerId,
    writtenAtMs: nowMs,
    deadline: deadline ? { ...deadline, extensions: [] } : undefined,
    state: 'open',
  };
  state.resolutions.push(resolution);
  if (!a.parentResolutionId) {
    const resolveTask = openTasksOf(state, owner, ['resolve'])[0];
    closeTask(resolveTask, 'done', a.actor, nowMs, a.comment);
  }
  for (const executorId of [a.responsibleExecutorId, ...a.coExecutorIds]) {
    state.tasks.push({
      id: `${state.round}.${state.stage!.id}.${id}.${executorId}`,
      stageId: state.stage!.id,
      kind: 'execute',
      assigneeId: executorId,
      state: 'open',
      resolutionId: id,
      openedAtMs: nowMs,
    });
  }
  return [
    {
      type: 'resolution.written',
      atMs: nowMs,
      stageId: state.stage!.id,
      ...actorFields(a.actor),
      data: { resolutionId: id, parentId: a.parentResolutionId, responsible: a.responsibleExecutorId, coExecutors: a.coExecutorIds, control, dueAtMs: deadline?.dueAtMs },
    },
  ];
}

export function checkFileExecutionCard(state: DocumentState, a: FileExecutionCardAction): Refusal | undefined {
  const wrong = requireStage(state, 'execution', 'file an execution card');
  if (wrong) return wrong;
  if (!a.text?.trim()) return refuse(REFUSALS.invalid, 'An execution card needs its text.');
  const resolution = resolutionOf(state, a.resolutionId);
  if (!resolution) return refuse(REFUSALS.invalid, `No resolution ${a.resolutionId} on this document.`);
  const owner = taskOwner(a.actor);
  const task = openTasksOf(state, owner, ['execute']).find((t) => t.resolutionId === a.resolutionId);
  if (task) return undefined;
  if (state.cards.some((c) => c.resolutionId === a.resolutionId && c.executorId === owner)) {
    return refuse(REFUSALS.alreadyDone, `${owner} has already filed a card for ${a.resolutionId}; edit it instead.`);
  }
  return refuse(REFUSALS.notParticipant, `${owner} is not an open executor of resolution ${a.resolutionId}.`);
}

/** Closes sub-resolutions under a finished one: their executors report to someone who already reported. */
function closeBranch(state: DocumentState, resolutionId: string): void {
  for (const child of state.resolutions.filter((r) => r.parentId === resolutionId && r.state === 'open')) {
    child.state = 'closed';
    cancelOpenTasks(state, (t) => t.resolutionId === child.id);
    closeBranch(state, child.id);
  }
}

export function applyFileExecutionCard(state: DocumentState, a: FileExecutionCardAction, nowMs: number): DomainEvent[] {
  const owner = taskOwner(a.actor);
  const task = openTasksOf(state, owner, ['execute']).find((t) => t.resolutionId === a.resolutionId)!;
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  const cardId = `C${state.cards.length + 1}`;
  state.cards.push({
    id: cardId,
    resolutionId: a.resolutionId,
    executorId: owner,
    actedBy: a.actor.employeeId,
    text: a.text,
    attachmentIds: [...a.attachmentIds],
    filedAtMs: nowMs,
    edits: [],
  });
  const events: DomainEvent[] = [
    { type: 'execution.card-filed', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), data: { resolutionId: a.resolutionId, cardId } },
  ];
  const resolution = resolutionOf(state, a.resolutionId)!;
  if (resolution.responsibleExecutorId === owner) {
    // The responsible executor's card completes the resolution (source 002 A1 §6.5).
    resolution.state = 'executed';
    cancelOpenTasks(state, (t) => t.resolutionId === resolution.id);
    closeBranch(state, resolution.id);
    events.push({ type: 'resolution.executed', atMs: nowMs, stageId: task.stageId, data: { resolutionId: resolution.id } });
  }
  return events;
}

export function checkEditExecutionCard(state: DocumentState, a: EditExecutionCardAction): Refusal | undefined {
  const card = state.cards.find((c) => c.id === a.cardId);
  if (!card) return refuse(REFUSALS.invalid, `No execution card ${a.cardId}.`);
  if (card.executorId !== taskOwner(a.actor)) return refuse(REFUSALS.notParticipant, 'Only the author of a card may edit it.');
  if (state.status === 'executed') return refuse(REFUSALS.notAllowed, 'The document is Executed; its cards are final.');
  if (!a.text?.trim()) return refuse(REFUSALS.invalid, 'An execution card needs its text.');
  return undefined;
}

export function applyEditExecutionCard(state: DocumentState, a: EditExecutionCardAction, nowMs: number): DomainEvent[] {
  const card = state.cards.find((c) => c.id === a.cardId)!;
  card.edits.push({ atMs: nowMs, previousText: card.text });
  card.text = a.text;
  return [{ type: 'execution.card-edited', atMs: nowMs, ...actorFields(a.actor), data: { cardId: card.id } }];
}

export function checkAcknowledge(state: DocumentState, a: AcknowledgeAction): Refusal | undefined {
  if (state.stage?.type !== 'acknowledgement' && state.stage?.type !== 'execution') {
    return refuse(REFUSALS.wrongStage, `Cannot acknowledge: the document is ${state.status}.`);
  }
  const task = requireTask(state, a.actor, 'acknowledge', 'acknowledge');
  return isRefusal(task) ? task : undefined;
}

export function applyAcknowledge(state: DocumentState, a: AcknowledgeAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['acknowledge'])[0];
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  return [{ type: 'document.acknowledged', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor) }];
}

// ---------------------------------------------------------------- control

export function checkRemoveFromControl(state: DocumentState, a: RemoveFromControlAction): Refusal | undefined {
  const wrong = requireStage(state, 'control-removal', 'remove from control');
  if (wrong) return wrong;
  const task = requireTask(state, a.actor, 'remove-control', 'remove from control');
  return isRefusal(task) ? task : undefined;
}

export function applyRemoveFromControl(state: DocumentState, a: RemoveFromControlAction, nowMs: number): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['remove-control'])[0];
  closeTask(task, 'done', a.actor, nowMs, a.comment);
  state.controlSheet = { removedAtMs: nowMs, removedBy: a.actor.employeeId, onBehalfOf: a.actor.onBehalfOf, comment: a.comment };
  return [{ type: 'control.removed', atMs: nowMs, stageId: task.stageId, taskId: task.id, ...actorFields(a.actor), comment: a.comment }];
}

export function checkReturnForRework(state: DocumentState, a: ReturnForReworkAction): Refusal | undefined {
  const wrong = checkRemoveFromControl(state, a);
  if (wrong) return wrong;
  return a.comment?.trim() ? undefined : refuse(REFUSALS.invalid, 'Returning for rework needs a comment.');
}

/**
 * Sends the controlled resolutions back to their responsible executors: the workflow re-enters the
 * execution stage, keeping every resolution and card written so far.
 */
export function applyReturnForRework(
  state: DocumentState,
  a: ReturnForReworkAction,
  executionStageIndex: number,
  executionStageId: string,
  nowMs: number,
): DomainEvent[] {
  const task = openTasksOf(state, taskOwner(a.actor), ['remove-control'])[0];
  closeTask(task, 'refused', a.actor, nowMs, a.comment);
  cancelOpenTasks(state, (t) => t.stageId === task.stageId);
  state.stage = { index: executionStageIndex, id: executionStageId, type: 'execution', startedAtMs: nowMs };
  state.status = 'in-execution';
  const reopened: string[] = [];
  for (const r of state.resolutions.filter((x) => !x.parentId && x.control !== 'none')) {
    r.state = 'open';
    reopened.push(r.id);
    state.tasks.push({
      id: `${state.round}.${executionStageId}.${r.id}.${r.responsibleExecutorId}.rework${nowMs}`,
      stageId: executionStageId,
      kind: 'execute',
      assigneeId: r.responsibleExecutorId,
      state: 'open',
      resolutionId: r.id,
      openedAtMs: nowMs,
      comment: a.comment,
    });
  }
  return [{ type: 'control.returned-for-rework', atMs: nowMs, ...actorFields(a.actor), comment: a.comment, data: { resolutions: reopened } }];
}

// ---------------------------------------------------------------- deadlines

const MAY_EXTEND = ['controller', 'administrator'];

export function checkExtendDeadline(state: DocumentState, a: ExtendDeadlineAction, nowMs: number): Refusal | undefined {
  if (!a.reason?.trim()) return refuse(REFUSALS.invalid, 'An extension needs a reason.');
  if (!Number.isFinite(a.newDueAtMs) || a.newDueAtMs <= nowMs) {
    return refuse(REFUSALS.invalid, 'The new deadline must be in the future.');
  }
  const target = deadlineTarget(state, a.resolutionId);
  if (!target) {
    return refuse(REFUSALS.notAllowed, a.resolutionId ? `Resolution ${a.resolutionId} has no open deadline.` : 'The current stage has no deadline.');
  }
  const owner = taskOwner(a.actor);
  const resolutionAuthor = a.resolutionId ? resolutionOf(state, a.resolutionId)?.authorId : undefined;
  if (!a.actor.roles.some((r) => MAY_EXTEND.includes(r)) && owner !== resolutionAuthor) {
    return refuse(REFUSALS.notParticipant, 'Only a controller, an administrator or the resolution\'s author may extend this deadline.');
  }
  return undefined;
}

function deadlineTarget(state: DocumentState, resolutionId?: string): Deadline | undefined {
  if (resolutionId) {
    const r = resolutionOf(state, resolutionId);
    return r && r.state === 'open' ? r.deadline : undefined;
  }
  return state.stage?.deadline;
}

export function applyExtendDeadline(state: DocumentState, a: ExtendDeadlineAction, nowMs: number): DomainEvent[] {
  const target = deadlineTarget(state, a.resolutionId)!;
  const fromMs = target.dueAtMs;
  target.extensions.push({ fromMs, toMs: a.newDueAtMs, by: a.actor.employeeId, reason: a.reason, atMs: nowMs });
  target.dueAtMs = a.newDueAtMs;
  // A moved deadline may be breached again. It is now an explicit instant: no rule to recompute and no
  // reminder before it (the extension itself is the notice).
  target.breachedAtMs = undefined;
  target.remindedAtMs = undefined;
  target.remindAtMs = undefined;
  target.rule = undefined;
  return [
    { type: 'deadline.extended', atMs: nowMs, stageId: state.stage?.id, ...actorFields(a.actor), comment: a.reason, data: { resolutionId: a.resolutionId, fromMs, toMs: a.newDueAtMs } },
  ];
}

export interface PendingDeadline {
  resolutionId?: string;
  deadline: Deadline;
}

/** Every deadline still running: the stage's and each open resolution's. */
export function pendingDeadlines(state: DocumentState): PendingDeadline[] {
  const result: PendingDeadline[] = [];
  if (state.stage?.deadline && !state.stage.deadline.breachedAtMs) result.push({ deadline: state.stage.deadline });
  for (const r of state.resolutions) {
    if (r.state === 'open' && r.deadline && !r.deadline.breachedAtMs) result.push({ resolutionId: r.id, deadline: r.deadline });
  }
  return result;
}

/** Records a breach; the workflow escalates it through an activity. */
export function markBreached(state: DocumentState, pending: PendingDeadline, nowMs: number): DomainEvent[] {
  pending.deadline.breachedAtMs = nowMs;
  return [
    { type: 'deadline.breached', atMs: nowMs, stageId: state.stage?.id, data: { resolutionId: pending.resolutionId, dueAtMs: pending.deadline.dueAtMs } },
  ];
}

/** Deadlines whose reminder is still to come. */
export function pendingReminders(state: DocumentState): PendingDeadline[] {
  return pendingDeadlines(state).filter((p) => p.deadline.remindAtMs !== undefined && !p.deadline.remindedAtMs);
}

export function markReminded(state: DocumentState, pending: PendingDeadline, nowMs: number): DomainEvent[] {
  pending.deadline.remindedAtMs = nowMs;
  return [
    { type: 'deadline.reminded', atMs: nowMs, stageId: state.stage?.id, data: { resolutionId: pending.resolutionId, dueAtMs: pending.deadline.dueAtMs } },
  ];
}

export function checkRecalculateDeadlines(a: { actor: Actor }): Refusal | undefined {
  return a.actor.roles.includes('administrator')
    ? undefined
    : refuse(REFUSALS.notParticipant, 'Only an administrator recalculates deadlines after a calendar change.');
}

/**
 * Recomputes every running deadline that still has its rule (extended ones are explicit instants) on a
 * new calendar; a deadline that moves may be breached or reminded again.
 */
export function applyRecalculatedDeadlines(
  state: DocumentState,
  recompute: (rule: NonNullable<Deadline['rule']>, startMs: number) => Pick<Deadline, 'dueAtMs' | 'explanation' | 'remindAtMs'>,
  calendarVersion: string,
  nowMs: number,
): DomainEvent[] {
  const moved: Array<{ resolutionId?: string; fromMs: number; toMs: number }> = [];
  for (const pending of pendingDeadlines(state)) {
    const d = pending.deadline;
    if (!d.rule || d.startMs === undefined) continue;
    const next = recompute(d.rule, d.startMs);
    if (next.dueAtMs === d.dueAtMs) continue;
    moved.push({ resolutionId: pending.resolutionId, fromMs: d.dueAtMs, toMs: next.dueAtMs });
    d.dueAtMs = next.dueAtMs;
    d.explanation = next.explanation;
    d.remindAtMs = next.remindAtMs;
    d.remindedAtMs = undefined;
  }
  return [{ type: 'deadline.recalculated', atMs: nowMs, data: { calendarVersion, moved } }];
}

/** Who is late: the open tasks behind a breached deadline. */
export function lateAssignees(state: DocumentState, pending: PendingDeadline): string[] {
  const tasks = state.tasks.filter(
    (t) => t.state === 'open' && (pending.resolutionId ? t.resolutionId === pending.resolutionId : t.stageId === state.stage?.id),
  );
  return [...new Set(tasks.map((t) => t.assigneeId))];
}

// ---------------------------------------------------------------- transfer of cases

export interface ReassignmentPlan {
  taskIds: string[];
  resolutionIds: string[];
  authorship: boolean;
}

const MAY_REASSIGN = ['administrator'];

/** The controller a controlled resolution answers to: named, or (personal control) its author. */
const controllerOf = (r: Resolution): string | undefined => (r.control === 'none' ? undefined : (r.controllerId ?? r.authorId));

/** What a transfer from one employee would move on this document; pure, so the API can report it too. */
export function reassignmentPlan(state: DocumentState, fromId: string, moveAuthorship: boolean): ReassignmentPlan {
  const taskIds = state.tasks.filter((t) => (t.state === 'open' || t.state === 'waiting') && t.assigneeId === fromId).map((t) => t.id);
  const resolutionIds = state.resolutions
    .filter((r) => r.state === 'open' && (r.responsibleExecutorId === fromId || r.coExecutorIds.includes(fromId) || controllerOf(r) === fromId))
    .map((r) => r.id);
  const authorship = moveAuthorship && state.authorId === fromId && state.finishedAtMs === undefined;
  return { taskIds, resolutionIds, authorship };
}

export function checkReassign(state: DocumentState, a: ReassignTasksAction): Refusal | undefined {
  if (!a.actor.roles.some((r) => MAY_REASSIGN.includes(r))) return refuse(REFUSALS.notParticipant, 'Only an administrator transfers cases.');
  if (!a.fromEmployeeId || !a.toEmployeeId || a.fromEmployeeId === a.toEmployeeId) {
    return refuse(REFUSALS.invalid, 'A transfer names two different employees.');
  }
  const plan = reassignmentPlan(state, a.fromEmployeeId, a.moveAuthorship);
  if (!plan.taskIds.length && !plan.resolutionIds.length && !plan.authorship) {
    return refuse(REFUSALS.alreadyDone, `${a.fromEmployeeId} has nothing open on this document to transfer.`);
  }
  return undefined;
}

/**
 * Moves the open and waiting tasks, the execution and control of open resolutions and, when asked, the
 * authorship. Finished tasks keep their assignee: they are history. The new assignee may end up with two
 * tasks of one stage (theirs and the transferred one); each counts, as each was somebody's duty.
 */
export function applyReassign(state: DocumentState, a: ReassignTasksAction, nowMs: number): DomainEvent[] {
  const from = a.fromEmployeeId;
  const to = a.toEmployeeId;
  const plan = reassignmentPlan(state, from, a.moveAuthorship);
  for (const t of state.tasks) if (plan.taskIds.includes(t.id)) t.assigneeId = to;
  for (const r of state.resolutions) {
    if (!plan.resolutionIds.includes(r.id)) continue;
    if (controllerOf(r) === from) r.controllerId = to;
    if (r.responsibleExecutorId === from) {
      r.responsibleExecutorId = to;
      r.coExecutorIds = r.coExecutorIds.filter((id) => id !== to);
    } else if (r.coExecutorIds.includes(from)) {
      r.coExecutorIds = [...new Set(r.coExecutorIds.map((id) => (id === from ? to : id)))].filter((id) => id !== r.responsibleExecutorId);
    }
  }
  if (plan.authorship) state.authorId = to;
  return [
    {
      type: 'task.reassigned',
      atMs: nowMs,
      stageId: state.stage?.id,
      ...actorFields(a.actor),
      comment: a.comment,
      data: { from, to, taskIds: plan.taskIds, resolutionIds: plan.resolutionIds, authorship: plan.authorship },
    },
  ];
}
