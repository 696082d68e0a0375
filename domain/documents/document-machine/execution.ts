/** Execution: resolutions and sub-resolutions, execution cards (filed and edited), acknowledgement. */
import type { ControlType } from '../../routes/route-model';
import { REFUSALS } from '../actions';
import type {
  AcknowledgeAction,
  EditExecutionCardAction,
  FileExecutionCardAction,
  Refusal,
  WriteResolutionAction,
} from '../actions';
import type { Deadline, DocumentState, Resolution } from '../document-state';
import {
  actorFields,
  cancelOpenTasks,
  closeTask,
  isRefusal,
  openTasksOf,
  refuse,
  requireStage,
  requireTask,
  taskOwner,
} from './tasks';
import type { DomainEvent } from './tasks';

export function resolutionOf(state: DocumentState, id: string): Resolution | undefined {
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
