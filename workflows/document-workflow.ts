/**
 * One workflow per document: interprets the route version the document was started with.
 *
 * Division of labour: update handlers decide (validator) and change the state in memory; the main loop
 * is the only place that advances stages, fires deadlines and writes projections (one writer, in seq
 * order). A handler then waits until the main loop has settled its change, so the caller gets the state
 * after all consequences, e.g. "on-signing" right after the last approval.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TemporalFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  allHandlersFinished,
  workflowInfo,
} from '@temporalio/workflow';
import type { DocumentActivities, PreparedStage, VerifySignatureThenPrepareStageResult } from '../activities/contracts';
import * as defs from './definitions';
import type { Refusal } from '../domain/documents/actions';
import { REFUSALS } from '../domain/documents/actions';
import * as machine from '../domain/documents/document-machine';
import type { DomainEvent } from '../domain/documents/document-machine';
import type { Deadline, DocumentState, DocumentWorkflowInput } from '../domain/documents/document-state';
import { CalendarNotCoveredError, calendarYearsForInstant, computeDeadline, reminderInstant } from '../domain/calendar/business-calendar';
import type { BusinessCalendar } from '../domain/calendar/business-calendar';
import type { DeadlineRule, ExecutionStage, Stage } from '../domain/routes/route-model';

/**
 * Reads and writes of our own database. 30 s: long enough for the projection with its hooks (snapshots,
 * search, notices) on a loaded embedded database, short enough that a crashed worker's attempt is retried
 * elsewhere within half a minute; retried with backoff and never given up on silently.
 */
const db = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The same database work as a local activity: run by the worker that runs the workflow task, right after it,
 * with no round trip through the Temporal server's task queue for scheduling, starting and completing it.
 * For the projection and the calendar, which every action waits for and which are short. Same timeout and
 * retries; a worker that dies mid-way leaves the workflow task to time out, and the next worker runs it again
 * (both are idempotent). Not for resolving participants: that one may retry for long, and the API shows
 * what a route is waiting for from the server's list of pending (non-local) activities.
 */
const localDb = proxyLocalActivities<DocumentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One quick try of participant resolution, a signature check or a registration as a local activity, in the
 * workflow task that needs it, without the Temporal server's round trips for scheduling, starting and
 * completing a task. A single attempt with a short timeout: should it fail or be slow, the same activity is
 * scheduled as usual (`db` / `crypto`) with its retries, and then shows in the server's list of pending
 * activities, which is where the API reads what a route is waiting for. All are idempotent (a read; a check
 * keyed by signature; a number kept per document and round).
 */
const quickTry = proxyLocalActivities<DocumentActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});

/** The quick local try, and on its failure the scheduled, retried activity (see `quickTry`). */
async function locallyFirst<T>(quick: () => Promise<T>, scheduled: () => Promise<T>): Promise<T> {
  try {
    return await quick();
  } catch (error) {
    // A failed local activity may arrive unwrapped: as its own ApplicationFailure, or as the TimeoutFailure of
    // its 5 s. Any such failure falls back; a cancellation (the workflow's) does not.
    const failure = error instanceof ActivityFailure ? error.cause : error;
    if (!(error instanceof TemporalFailure) || error instanceof CancelledFailure || failure instanceof CancelledFailure) throw error;
    // A refusal is final: asking the scheduled activity would only be refused again.
    if (failure instanceof ApplicationFailure && failure.nonRetryable) throw error;
    return scheduled();
  }
}

/** Signature checks may wait on OCSP/CRL sources; a refusal is a non-retryable failure, not an error. */
const crypto = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ message: refusal.message, type: refusal.type, nonRetryable: true });
}

function throwIfRefused(refusal: Refusal | undefined): void {
  if (refusal) throw refusalFailure(refusal);
}

/** The start year and two more: enough for any rule the route schema allows (at most 366 days). */
function yearsCovering(fromMs: number): number[] {
  const [year] = calendarYearsForInstant(fromMs);
  return [year, year + 1, year + 2];
}

