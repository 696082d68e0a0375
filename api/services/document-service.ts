/**
 * Documents: create the card and start its route, read the card with the live state, and pass human
 * actions to the workflow as Updates (whose validators decide).
 */
import { createHash, randomUUID } from 'node:crypto';
import { QueryNotRegisteredError, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage, type Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { canonicalJson } from '../../domain/audit/canonical-json';
import type { Models } from '../../db/models';
import { createRouteVersionReader } from '../../db/route-version-reader';
import { routeCatalogueVersion } from '../../db/route-catalogue-version';
import { createParticipantResolver } from '../../domain/documents/participant-resolver';
import { createDraftNumbering, type DraftNumber } from '../../domain/journals/draft-numbering';
import { documentCaption } from '../../domain/journals/document-caption';
import { createJournalOfDocument, peopleOf, seesEverything, type VisibilityFacts } from '../../domain/documents/document-visibility';
import { createSearchIndexer } from '../../domain/search/search-indexer';
import { participantIds } from '../../domain/documents/inbox-projection';
import { executionFilesOwner } from '../../domain/records/execution-files';
import { CHANGE_MEMO_TYPE } from '../../domain/documents/admin-request';
import * as defs from '../../workflows/definitions';
import type { Actor, DocumentState, DocumentWorkflowInput } from '../../workflows/definitions';
import { CONTINUE_AS_NEW_AFTER_EVENTS } from '../../domain/documents/document-state';
import type { PinnedRoute, RouteDefinition } from '../../domain/routes/route-model';
import { problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { ActionName, actionBodies } from './document-schemas';
import type { SubstitutionService } from './substitution-service';
import type { z } from '../../domain/zod';
import { takePrefetchedCard } from '../middleware/card-prefetch';

export interface DocumentServiceDeps {
  models: Models;
  temporal: Client;
  taskQueue: string;
  substitutions: SubstitutionService;
  /** How long an action's answer waits for the route to carry out its consequences (then: 202 with `pending`). */
  actionAnswerWaitMs?: number;
}

const DEFAULT_ACTION_ANSWER_WAIT_MS = 20_000;
/** How long a create's answer waits for the draft's first projection once the workflow has answered a query. */
const FIRST_PROJECTION_WAIT_MS = 5_000;

interface PendingWork {
  activity: string;
  attempt: number;
  lastFailure?: string;
}

/** The state after an action, or, when it takes too long, the accepted Update and what it waits for. */
type ActionOutcome = DocumentState | { pendingUpdateId: string; waitingFor: PendingWork[] };

export type { VisibilityFacts };

type CreateInput = {
  type: string;
  title: string;
  language: 'kk' | 'ru';
  correspondent?: string;
  summary?: string;
  participants: Record<string, unknown>;
  fields: Record<string, unknown>;
};

/** A document id owned by one author's key: a UUID-shaped digest, so another author's same key is another document. */
export function idempotentDocumentId(authorId: string, key: string): string {
  const hex = createHash('sha256').update(`qujat:create:${authorId}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createDocumentService(deps: DocumentServiceDeps) {
  const { models, temporal } = deps;
  const drafts = createDraftNumbering(models);
  const searchIndex = createSearchIndexer(models);
  const routeVersions = createRouteVersionReader(models);
  // Whether the people named on a new card are active, kept under the employees' version token (as the worker
  // keeps them to resolve stages), instead of a read of each person on every create.
  const people = createParticipantResolver(models);
  /** The route each document type starts now, kept under the route catalogue's version token. */
  const currentRoutes = new Map<string, { token: string; route: PinnedRoute }>();

  const handleOf = (documentId: string): WorkflowHandle => temporal.workflow.getHandle(defs.documentWorkflowId(documentId));

  /**
   * The type's route and its latest published version. The token is read before the type and the versions, and
   * every write of either moves it after the write, so a route kept under the current token is the current one;
   * one read against another process's publish leaves it kept under the old token, which the next create finds moved.
   */
  async function currentRoute(documentType: string): Promise<PinnedRoute> {
    const token = await routeCatalogueVersion(models.DocumentType.db);
    const kept = currentRoutes.get(documentType);
    if (kept?.token === token) return kept.route;
    const type = await models.DocumentType.findById(documentType).lean();
    if (!type) throw problems.validation([{ field: 'body.type', message: `unknown document type "${documentType}"` }]);
    const version = await routeVersions.latest(type.routeKey);
    if (!version) throw problems.conflict(`Route "${type.routeKey}" of type "${documentType}" has no published version yet.`);
    const route = { key: version.key, version: version.version, definition: version.definition as RouteDefinition };
    // Only types that exist are kept: a handful, bound by an administrator.
    currentRoutes.set(documentType, { token, route });
    return route;
  }

  /**
   * Refuses participants that name no active employee, naming the first such field under `at` (the request's
   * path of the participants: a new card's, or a card edit's changes).
   */
  async function checkPeopleExist(participants: Record<string, unknown>, at = 'body.participants'): Promise<void> {
    const named = Object.entries(participants).flatMap(([field, value]) =>
      (Array.isArray(value) ? value : [value]).map((id, i) => ({ id, path: Array.isArray(value) ? `${at}.${field}.${i}` : `${at}.${field}` })),
    );
    const ids = [...new Set(named.flatMap(({ id }) => (typeof id === 'string' ? [id] : [])))];
    const active = new Set(ids.length ? await people.activeOf(ids) : []);
    const missing = named.find(({ id }) => typeof id !== 'string' || !active.has(id));
    if (missing) throw problems.validation([{ field: missing.path, message: `no active employee "${String(missing.id)}"` }]);
  }

  /**
   * Creates the card and starts its route. With an idempotency key the document's id is derived from the
   * author and the key, so a repeated request finds the first one's card (and finishes its start if that
   * request died half-way) instead of making a second draft; the same key with another body is refused.
   */
  async function createDocument(actor: AuthenticatedActor, input: CreateInput, options: { idempotencyKey?: string } = {}) {
    const requestHash = options.idempotencyKey ? createHash('sha256').update(canonicalJson(input)).digest('hex') : undefined;
    const documentId = options.idempotencyKey ? idempotentDocumentId(actor.employeeId, options.idempotencyKey) : randomUUID();
    if (options.idempotencyKey) {
      const earlier = await models.Document.findById(documentId, { idempotency: 1 }).lean();
      if (earlier) return { document: await replay(actor, documentId, earlier.idempotency?.requestHash ?? undefined, requestHash), replayed: true };
    }
    // Side by side (each is a token read when its copy is current); an unknown type is reported before unknown people.
    const [routed, checked] = await Promise.allSettled([currentRoute(input.type), checkPeopleExist(input.participants)]);
    if (routed.status === 'rejected') throw routed.reason;
    if (checked.status === 'rejected') throw checked.reason;
    const route = routed.value;
    const workflowId = defs.documentWorkflowId(documentId);
    // Saving gives the draft number (002 A1 §6.7), claimed before the card so that the card's insert carries it.
    // Idempotent per document: a repeated key's claim finds the first one's. A card that then fails to be
    // written leaves its number unused (draft numbers are not a register; registration numbers have no gaps).
    const draft = await drafts.claimDraftNumber({ documentId, documentType: input.type });
    let created: Awaited<ReturnType<typeof loadVisible>>;
    try {
      created = (await models.Document.create({
        _id: documentId,
        ...input,
        authorId: actor.employeeId,
        route: { key: route.key, version: route.version },
        workflowId,
        status: 'draft',
        draftNumber: draft.number,
        participantIds: [actor.employeeId],
        signatureIds: [],
        attachmentIds: [],
        ...(requestHash && { idempotency: { requestHash } }),
      })).toObject() as Awaited<ReturnType<typeof loadVisible>>;
    } catch (error) {
      // Two requests with one key at once: the other made the card; answer as its repeat.
      if (!requestHash || (error as { code?: number }).code !== 11000) throw error;
      const earlier = await models.Document.findById(documentId, { idempotency: 1 }).lean();
      return { document: await replay(actor, documentId, earlier?.idempotency?.requestHash ?? undefined, requestHash), replayed: true };
    }
    let projected: defs.ProjectedState | undefined;
    try {
      projected = await startRouteAwaitingProjection(documentId, actor.employeeId, route, draft);
    } catch (error) {
      // Without its route the card is useless: remove it so a retry starts clean.
      await models.Document.deleteOne({ _id: documentId });
      throw error;
    }
    // The caller gets the card back with its first projection written, so the lists, inboxes, search and audit
    // trail see what the answer shows (the projection writes the search record, with the draft number the card
    // was inserted with). Answering from the card just written, without waiting, was measured cheaper but broke
    // that order.
    return { document: projected ? view(created, projected.state) : await afterFirstProjection(created), replayed: false };
  }

  /**
   * Starts a new card's route and waits for its first projection in one call: the workflow's start carries an
   * Update that the workflow answers once that projection is written (update-with-start). Undefined when the
   * answer has to be found the other way (`afterFirstProjection`): the route started but the Update was refused
   * (a worker from before it, during a rolling deploy) or not answered in FIRST_PROJECTION_WAIT_MS; or the
   * cluster does not take update-with-start, and the route was started on its own.
   */
  async function startRouteAwaitingProjection(documentId: string, authorId: string, route: PinnedRoute, draft: DraftNumber): Promise<defs.ProjectedState | undefined> {
    const start = new WithStartWorkflowOperation(defs.DOCUMENT_WORKFLOW_TYPE, {
      workflowId: defs.documentWorkflowId(documentId),
      taskQueue: deps.taskQueue,
      args: [workflowInputFor(documentId, authorId, route)],
      // A card's route is started once; an earlier start of the same card (a request that died half-way) is kept.
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    try {
      // A deadline rather than an abort signal: the client's native connection acts only on deadlines (client/temporal.ts).
      return await temporal.withDeadline(Date.now() + FIRST_PROJECTION_WAIT_MS, () => temporal.workflow.executeUpdateWithStart(defs.firstProjectionUpdate, { startWorkflowOperation: start }));
    } catch {
      // Started or not, the route is started as before this call existed (a start already made is kept; a real
      // failure to start throws from there).
      await startRoute(documentId, authorId, route, draft);
      return undefined;
    }
  }

  /**
   * The new card once the workflow's first projection is written. The workflow's query waits for the workflow's
   * first activation without a database command and usually answers that the projection is written: then the
   * answer is the card just inserted with the live state (the projection changes no other field the view
   * shows). A query that reaches the server before the worker has taken the workflow's first task is answered
   * from that activation while its projection (a local activity) is still being written; then the workflow is
   * asked again, after a short pause, until it says the projection is written — a query that arrives while that
   * task runs waits for it. Without Temporal (the query fails) the card just written is the answer.
   */
  async function afterFirstProjection(created: Awaited<ReturnType<typeof loadVisible>>) {
    let live: defs.ProjectedState;
    try {
      live = await untilProjected(() => handleOf(created._id).query(defs.projectedStateQuery));
    } catch (error) {
      // A worker from before this query (during a rolling deploy) answers the state query only.
      return error instanceof QueryNotRegisteredError ? afterFirstProjectionOnCard(created) : view(created, undefined);
    }
    return view(created, live.state);
  }

  /** As above with a worker that knows only the state query: the card is read until it is projected. */
  async function afterFirstProjectionOnCard(created: Awaited<ReturnType<typeof loadVisible>>) {
    const state = await liveState(created._id);
    if (!state) return view(created, undefined);
    const doc = await untilProjected(async () => (await models.Document.findById(created._id).lean()) ?? created);
    const projected = doc.projectedSeq >= 0 && doc.state ? (doc.state as DocumentState) : undefined;
    return view(doc, projected ?? state);
  }

  /** Asks again, after a pause that grows, until the answer says projected or FIRST_PROJECTION_WAIT_MS have passed. */
  async function untilProjected<T extends { projectedSeq: number }>(ask: () => Promise<T>): Promise<T> {
    for (let pause = 5, waited = 0; ; waited += pause, pause = Math.min(pause * 2, 250)) {
      const answer = await ask();
      if (answer.projectedSeq >= 0 || waited >= FIRST_PROJECTION_WAIT_MS) return answer;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  async function create(actor: AuthenticatedActor, input: CreateInput) {
    return (await createDocument(actor, input)).document;
  }

  function workflowInputFor(documentId: string, authorId: string, route: PinnedRoute): DocumentWorkflowInput {
    return { documentId, authorId, route, continueAsNewAfterEvents: CONTINUE_AS_NEW_AFTER_EVENTS };
  }

  /**
   * Starts the card's route once its draft number is known; `draft` is the one the card was created with,
   * otherwise (a repeated key whose first request died half-way) the card is given its number now.
   */
  async function startRoute(documentId: string, authorId: string, route: PinnedRoute, draft: DraftNumber | { documentType: string }): Promise<void> {
    const workflowInput = workflowInputFor(documentId, authorId, route);
    // Idempotent, so a retried create keeps the number.
    if ('documentType' in draft) await drafts.assignDraftNumber({ documentId, documentType: draft.documentType });
    try {
      await temporal.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, { workflowId: defs.documentWorkflowId(documentId), taskQueue: deps.taskQueue, args: [workflowInput] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // started by the first request
    }
  }

  /** The answer to a repeated key: the first request's document, its route started if that request could not. */
  async function replay(actor: AuthenticatedActor, documentId: string, storedHash: string | undefined, requestHash: string | undefined) {
    if (storedHash !== requestHash) {
      throw problems.validation([{ field: 'headers.idempotency-key', message: 'this key was used for a different request; use a new key' }]);
    }
    const card = await models.Document.findById(documentId, { type: 1, route: 1 }).lean();
    if (!card?.route) throw problems.notFound(`Document ${documentId}`);
    const pinned = await routeVersions.get(card.route.key, card.route.version);
    if (pinned) await startRoute(documentId, actor.employeeId, { key: pinned.key, version: pinned.version, definition: pinned.definition as RouteDefinition }, { documentType: card.type });
    await searchIndex.reindex(documentId);
    return get(actor, documentId);
  }

  const readCard = (documentId: string) => models.Document.findById(documentId).lean().exec();

  async function loadVisible(actor: AuthenticatedActor, documentId: string) {
    // The request's own read when it started one beside the session's (api/middleware/card-prefetch.ts).
    const doc = await (takePrefetchedCard<Awaited<ReturnType<typeof readCard>>>(documentId) ?? readCard(documentId));
    if (!doc) throw problems.notFound(`Document ${documentId}`);
    // Whom the actor stands in for is asked once per request (a search of substitutions), not by both checks.
    let represented: Promise<string[]> | undefined;
    const representedNow = () => (represented ??= deps.substitutions.representedBy(actor.employeeId, new Date(), doc.type));
    if (!(await canSee(actor, doc, representedNow)) && !(await hasLiveTask(actor, documentId, representedNow))) {
      // Same answer as a missing document: existence is not leaked to outsiders. Unlike a missing one, it is a
      // refusal, so the error handler audits it.
      const hidden = problems.notFound(`Document ${documentId}`);
      hidden.auditedRefusal = 'Not a participant of the document (answered as not found: 404)';
      throw hidden;
    }
    return doc;
  }

  /**
   * The read model may lag the workflow (a projection retried after a crash): someone the live state
   * already gives a task (or whom the actor stands in for) may see the document and act on it now.
   */
  async function hasLiveTask(actor: AuthenticatedActor, documentId: string, representedNow: () => Promise<string[]>): Promise<boolean> {
    const state = await liveState(documentId);
    if (!state) return false;
    const people = new Set(participantIds(state));
    if (people.has(actor.employeeId)) return true;
    // Substitutions count only within their scope of document types.
    return (await representedNow()).some((id) => people.has(id));
  }

  /**
   * Who sees a document: its participants (author, everyone who had a task, the controllers of its
   * resolutions), their substitutes within the substitution's scope, registrars when it belongs to a journal,
   * and auditors and administrators.
   */
  async function canSee(
    actor: AuthenticatedActor,
    doc: VisibilityFacts,
    representedNow = () => deps.substitutions.representedBy(actor.employeeId, new Date(), doc.type),
  ): Promise<boolean> {
    if (seesEverything(actor.roles)) return true;
    const people = peopleOf(doc);
    if (people.includes(actor.employeeId)) return true;
    // A registrar's journal check needs no database read once the route's journal is cached: try it first.
    if (actor.roles.includes('registrar') && (await journalOf(doc)) !== undefined) return true;
    return (await representedNow()).some((id) => people.includes(id));
  }

  /** The journal a document is (or will be) registered in (shared with the search index). */
  const journalOf = createJournalOfDocument(models);

  async function liveState(documentId: string): Promise<DocumentState | undefined> {
    try {
      return await handleOf(documentId).query(defs.stateQuery);
    } catch {
      return undefined; // the card is still useful when Temporal is briefly away
    }
  }

  function view(doc: NonNullable<Awaited<ReturnType<typeof loadVisible>>>, state: DocumentState | undefined) {
    const registration = state?.registration
      ? { number: state.registration.number, registeredAt: new Date(state.registration.registeredAtMs) }
      : doc.registration?.number && doc.registration.registeredAt
        ? { number: doc.registration.number, registeredAt: doc.registration.registeredAt }
        : undefined;
    return {
      id: doc._id,
      type: doc.type,
      title: doc.title,
      language: doc.language,
      authorId: doc.authorId,
      draftNumber: doc.draftNumber ?? undefined,
      caption: documentCaption({ title: doc.title, language: doc.language ?? 'kk', createdAt: doc.createdAt, draftNumber: doc.draftNumber, registration }),
      status: state?.status ?? doc.status,
      route: { key: doc.route?.key ?? '', version: doc.route?.version ?? 0 },
      registration:
        state?.registration
          ? { journal: state.registration.journal, number: state.registration.number, registeredAt: new Date(state.registration.registeredAtMs).toISOString() }
          : undefined,
      participants: (doc.participants ?? {}) as Record<string, unknown>,
      correspondent: doc.correspondent ?? undefined,
      summary: doc.summary ?? undefined,
      createdAt: new Date(doc.createdAt).toISOString(),
      cardVersion: doc.cardVersion ?? 0,
      links: (doc.links ?? []).map((l) => ({ id: l.id, kind: l.kind, ...(l.documentId && { documentId: l.documentId }), number: l.number, date: l.date })),
      registrationCard: (doc.registrationCard ?? {}) as Record<string, unknown>,
      fields: (doc.fields ?? {}) as Record<string, unknown>,
      ...(doc.versionOf?.documentId && { versionOf: { documentId: doc.versionOf.documentId, version: doc.versionOf.version ?? 1 } }),
      workflow: state as unknown as Record<string, unknown> | undefined,
    };
  }

  /**
   * The card from the read model: the projection writes the workflow's state with the card after every
   * transition (and an action is answered only once its projection is written), so the workflow is asked
   * only for a card that has never been projected yet.
   */
  async function get(actor: AuthenticatedActor, documentId: string) {
    const doc = await loadVisible(actor, documentId);
    const projected = doc.projectedSeq >= 0 && doc.state ? (doc.state as DocumentState) : undefined;
    return view(doc, projected ?? (await liveState(documentId)));
  }

  /** The workflow actor: who acts, for whom (checked against live substitutions), with which roles. */
  async function workflowActor(actor: AuthenticatedActor, onBehalfOf: string | undefined, documentType: string): Promise<Actor> {
    if (!onBehalfOf || onBehalfOf === actor.employeeId) return { employeeId: actor.employeeId, roles: actor.roles };
    if (!(await deps.substitutions.mayActFor(actor.employeeId, onBehalfOf, new Date(), documentType))) {
      throw problems.forbidden(`${actor.employeeId} is not a substitute for ${onBehalfOf} now.`);
    }
    return { employeeId: actor.employeeId, onBehalfOf, roles: actor.roles };
  }

  async function act<A extends ActionName>(
    actor: AuthenticatedActor,
    documentId: string,
    action: A,
    body: z.output<(typeof actionBodies)[A]>,
  ): Promise<ReturnType<typeof view>> {
    const doc = await loadVisible(actor, documentId);
    const { onBehalfOf, ...rest } = body as { onBehalfOf?: string } & Record<string, unknown>;
    const who = await workflowActor(actor, onBehalfOf, doc.type);
    const handle = handleOf(documentId);
    const payload = { ...rest, actor: who } as Record<string, unknown>;
    let state: ActionOutcome;
    switch (action) {
      case 'submit':
        // The card's people go with the submit: the round's stages resolve them without reading the card again.
        state = await runAction(handle, defs.submitUpdate, { args: [{ ...payload, participants: (doc.participants ?? {}) as Record<string, unknown> } as never] });
        break;
      case 'withdraw':
        state = await runAction(handle, defs.withdrawUpdate, { args: [payload as never] });
        break;
      case 'approve':
        state = await runAction(handle, defs.approveUpdate, { args: [payload as never] });
        break;
      case 'reject':
        state = await runAction(handle, defs.rejectUpdate, { args: [payload as never] });
        break;
      case 'register':
        state = await runAction(handle, defs.registerUpdate, { args: [payload as never] });
        break;
      case 'refuse':
        state = await runAction(handle, defs.refuseIncomingUpdate, { args: [payload as never] });
        break;
      case 'write-resolution': {
        const { dueAt, ...resolution } = payload as { dueAt?: string } & Record<string, unknown>;
        const args = { ...resolution, dueAtMs: dueAt ? Date.parse(dueAt) : undefined };
        state = await runAction(handle, defs.writeResolutionUpdate, { args: [args as never] });
        break;
      }
      case 'file-card': {
        const card = payload as { resolutionId: string; attachmentIds: string[] };
        await checkExecutionFiles(documentId, card, who);
        // 002 §8: the responsible employee's card carries the system administrator's answers to his requests.
        const answers = doc.type === CHANGE_MEMO_TYPE ? await answerFilesOf(documentId, card.resolutionId, who.onBehalfOf ?? who.employeeId) : [];
        const filed = answers.length > 0 ? { ...payload, attachmentIds: [...new Set([...card.attachmentIds, ...answers])] } : payload;
        state = await runAction(handle, defs.fileExecutionCardUpdate, { args: [filed as never] });
        break;
      }
      case 'edit-card':
        state = await runAction(handle, defs.editExecutionCardUpdate, { args: [payload as never] });
        break;
      case 'acknowledge':
        state = await runAction(handle, defs.acknowledgeUpdate, { args: [payload as never] });
        break;
      case 'remove-from-control':
        state = await runAction(handle, defs.removeFromControlUpdate, { args: [payload as never] });
        break;
      case 'return-for-rework':
        state = await runAction(handle, defs.returnForReworkUpdate, { args: [payload as never] });
        break;
      case 'extend-deadline': {
        const { newDueAt, ...extension } = payload as { newDueAt: string } & Record<string, unknown>;
        state = await runAction(handle, defs.extendDeadlineUpdate, { args: [{ ...extension, newDueAtMs: Date.parse(newDueAt) } as never] });
        break;
      }
      default:
        throw problems.notFound(`Action "${String(action)}"`);
    }
    return outcomeView(doc, state);
  }

  /** The files of the answered requests to the system administrator this executor raised from this resolution. */
  async function answerFilesOf(documentId: string, resolutionId: string, executorId: string): Promise<string[]> {
    const rows = await models.AdminRequest.find({ documentId }, { resolutionId: 1, raisedBy: 1, state: 1, answer: 1 }).lean();
    const ids = rows.filter((r) => r.resolutionId === resolutionId && r.raisedBy === executorId && r.state === 'answered').flatMap((r) => r.answer?.attachmentIds ?? []);
    // Only files still stored under this executor's card (an administrator may have removed one since).
    const owner = executionFilesOwner(documentId, resolutionId, executorId);
    const kept: string[] = [];
    for (const id of ids) {
      const file = await models.Attachment.findById(id, { documentId: 1, state: 1 }).lean();
      if (file?.documentId === owner && file.state === 'stored') kept.push(id);
    }
    return kept;
  }

  /** A card may carry only files its executor uploaded for this resolution (POST …/execution-files), stored whole. */
  async function checkExecutionFiles(documentId: string, card: { resolutionId: string; attachmentIds: string[] }, who: Actor): Promise<void> {
    const owner = executionFilesOwner(documentId, card.resolutionId, who.onBehalfOf ?? who.employeeId);
    for (const [i, fileId] of card.attachmentIds.entries()) {
      const file = await models.Attachment.findById(fileId, { documentId: 1, state: 1 }).lean();
      if (file?.documentId !== owner || file.state !== 'stored') {
        throw problems.validation([{ field: `body.attachmentIds.${i}`, message: 'no file uploaded by this executor for this resolution has this id' }]);
      }
    }
  }

  /**
   * An action's answer is the state after all its consequences, which normally takes well under a second.
   * When a consequence cannot finish (a stage whose participants cannot be resolved retries until the org
   * tree is fixed), the caller is not kept waiting: after `actionAnswerWaitMs` the accepted action is
   * answered with the state as it is, what the route is waiting for, and the Update's id; the route goes on
   * by itself once the cause is fixed.
   */
  async function runAction<A>(handle: WorkflowHandle, definition: UpdateDefinition<DocumentState, [A]>, options: { args: [A] }): Promise<ActionOutcome> {
    const update = await handle.startUpdate(definition, { args: options.args, waitForStage: WorkflowUpdateStage.ACCEPTED });
    // The SDK polls for the outcome until it comes; the deadline ends that poll when we stop waiting (an abort
    // signal would not: client/temporal.ts).
    try {
      return await temporal.withDeadline(Date.now() + (deps.actionAnswerWaitMs ?? DEFAULT_ACTION_ANSWER_WAIT_MS), () => update.result() as Promise<DocumentState>);
    } catch (error) {
      if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw error;
    }
    return { pendingUpdateId: update.updateId, waitingFor: await waitingFor(handle) };
  }

  /** The activities the route is retrying now, with their last failure (e.g. "has nobody to act"). */
  async function waitingFor(handle: WorkflowHandle): Promise<PendingWork[]> {
    try {
      const description = await handle.describe();
      return (description.raw.pendingActivities ?? []).map((a) => ({
        activity: a.activityType?.name ?? 'unknown',
        attempt: a.attempt ?? 1,
        ...(a.lastFailure?.message && { lastFailure: a.lastFailure.message }),
      }));
    } catch {
      return [];
    }
  }

  async function outcomeView(doc: NonNullable<Awaited<ReturnType<typeof loadVisible>>>, outcome: ActionOutcome) {
    if (!('pendingUpdateId' in outcome)) return view(doc, outcome);
    return {
      ...view(doc, await liveState(doc._id)),
      pending: { updateId: outcome.pendingUpdateId, reason: 'The action was accepted; the route is still carrying out its consequences.', waitingFor: outcome.waitingFor },
    };
  }

  /**
   * Signing goes through the same update. `store` keeps the CMS (the signature service) once the actor is
   * known to act (and for whom), so a refused substitute leaves no stray signature behind. `visible`: the card
   * when the caller has just checked that the actor sees it (saves reading it again).
   */
  async function sign(actor: AuthenticatedActor, documentId: string, onBehalfOf: string | undefined, store: () => Promise<string>, visible?: Awaited<ReturnType<typeof loadVisible>>) {
    const doc = visible ?? (await loadVisible(actor, documentId));
    const who = await workflowActor(actor, onBehalfOf, doc.type);
    const signatureId = await store();
    const state = await runAction(handleOf(documentId), defs.signUpdate, { args: [{ actor: who, signatureId }] });
    return outcomeView(doc, state);
  }

  return { create, createDocument, get, act, sign, loadVisible, readCard, canSee, checkPeopleExist };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
