/**
 * Stages of the route: what tasks a stage hands out, when it is finished (quorum), leaving it, finishing
 * the route, and which control the document's resolutions put it under.
 */
import type { ControlType, Quorum, Stage } from '../../routes/route-model';
import type { ActiveStage, Deadline, DocumentState, TaskKind } from '../document-state';
import { cancelOpenTasks, stageTasks, STATUS_OF_STAGE } from './tasks';
import type { DomainEvent } from './tasks';

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
