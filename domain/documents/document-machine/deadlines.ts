/**
 * Deadlines: extending one, the deadlines and reminders still running, breaches and who is late, and
 * recalculation after the business calendar changed.
 */
import { REFUSALS } from '../actions';
import type { Actor, ExtendDeadlineAction, Refusal } from '../actions';
import type { Deadline, DocumentState } from '../document-state';
import { resolutionOf } from './execution';
import { actorFields, refuse, taskOwner } from './tasks';
import type { DomainEvent } from './tasks';

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
