/**
 * 002 §§7–9: when the Department cannot make a requested change to the EDMS itself, the responsible employee sends
 * a request, agreed with the supervising Deputy Chairman, to the system administrator, who sets its own execution
 * deadline; the administrator's answer is attached to the execution card of the memo.
 *
 * A request is a record next to the memo's route, not a stage of it: it is raised only sometimes, in the middle of
 * the responsible employee's execution task, and the task goes on while it runs (docs/registry-office.md).
 * These are its rules; the API (api/routes/admin-requests.ts) stores it and appends the audit events.
 */

/** The document type whose execution may raise a request: the memo asking to change the EDMS (route edms-change-memo). */
export const CHANGE_MEMO_TYPE = 'edms-change-memo';
/** The position that agrees a request (the seed's org and the standard routes use the same id). */
export const DEPUTY_CHAIRMAN_POSITION = 'deputy-chairman';

export const ADMIN_REQUEST_STATES = ['awaiting-agreement', 'returned', 'with-administrator', 'in-work', 'answered'] as const;
/**
 * awaiting-agreement → (Deputy Chairman) returned | with-administrator → (administrator sets the deadline) in-work →
 * (administrator answers) answered. The administrator may also answer at once (with-administrator → answered) and
 * move the deadline while in work. A returned request stays as it was, with the comment; the employee raises a new one.
 */
export type AdminRequestState = (typeof ADMIN_REQUEST_STATES)[number];

export interface AdminRequestFacts {
  state: AdminRequestState;
  raisedBy: string;
  dueAt?: Date | null;
  answeredAt?: Date | null;
}

export interface RequestRefusal {
  status: 403 | 409 | 422;
  field?: string;
  message: string;
}

interface MemoFacts {
  type?: string | null;
  status?: string | null;
  state?: unknown;
}

interface LiveExecution {
  status?: string;
  resolutions?: Array<{ id: string; responsibleExecutorId: string; state: string }>;
  tasks?: Array<{ kind: string; state: string; assigneeId: string; resolutionId?: string }>;
}

/** Why this person cannot raise a request from this resolution of this document now, or undefined when they can. */
export function refuseRaise(doc: MemoFacts, actorId: string, resolutionId: string): RequestRefusal | undefined {
  if (doc.type !== CHANGE_MEMO_TYPE) return { status: 409, message: 'A request to the system administrator is raised from the execution of a memo asking to change the EDMS.' };
  const live = (doc.state ?? {}) as LiveExecution;
  if ((live.status ?? doc.status) !== 'in-execution') return { status: 409, message: 'The memo is not in execution.' };
  const resolution = (live.resolutions ?? []).find((r) => r.id === resolutionId);
  if (!resolution) return { status: 422, field: 'body.resolutionId', message: 'no resolution of this memo has this id' };
  const ownOpenTask = (live.tasks ?? []).some((t) => t.kind === 'execute' && t.state === 'open' && t.assigneeId === actorId && t.resolutionId === resolutionId);
  if (resolution.responsibleExecutorId !== actorId || !ownOpenTask) {
    return { status: 403, message: 'Only the responsible executor of the resolution, while executing it, raises a request to the system administrator.' };
  }
  return undefined;
}

/** Only a Deputy Chairman (or their substitute) agrees or returns, and only a request waiting for it. */
export function refuseAgreement(request: AdminRequestFacts, actsForDeputyChairman: boolean): RequestRefusal | undefined {
  if (!actsForDeputyChairman) return { status: 403, message: 'Only the Deputy Chairman supervising the Department agrees a request to the system administrator.' };
  if (request.state !== 'awaiting-agreement') return { status: 409, message: `The request is not waiting for agreement (it is ${request.state}).` };
  return undefined;
}

const ADMINISTRATOR_STATES: readonly AdminRequestState[] = ['with-administrator', 'in-work'];

/** The administrator sets (or moves) the deadline of an agreed request that is not answered yet; not in the past. */
export function refuseDeadline(request: AdminRequestFacts, dueAtMs: number, nowMs: number, field: string): RequestRefusal | undefined {
  if (!ADMINISTRATOR_STATES.includes(request.state)) return { status: 409, message: `The request is ${request.state}: a deadline is set once it is agreed and until it is answered.` };
  if (dueAtMs < nowMs) return { status: 422, field, message: 'must not be in the past' };
  return undefined;
}

/** The administrator answers an agreed request once; its files must be the ones uploaded for it. */
export function refuseAnswer(request: AdminRequestFacts, attachmentIds: readonly string[], uploadedForIt: ReadonlySet<string>): RequestRefusal | undefined {
  if (!ADMINISTRATOR_STATES.includes(request.state)) return { status: 409, message: `The request is ${request.state}: it is answered once it is agreed, and only once.` };
  const foreign = attachmentIds.findIndex((id) => !uploadedForIt.has(id));
  if (foreign >= 0) return { status: 422, field: `body.attachmentIds.${foreign}`, message: 'no file uploaded for this request has this id' };
  return undefined;
}

/** Files are added to the answer while the administrator works on the request. */
export function refuseAnswerFile(request: AdminRequestFacts): RequestRefusal | undefined {
  if (!ADMINISTRATOR_STATES.includes(request.state)) return { status: 409, message: `The request is ${request.state}: files are added to its answer while the administrator works on it.` };
  return undefined;
}

/**
 * A breach of the administrator's deadline, as a resolution's is shown: still open past it, or answered after it.
 * Worked out when read (the request has no workflow to fire a timer), so it is exact whenever someone looks.
 */
export function deadlineBreach(request: AdminRequestFacts, nowMs: number): 'overdue' | 'answered-late' | undefined {
  if (!request.dueAt) return undefined;
  const due = request.dueAt.getTime();
  if (request.state === 'answered') return request.answeredAt && request.answeredAt.getTime() > due ? 'answered-late' : undefined;
  if (request.state === 'in-work' && nowMs > due) return 'overdue';
  return undefined;
}