export async function documentWorkflow(input: DocumentWorkflowInput): Promise<DocumentState> {
  const route = input.route;
  const stages = route.definition.stages;
  const state: DocumentState =
    input.resumeState ?? machine.createInitialState(input.documentId, input.authorId, { key: route.key, version: route.version });

  let pendingEvents: DomainEvent[] = [];
  let settledSeq = state.seq;
  // In memory only, read by a query: replay sets it the same way, and it feeds no command.
  let projectedSeq = input.resumeState === undefined ? -1 : state.seq; // a resumed state was projected by the run before
  let dirty = input.resumeState === undefined; // a new document writes its first projection at once
  let startRequested = false;
  let calendar: BusinessCalendar | undefined;
  // One marker stands for every change below that came with a patch: a run started from here on records only
  // it, instead of one marker per patch (each of which also costs an upsert of the TemporalChangeVersion
  // search attribute on the server). Runs recorded before it do not have it and ask each patch as they did.
  // A run recorded with the engine's first marker has every change made before that marker (`since`), and
  // asks each later one by its own patch (`sinceLatest`).
  const newestEngine = patched('route-engine-2026-12-c');
  const latestEngine = newestEngine || patched('route-engine-2026-12-b');
  const currentEngine = latestEngine || patched('route-engine-2026-12');
  const since = (patch: string): boolean => currentEngine || patched(patch);
  const sinceLatest = (patch: string): boolean => latestEngine || patched(patch);
  const sinceNewest = (patch: string): boolean => newestEngine || patched(patch);
  /**
   * The card's people as the last submit carried them (see SubmitAction). Kept in memory only: a replay sets it
   * again from the recorded submit, and it only feeds an activity's input, which replay does not compare, so
   * histories recorded before it replay unchanged. After a continue-as-new it is unknown, and the card is read.
   */
  let cardParticipants: Record<string, unknown> | undefined;
  /**
   * The signatures this run accepted, for registration's check: the card lists them only once the sign's
   * projection is written, and a register Update may arrive while it is. In memory only, like `cardParticipants`
   * (it feeds an activity's input); a run continued as new starts without them, after its last projection.
   */
  const acceptedSignatureIds: string[] = [];
  /**
   * The next stage as the check of the signature that completes its stage prepared it: used by the pass that
   * enters that stage when it asks exactly the same, then dropped. From an activity's recorded result, so a
   * replay sets it the same way.
   */
  let prepared: (PreparedStage & { index: number; request: string }) | undefined;
  // Reminder timers came after the first histories were recorded: old runs replay without them.
  const remindersEnabled = since('deadline-reminders');
  // The projection and the calendar as local activities; runs recorded before keep their scheduled activities.
  const short = since('local-projection') ? localDb : db;
  // An action that finishes the route (a refusal) while the main loop is in the middle of a pass used to
  // leave the loop with its change unsettled: the action's caller never got its answer and its projection
  // (and notices) were never written. Runs recorded before keep exiting as they did.
  const settleAfterFinish = since('settle-after-finish');

  /** A handler's change is applied; the main loop will settle it. Resolves with the settled state. */
  /**
   * Actions whose handler runs an activity before the state changes (signature check, taking a number):
   * while one runs, the same action again is refused (409), not queued behind it — its sender would
   * otherwise see two accepted actions for one task. In memory only, which is replay-safe: validators do not
   * run on replay, and the handlers set and clear it the same way when they do.
   */
  const inFlight = new Set<string>();

  function refuseIfInFlight(key: string): void {
    if (inFlight.has(key)) throw refusalFailure({ type: REFUSALS.alreadyDone, message: 'This action is already being carried out; its result follows.' });
  }

  async function whileInFlight<T>(key: string, work: () => Promise<T>): Promise<T> {
    inFlight.add(key);
    try {
      return await work();
    } finally {
      inFlight.delete(key);
    }
  }

  async function changed(events: DomainEvent[]): Promise<DocumentState> {
    state.seq += 1;
    const mine = state.seq;
    pendingEvents.push(...events);
    dirty = true;
    await condition(() => settledSeq >= mine);
    return state;
  }

  /** Whether the run's calendar covers these years (a built calendar covers only the years whose table is loaded). */
  function calendarCovers(years: number[]): boolean {
    return !!calendar && years.every((y) => calendar!.years.includes(y));
  }

  async function calendarFor(fromMs: number): Promise<BusinessCalendar> {
    const years = yearsCovering(fromMs);
    if (!calendar || !calendarCovers(years)) {
      calendar = await short.getBusinessCalendar({ years });
    }
    return calendar;
  }

  /**
   * A deadline the calendar cannot compute (a year it does not cover) is recorded and left unset rather
   * than failing the route: people can still act, and an authorised person can set one by extension.
   */
  async function deadlineFrom(
    rule: DeadlineRule,
    fromMs: number,
    remindWorkingDaysBefore = 1,
    asked: Promise<BusinessCalendar> = calendarFor(fromMs),
  ): Promise<Omit<Deadline, 'extensions'> | undefined> {
    let cal = await asked;
    try {
      let computed: Omit<Deadline, 'extensions'>;
      try {
        computed = computeOn(cal, rule, fromMs, remindWorkingDaysBefore);
      } catch (error) {
        // The term runs into a year whose decree table is not loaded yet: wait for it (the activity is retried,
        // showing "calendar for 2027 not loaded") instead of leaving the deadline unset. Runs recorded before
        // the calendar was cut to loaded years never get here.
        if (!(error instanceof CalendarNotCoveredError) || !since('calendar-year-wait')) throw error;
        const required = yearsCovering(fromMs).filter((y) => y <= error.year);
        calendar = cal = await db.getBusinessCalendar({ years: yearsCovering(fromMs), required });
        computed = computeOn(cal, rule, fromMs, remindWorkingDaysBefore);
      }
      // Runs recorded before reminders keep their exact state shape, so replay reconstructs it unchanged.
      return remindersEnabled ? computed : { dueAtMs: computed.dueAtMs, explanation: computed.explanation };
    } catch (error) {
      pendingEvents.push({ type: 'deadline.not-computed', atMs: Date.now(), comment: (error as Error).message, data: { rule } });
      return undefined;
    }
  }

  // ------------------------------------------------------------ queries and updates
  // ------------------------------------------------------------ queries and updates
  setHandler(defs.stateQuery, () => state);
  setHandler(defs.routeQuery, () => route);
  setHandler(defs.projectedStateQuery, () => ({ state, projectedSeq }));
  // It issues no command of its own, so runs that never receive it replay unchanged.
  setHandler(defs.firstProjectionUpdate, async () => {
    await condition(() => projectedSeq >= 0);
    return { state, projectedSeq };
  });

  setHandler(
    defs.submitUpdate,
    async (a) => {
      const events = machine.applySubmit(state, a, Date.now());
      startRequested = true;
      cardParticipants = a.participants;
      return changed(events);
    },
    { validator: (a) => throwIfRefused(machine.checkSubmit(state, a)) },
  );

  setHandler(
    defs.withdrawUpdate,
    async (a) => changed(machine.applyWithdraw(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkWithdraw(state, a)) },
  );

  setHandler(
    defs.approveUpdate,
    async (a) => changed(machine.applyApprove(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkApprove(state, a, route.definition)) },
  );

  setHandler(
    defs.rejectUpdate,
    async (a) => changed(machine.applyReject(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkReject(state, a)) },
  );

  setHandler(
    defs.signUpdate,
    async (a) => {
      const stage = stages[state.stage!.index];
      // A substitute signs with their own key: the certificate must name the person who acts, and the
      // signature is recorded "on behalf of" the task owner. Runs before this change matched the owner only.
      const signerId = since('substitute-signs-own-key') ? a.actor.employeeId : machine.taskOwner(a.actor);
      const check = {
        documentId: state.documentId,
        signatureId: a.signatureId,
        signerEmployeeIds: [signerId],
        requiredRoles: stage.type === 'signing' ? stage.requiredRoles : undefined,
      };
      // A signature that completes its stage is checked in the same local activity that then prepares the next
      // stage (its people; the calendar its deadline needs): one hop through the worker less before the route
      // moves on. Should that activity fail, the check alone is scheduled, as before.
      const next = sinceNewest('signature-check-prepares-next-stage') ? stageAfterSign(a) : undefined;
      // Runs recorded before the quick local try schedule the check at once.
      let preparedNext: VerifySignatureThenPrepareStageResult['next'];
      const verify = next
        ? async () => {
            const checked = await locallyFirst(
              () => quickTry.verifySignatureThenPrepareStage({ check, next: { request: next.request, calendarYears: next.calendarYears } }),
              async () => ({ verdict: await crypto.verifyDocumentSignature(check), next: undefined }),
            );
            preparedNext = checked.next;
            return checked.verdict;
          }
        : since('local-first-signature-check')
          ? () => locallyFirst(() => quickTry.verifyDocumentSignature(check), () => crypto.verifyDocumentSignature(check))
          : () => crypto.verifyDocumentSignature(check);
      const verdict = await whileInFlight(`sign:${machine.taskOwner(a.actor)}`, verify);
      if (!verdict.valid) {
        throw ApplicationFailure.create({
          type: REFUSALS.signatureInvalid,
          message: `The signature was refused: ${verdict.failures.map((f) => f.message).join('; ') || verdict.reason}`,
          details: [verdict],
          nonRetryable: true,
        });
      }
      // The state may have moved on while the signature was being checked.
      throwIfRefused(machine.checkSign(state, a));
      acceptedSignatureIds.push(a.signatureId);
      if (next && preparedNext) prepared = { index: next.index, request: JSON.stringify(next.request), ...preparedNext };
      return changed(machine.applySign(state, a, Date.now()));
    },
    {
      validator: (a) => {
        refuseIfInFlight(`sign:${machine.taskOwner(a.actor)}`);
        throwIfRefused(machine.checkSign(state, a));
      },
    },
  );

  setHandler(
    defs.registerUpdate,
    async (a) => {
      const stage = stages[state.stage!.index];
      if (stage.type !== 'registration') throw refusalFailure({ type: REFUSALS.wrongStage, message: 'Not at registration.' });
      // Idempotent per document and round: a retry or a second registrar gets the same number, so a quick local
      // try that timed out after taking one leaves the scheduled activity that same number.
      const request = {
        documentId: state.documentId,
        journal: stage.journal,
        round: state.round,
        registrarId: a.actor.employeeId,
        duplicateOf: a.duplicateOf,
        acceptedSignatureIds: [...acceptedSignatureIds],
      };
      // Runs recorded before the quick local try schedule the registration at once.
      const register = sinceLatest('local-first-registration')
        ? () => locallyFirst(() => quickTry.registerDocument(request), () => db.registerDocument(request))
        : () => db.registerDocument(request);
      const registration = await whileInFlight('register', register);
      throwIfRefused(machine.checkRegister(state, a));
      return changed(machine.applyRegister(state, a, registration, Date.now()));
    },
    {
      validator: (a) => {
        refuseIfInFlight('register');
        throwIfRefused(machine.checkRegister(state, a));
      },
    },
  );

  setHandler(
    defs.refuseIncomingUpdate,
    async (a) => changed(machine.applyRefuseIncoming(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkRefuseIncoming(state, a)) },
  );

  setHandler(
    defs.writeResolutionUpdate,
    async (a) => {
      const now = Date.now();
      let deadline: Omit<Deadline, 'extensions'> | undefined;
      if (a.dueAtMs !== undefined) deadline = { dueAtMs: a.dueAtMs, explanation: 'set by the resolution author' };
      else if (a.deadlineRule) deadline = await deadlineFrom(a.deadlineRule, now);
      throwIfRefused(machine.checkWriteResolution(state, a));
      const stage = stages[state.stage!.index] as ExecutionStage;
      return changed(machine.applyWriteResolution(state, a, Date.now(), deadline, stage.control));
    },
    { validator: (a) => throwIfRefused(machine.checkWriteResolution(state, a)) },
  );

  setHandler(
    defs.fileExecutionCardUpdate,
    async (a) => changed(machine.applyFileExecutionCard(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkFileExecutionCard(state, a)) },
  );

  setHandler(
    defs.editExecutionCardUpdate,
    async (a) => changed(machine.applyEditExecutionCard(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkEditExecutionCard(state, a)) },
  );

  setHandler(
    defs.acknowledgeUpdate,
    async (a) => changed(machine.applyAcknowledge(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkAcknowledge(state, a)) },
  );

  setHandler(
    defs.removeFromControlUpdate,
    async (a) => changed(machine.applyRemoveFromControl(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkRemoveFromControl(state, a)) },
  );

  setHandler(
    defs.returnForReworkUpdate,
    async (a) => {
      const executionIndex = lastExecutionStageBefore(stages, state.stage!.index);
      return changed(machine.applyReturnForRework(state, a, executionIndex, stages[executionIndex].id, Date.now()));
    },
    {
      validator: (a) => {
        throwIfRefused(machine.checkReturnForRework(state, a));
        if (lastExecutionStageBefore(stages, state.stage!.index) < 0) {
          throw refusalFailure({ type: REFUSALS.notAllowed, message: 'This route has no execution stage to return to.' });
        }
      },
    },
  );

  setHandler(
    defs.extendDeadlineUpdate,
    async (a) => changed(machine.applyExtendDeadline(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkExtendDeadline(state, a, Date.now())) },
  );

  setHandler(
    defs.reassignTasksUpdate,
    async (a) => changed(machine.applyReassign(state, a, Date.now())),
    { validator: (a) => throwIfRefused(machine.checkReassign(state, a)) },
  );

  setHandler(
    defs.recalculateDeadlinesUpdate,
    async (a) => {
      calendar = await short.getBusinessCalendar({ years: yearsCovering(Date.now()) });
      const cal = calendar;
      let events: DomainEvent[];
      try {
        events = machine.applyRecalculatedDeadlines(state, (rule, startMs) => computeOn(cal, rule, startMs, remindDaysFor(stages, state)), cal.version, Date.now());
      } catch (error) {
        // A calendar that cannot compute a deadline refuses the update instead of failing the workflow task.
        throw ApplicationFailure.create({ type: REFUSALS.invalid, message: (error as Error).message, nonRetryable: true });
      }
      return changed(events.map((e) => ({ ...e, actorId: a.actor.employeeId })));
    },
    { validator: (a) => throwIfRefused(machine.checkRecalculateDeadlines(a)) },
  );

  // ------------------------------------------------------------ stage progression
  function stageRequest(index: number) {
    const stage = stages[index];
    const extra = stage.type === 'control-removal' ? machine.resolutionControllers(state) : undefined;
    return { documentId: state.documentId, authorId: state.authorId, stage, extraAssigneeIds: extra, cardParticipants };
  }

  /**
   * The stage this signature leads to when it completes its own (tried on a copy of the state), with what
   * entering it will ask. None when it completes the route, or leads to removal from control, whose people
   * and passage depend on the state the signature leaves.
   */
  function stageAfterSign(a: Parameters<typeof machine.applySign>[1]): { index: number; request: ReturnType<typeof stageRequest>; calendarYears?: number[] } | undefined {
    if (!state.stage) return undefined;
    const trial = JSON.parse(JSON.stringify(state)) as DocumentState;
    machine.applySign(trial, a, Date.now());
    const index = state.stage.index + 1;
    if (machine.evaluateStage(trial, stages[state.stage.index]) !== 'completed' || index >= stages.length) return undefined;
    if (stages[index].type === 'control-removal') return undefined;
    return { index, request: stageRequest(index), calendarYears: calendarYearsToAsk(stages[index], Date.now()) };
  }

  /** What the signature's check prepared for this stage, when entering it asks exactly that. */
  function takePrepared(index: number, request: ReturnType<typeof stageRequest>) {
    const ready = prepared;
    prepared = undefined;
    return ready && ready.index === index && ready.request === JSON.stringify(request) ? ready : undefined;
  }

  /** The calendar years a deadline from `fromMs` needs, when the run has none covering them (as `calendarFor` asks). */
  function calendarYearsToAsk(stage: Stage, fromMs: number): number[] | undefined {
    const years = yearsCovering(fromMs);
    return stage.deadline && !calendarCovers(years) ? years : undefined;
  }

  /**
   * The stage's people and calendar in one quick local activity; on its failure the resolution alone is
   * scheduled, as before, and the calendar is asked for where the deadline is computed.
   */
  function prepareNow(stage: Stage, request: ReturnType<typeof stageRequest>, startedAt: number): Promise<PreparedStage> {
    return locallyFirst(
      () => quickTry.prepareStage({ request, calendarYears: calendarYearsToAsk(stage, startedAt) }),
      () => db.resolveStageParticipants(request),
    );
  }

  async function enterStage(index: number): Promise<void> {
    const stage = stages[index];
    const startedAt = Date.now();
    const request = stageRequest(index);
    // Prepared by the signature's check that led here; else, in runs from the newest engine on, in one activity
    // now. Runs recorded before ask for the people and the calendar as two activities (below), as they did.
    const ready = takePrepared(index, request) ?? (newestEngine ? await prepareNow(stage, request, startedAt) : undefined);
    // A calendar prepared with the stage was asked as `calendarFor` would have asked it.
    if (ready?.calendar) calendar = ready.calendar;
    // The stage's calendar is asked for side by side with its people (two local activities at once, where runs
    // recorded before the current engine asked one after the other); a failure of it is met where the
    // deadline is computed, as before.
    const calendarAsked = stage.deadline && currentEngine ? (ready?.calendar ? Promise.resolve(ready.calendar) : calendarFor(startedAt)) : undefined;
    calendarAsked?.catch(() => undefined);
    // Runs recorded before the quick local try schedule the resolution at once.
    const { assignments } = ready
      ? ready
      : since('local-first-participants')
        ? await locallyFirst(() => quickTry.resolveStageParticipants(request), () => db.resolveStageParticipants(request))
        : await db.resolveStageParticipants(request);
    const deadline = stage.deadline ? await deadlineFrom(stage.deadline, startedAt, stage.remindWorkingDaysBefore, calendarAsked) : undefined;
    pendingEvents.push(...machine.beginStage(state, index, stage, withoutSelfApproval(stage, assignments, state.authorId), Date.now(), deadline));
  }

  /** Applies every consequence of the changes so far, until the route waits for people again. */
  async function advance(): Promise<void> {
    if (startRequested) {
      startRequested = false;
      if (!state.stage && stages.length > 0) await enterStage(0);
    }
    while (state.stage) {
      const stage = stages[state.stage.index];
      // A document under no control has nothing to remove from control: it passes straight through.
      const skip = stage.type === 'control-removal' && machine.documentControl(state) === 'none';
      const outcome = skip ? 'completed' : machine.evaluateStage(state, stage);
      if (outcome === 'pending') return;
      if (outcome === 'failed') {
        if (stage.type === 'approval' || stage.type === 'signing') pendingEvents.push(...machine.returnToAuthor(state, Date.now()));
        return;
      }
      const next = state.stage.index + 1;
      pendingEvents.push(...machine.completeStage(state, Date.now()));
      if (next >= stages.length) pendingEvents.push(...machine.finishRoute(state, Date.now()));
      else await enterStage(next);
    }
  }

  async function fireDueReminders(): Promise<void> {
    const now = Date.now();
    for (const pending of machine.pendingReminders(state)) {
      if (pending.deadline.remindAtMs! > now) continue;
      const waiting = machine.lateAssignees(state, pending);
      pendingEvents.push(...machine.markReminded(state, pending, now));
      await db.remindDeadline({
        documentId: state.documentId,
        stageId: state.stage?.id,
        resolutionId: pending.resolutionId,
        dueAtMs: pending.deadline.dueAtMs,
        assigneeIds: waiting,
      });
    }
  }

  async function fireDueDeadlines(): Promise<void> {
    const now = Date.now();
    for (const pending of machine.pendingDeadlines(state)) {
      if (pending.deadline.dueAtMs > now) continue;
      const late = machine.lateAssignees(state, pending);
      pendingEvents.push(...machine.markBreached(state, pending, now));
      const stage = state.stage ? stages[state.stage.index] : undefined;
      await db.escalateDeadline({
        documentId: state.documentId,
        stageId: state.stage?.id,
        resolutionId: pending.resolutionId,
        dueAtMs: pending.deadline.dueAtMs,
        lateAssigneeIds: late,
        escalateTo: stage?.escalateTo ?? [],
        authorId: state.authorId,
      });
    }
  }

  async function flush(): Promise<void> {
    const events = pendingEvents;
    pendingEvents = [];
    const seq = state.seq;
    await short.recordTransition({
      documentId: state.documentId,
      seq,
      state,
      events,
      routeKey: route.key,
      routeVersion: route.version,
    });
    projectedSeq = seq;
  }

  function nextDueInMs(): number | undefined {
    const due = machine.pendingDeadlines(state).map((p) => p.deadline.dueAtMs);
    if (remindersEnabled) due.push(...machine.pendingReminders(state).map((p) => p.deadline.remindAtMs!));
    return due.length ? Math.max(0, Math.min(...due) - Date.now()) : undefined;
  }

  /** The history has reached the run's own threshold (runs started before it had none: never). */
  function historyLongerThanThreshold(): boolean {
    const limit = input.continueAsNewAfterEvents;
    return limit !== undefined && workflowInfo().historyLength >= limit && since('continue-as-new-threshold');
  }

  // ------------------------------------------------------------ main loop
  while (!state.finishedAtMs || (settleAfterFinish && dirty)) {
    const wait = nextDueInMs();
    const woken = wait === undefined ? (await condition(() => dirty), true) : await condition(() => dirty, wait);
    dirty = false;
    // Changes handlers made up to now get their consequences in this pass; later ones wait for the next.
    const known = state.seq;
    if (!woken) {
      if (remindersEnabled) await fireDueReminders();
      await fireDueDeadlines();
    }
    await advance();
    prepared = undefined; // prepared for a stage this pass did not enter: not kept for a later one
    state.seq += 1; // the pass's own changes (stages entered, deadlines fired) get a version of their own
    await flush();
    settledSeq = known;
    if ((workflowInfo().continueAsNewSuggested || historyLongerThanThreshold()) && !dirty) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof documentWorkflow>({ ...input, resumeState: state });
    }
  }
  await condition(allHandlersFinished);
  return state;
}

