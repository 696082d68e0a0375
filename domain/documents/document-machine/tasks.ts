/**
 * What every part of the document machine shares: the domain event it returns, the status of each stage
 * type, and the tasks of the state (whose they are, finding the actor's open one, closing and cancelling).
 */
import type { StageType } from '../../routes/route-model';
import { REFUSALS } from '../actions';
import type { Actor, Refusal } from '../actions';
import type { DocumentState, DocumentStatus, Task, TaskKind } from '../document-state';

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

export const STATUS_OF_STAGE: Record<StageType, DocumentStatus> = {
  approval: 'on-approval',
  signing: 'on-signing',
  registration: 'on-registration',
  execution: 'in-execution',
  'control-removal': 'awaiting-control-removal',
  acknowledgement: 'on-acknowledgement',
};

export const refuse = (type: Refusal['type'], message: string): Refusal => ({ type, message });

/** The employee whose task an actor performs: their own, or the absent colleague's they stand in for. */
export function taskOwner(actor: Actor): string {
  return actor.onBehalfOf ?? actor.employeeId;
}

export function actorFields(actor: Actor): Pick<DomainEvent, 'actorId' | 'onBehalfOf'> {
  return actor.onBehalfOf ? { actorId: actor.employeeId, onBehalfOf: actor.onBehalfOf } : { actorId: actor.employeeId };
}

export function openTasksOf(state: DocumentState, owner: string, kinds?: readonly TaskKind[]): Task[] {
  return state.tasks.filter(
    (t) => t.state === 'open' && t.assigneeId === owner && (!kinds || kinds.includes(t.kind)),
  );
}

export function stageTasks(state: DocumentState): Task[] {
  const stage = state.stage;
  return stage ? state.tasks.filter((t) => t.stageId === stage.id && t.id.startsWith(`${state.round}.`)) : [];
}

/** Refuses an action at a stage of another type, naming the stage the document is at. */
export function requireStage(state: DocumentState, type: StageType, action: string): Refusal | undefined {
  if (state.stage?.type === type) return undefined;
  return refuse(
    REFUSALS.wrongStage,
    `Cannot ${action}: the document is ${state.status}${state.stage ? ` (stage "${state.stage.id}")` : ''}.`,
  );
}

/** Finds the actor's open task of a kind, or explains why there is none. */
export function requireTask(state: DocumentState, actor: Actor, kind: TaskKind, action: string): Task | Refusal {
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

export const isRefusal = (x: Task | Refusal): x is Refusal => !('id' in x);

export function closeTask(task: Task, state: Task['state'], actor: Actor, nowMs: number, comment?: string): void {
  task.state = state;
  task.actedBy = actor.employeeId;
  if (actor.onBehalfOf) task.onBehalfOf = actor.onBehalfOf;
  task.actedAtMs = nowMs;
  if (comment !== undefined) task.comment = comment;
}

export function cancelOpenTasks(state: DocumentState, predicate: (t: Task) => boolean): void {
  for (const t of state.tasks) {
    if ((t.state === 'open' || t.state === 'waiting') && predicate(t)) t.state = 'cancelled';
  }
}