/** The author does not approve their own document unless the route allows it. */
function withoutSelfApproval(stage: Stage, assignments: machine.StageAssignment[], authorId: string): machine.StageAssignment[] {
  if (stage.type !== 'approval' || stage.allowSelfApproval) return assignments;
  return assignments.map((a) => ({ ...a, assigneeIds: a.assigneeIds.filter((id) => id !== authorId) }));
}

function lastExecutionStageBefore(stages: Stage[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (stages[i].type === 'execution') return i;
  return -1;
}

/** The due instant, its explanation and the reminder instant of a rule on a calendar. */
function computeOn(cal: BusinessCalendar, rule: DeadlineRule, startMs: number, remindWorkingDaysBefore: number): Omit<Deadline, 'extensions'> {
  const computed = computeDeadline(startMs, rule, cal);
  const remindAt = reminderInstant(computed.dueAtMs, { workingDaysBefore: remindWorkingDaysBefore }, cal);
  return {
    dueAtMs: computed.dueAtMs,
    explanation: computed.explanation,
    rule,
    startMs,
    remindAtMs: remindAt !== null && remindAt > startMs ? remindAt : undefined,
  };
}

/** Reminder lead of the current stage (resolutions follow their stage's setting). */
function remindDaysFor(stages: Stage[], state: DocumentState): number {
  return (state.stage && stages[state.stage.index]?.remindWorkingDaysBefore) ?? 1;
}
