/**
 * Activities that keep the document's read model in step with its workflow: the card, the inboxes,
 * the search record, the state snapshot and the audit trail; and the resolution of who takes part in a stage.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../../db/models';
import type { AuditChain, AuditEventInput } from '../../domain/audit/audit-chain';
import { SNAPSHOT_EVENT, snapshotHash } from '../../domain/audit/document-snapshots';
import type {
  ProjectedCard,
  RecordTransitionInput,
  RecordTransitionResult,
  ResolveStageParticipantsInput,
  ResolveStageParticipantsResult,
} from '../contracts';
import { desiredInboxEntries, inboxEntryBound, inboxEntryId, participantIds } from '../../domain/documents/inbox-projection';
import type { DocumentState } from '../../domain/documents/document-state';
import type { ParticipantResolver } from '../../domain/documents/participant-resolver';
import { createSearchIndexer } from '../../domain/search/search-indexer';
import type { SearchableCard } from '../../domain/search/search-projection';
import { asActivityFailure } from '../domain-failure';
import { openTaskKeys, type TransitionCard } from '../notifications/transition-notices';
import type { ProjectedTransition } from './with-transition-hooks';

export interface DocumentActivityDeps {
  models: Models;
  audit: AuditChain;
  participants: ParticipantResolver;
  /** Tells people about the transition; its writes go out with the projection's, before the card's. */
  notices?: (input: RecordTransitionInput, card: TransitionCard) => Promise<void>;
  now?: () => number;
}

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

/** Whether this runs as a local activity (its result then carries the projected state: see contracts.ts). */
function isLocalActivity(): boolean {
  try {
    return Context.current().info.isLocal;
  } catch {
    return false;
  }
}

/** Time kept in hand before the attempt's start-to-close deadline: a write is not started closer to it. */
const DEADLINE_MARGIN_MS = 2_000;

/**
 * Throws once this attempt has outlived its start-to-close timeout: Temporal has given up on it and a retry
 * may already have projected a newer state, which a late write of ours must not overwrite. Measured from when
 * this attempt started here, which is after the server started its timer, so it errs on the early side.
 */
function attemptDeadline(now: () => number): () => void {
  let timeoutMs: number | undefined;
  try {
    timeoutMs = Context.current().info.startToCloseTimeoutMs;
  } catch {
    return () => undefined; // called outside an activity (tests, scripts): no deadline
  }
  if (!timeoutMs) return () => undefined;
  const until = now() + timeoutMs - DEADLINE_MARGIN_MS;
  return () => {
    if (now() > until) throw new Error('recordTransition: this attempt outlived its start-to-close timeout; its retry projects the state');
  };
}

/** The ids of the signatures a transition's events accepted (a sign's event carries its signature's id). */
export function acceptedSignatureIds(events: RecordTransitionInput['events']): string[] {
  const ids = events.filter((e) => e.type === 'signature.accepted' && typeof e.data?.signatureId === 'string').map((e) => e.data!.signatureId as string);
  return [...new Set(ids)];
}

/** Every inbox entry a document can have had up to this state, numbered or named after its task. */
function everyEntryOf(state: DocumentState): string[] {
  const numbered = Array.from({ length: inboxEntryBound(state) }, (_, n) => inboxEntryId(state.documentId, n));
  return [...numbered, ...state.tasks.map((t) => `${state.documentId}:${t.id}`), `${state.documentId}:author`];
}

function definedOnly<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The card as the projection reads it (its state left out when it is only read). */
type StoredCard = SearchableCard & { projectedSeq: number; inboxEntryIds?: string[] | null; openTaskKeys?: string[] | null; signatureIds?: string[] | null };

interface RegistrationOnCard {
  journal?: string | null;
  number?: string | null;
  registeredAt?: Date | null;
  seq?: number | null;
  direction?: string | null;
}

/**
 * The state's registration as the card keeps it, when this transition announced it (the registration's own
 * event carries the number's seq and the journal's direction): written with the card. Otherwise undefined:
 * the card has it from the transition that announced it, and the projection checks that after its write.
 */
function announcedRegistration(input: RecordTransitionInput): RegistrationOnCard | undefined {
  const registration = input.state.registration;
  if (!registration) return undefined;
  const data = input.events.find((e) => e.type === 'document.registered' && e.data?.journal === registration.journal && e.data?.number === registration.number)?.data;
  if (!data) return undefined;
  return {
    journal: registration.journal,
    number: registration.number,
    registeredAt: new Date(registration.registeredAtMs),
    ...(typeof data.seq === 'number' && { seq: data.seq }),
    ...(typeof data.direction === 'string' && { direction: data.direction }),
  };
}

/** Whether the card's registration is the one to keep, with the same seq and direction. */
function sameRegistration(onCard: RegistrationOnCard | null | undefined, wanted: RegistrationOnCard): boolean {
  return (
    !!onCard &&
    onCard.journal === wanted.journal &&
    onCard.number === wanted.number &&
    onCard.registeredAt?.getTime() === wanted.registeredAt?.getTime() &&
    (onCard.seq ?? undefined) === wanted.seq &&
    (onCard.direction ?? undefined) === wanted.direction
  );
}

export function createDocumentActivities(deps: DocumentActivityDeps) {
  const { models, audit, participants } = deps;
  const now = deps.now ?? Date.now;
  const search = createSearchIndexer(models);

  /**
   * Projects one state of the route: the card, its inbox entries, its search record (and the feed entry that
   * tells the in-memory indexes), the state snapshot, and the transition's audit events with the snapshot's
   * — all computed in memory from the transition and the card, and written as one command per collection,
   * side by side where they do not depend on each other. Every read and write is by `_id` (the only lookup
   * the embedded database answers without reading the whole collection).
   *
   * The card goes first, in one command that writes the new state only over an older one and hands back the
   * card as it was: what it listed (inbox entries, announced tasks) is what the other writes then correct, so
   * a projection is two rounds of commands, not three. Idempotent and order-safe: the workflow runs one
   * projection of a document at a time, so the only rival is an older attempt that timed out (it stops writing
   * once past its deadline), and its conditional write changes nothing. A crash after the card's write leaves
   * a card already at this state: the retry finds it so, and corrects from the state alone — every entry of a
   * task the state holds that is not wanted is removed, and each open task's notice is looked up by its key
   * before it is written. Audit events and the snapshot are keyed by document and seq, so a retry adds
   * nothing twice.
   */
  async function recordTransition(input: RecordTransitionInput): Promise<RecordTransitionResult | void> {
    return (await projectTransition(input)).result;
  }

  /** `recordTransition` that also hands back what it read of the card, for the hooks that run after it. */
  async function projectTransition(input: RecordTransitionInput): Promise<ProjectedTransition> {
    const card = await project(input);
    const { type, title, language, correspondent, createdAt } = card;
    const handed: ProjectedCard = { type, title, language, correspondent, createdAt, fields: card.fields as ProjectedCard['fields'], participants: card.participants as ProjectedCard['participants'] };
    return { result: isLocalActivity() ? { seq: input.seq, state: input.state } : undefined, card: handed };
  }

  async function project(input: RecordTransitionInput): Promise<SearchableCard> {
    const { documentId, seq, state, events } = input;
    const checkDeadline = attemptDeadline(now);
    const snapshotId = `${documentId}:${seq}`;
    // What the database gives back (no undefined), so the hash taken now is the one recomputed later.
    const snapshotState = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    const snapshotAt = new Date(events.length ? Math.max(...events.map((e) => e.atMs)) : now());
    const at = new Date(now());
    // Which entries the state wants does not depend on the card (only how each is shown does).
    const desiredIds = desiredInboxEntries(state, at.getTime()).map((e) => e._id);
    const announced = announcedRegistration(input);
    // The signatures this transition accepted join the card's list (registration checks each of them). Only a
    // card that has a list: one begun now on an older card would leave out its earlier signatures, and such a
    // card is checked by a query by document instead. So the card's write lists them only where its filter finds
    // a list, and a card without one is written again without them. $addToSet: a retry adds nothing twice.
    const accepted = acceptedSignatureIds(events);
    const writeCard = (listing: boolean) =>
      models.Document.findOneAndUpdate(
        { _id: documentId, projectedSeq: { $lt: seq }, ...(listing && { signatureIds: { $type: 'array' } }) },
        {
          $set: {
            status: state.status,
            stageId: state.stage?.id ?? null,
            // A registration the transition did not announce is on the card already (checked below).
            ...(announced && { registration: announced }),
            state,
            projectedSeq: seq,
            inboxEntryIds: desiredIds,
            openTaskKeys: openTaskKeys(state),
            updatedAt: at,
          },
          // $addToSet rather than a list computed here: a transfer of authorship may add people meanwhile.
          $addToSet: { participantIds: { $each: participantIds(state) }, ...(listing && { signatureIds: { $each: accepted } }) },
        },
        { new: false, timestamps: false },
      )
        .lean<StoredCard>()
        .exec();
    checkDeadline();
    const [[written, listedInWrite], snapshot] = await Promise.all([
      (async () => {
        const listed = accepted.length > 0 ? await writeCard(true) : null;
        return [listed ?? (await writeCard(false)), listed !== null] as const;
      })(),
      storeSnapshot(snapshotId, documentId, seq, snapshotAt, snapshotState),
    ]);
    // Not written: the card is missing, at a newer state, or at this one already (a retry after the write).
    const card = written ?? (await models.Document.findById(documentId, { state: 0 }).lean<StoredCard>());
    if (!card) throw new Error(`recordTransition: document ${documentId} has no card`);

    const auditEvents: AuditEventInput[] = events.map((e, i) => ({
      eventKey: `${documentId}:${seq}:${i}`,
      type: e.type,
      at: new Date(e.atMs),
      actorId: e.actorId,
      onBehalfOf: e.onBehalfOf,
      documentId,
      routeKey: input.routeKey,
      routeVersion: input.routeVersion,
      stageId: e.stageId,
      comment: e.comment,
      data: { ...e.data, taskId: e.taskId },
    }));
    // The snapshot's hash is chained right after the transition's events, in the same append.
    auditEvents.push({
      eventKey: `${snapshotId}:snapshot`,
      type: SNAPSHOT_EVENT,
      at: snapshot.at,
      documentId,
      routeKey: input.routeKey,
      routeVersion: input.routeVersion,
      data: { seq, sha256: snapshot.sha256 },
    });
    const audited = audit.append(auditEvents);

    // Not listed in the card's write (a retry after that write, or a newer state projected first): listed now.
    const listing = accepted.length > 0 && !listedInWrite && Array.isArray(card.signatureIds) && models.Document.updateOne({ _id: documentId }, { $addToSet: { signatureIds: { $each: accepted } } }, { timestamps: false });

    if (card.projectedSeq > seq) {
      // A newer state is projected: only the (idempotent) audit events of this one are added, and its accepted
      // signatures are listed still, as the newer projection's events do not carry them.
      await Promise.all([audited, listing]);
      return card;
    }
    const facts = state.registration ? await registrationFacts(input, card, announced) : {};
    const desired = desiredInboxEntries(state, at.getTime(), { receivedFromOutside: facts.direction === 'incoming' });
    const wanted = new Set(desiredIds);
    const registrationFields = state.registration && {
      journal: state.registration.journal,
      number: state.registration.number,
      registeredAt: new Date(state.registration.registeredAtMs),
      // Kept on the card, so that later projections (and reindexing) have them without reading registration or journal.
      ...(facts.seq !== undefined && { seq: facts.seq }),
      ...(facts.direction !== undefined && { direction: facts.direction }),
    };
    // What the card holds of the registration now; anything else the state or the facts say is written after.
    const onCard = written && announced ? announced : card.registration;
    const registrationStale = registrationFields && !sameRegistration(onCard, registrationFields);
    const projected: SearchableCard = {
      ...card,
      status: state.status,
      state,
      participantIds: [...new Set([...(card.participantIds ?? []), ...participantIds(state)])],
      ...(registrationFields && { registration: registrationFields }),
      updatedAt: at,
    };

    const entryFields = { documentId, seq, title: card.title, documentType: card.type, status: state.status, stageId: state.stage?.id };
    // What the card listed before this state: a card never projected has no entries yet; one projected before
    // the list existed has an unknown set. After a crash past the card's write the old list is gone: every
    // entry an earlier state can have had is a candidate then (numbered, or named as before they were numbered).
    const listed = written ? (written.inboxEntryIds ?? (written.projectedSeq < 0 ? [] : undefined)) : everyEntryOf(state);
    const stale = (listed ?? []).filter((id) => !wanted.has(id));
    const noticesCard: TransitionCard = {
      type: card.type,
      title: card.title,
      number: card.registration?.number ?? null,
      // Unknown after a crash past the card's write: the notices then ask, by key, what was announced.
      openTaskKeys: written ? (written.openTaskKeys ?? (written.projectedSeq < 0 ? [] : undefined)) : undefined,
    };
    checkDeadline();
    const writes = [
      // Whole, as the entry with this number may have held another task (with a due date this one lacks).
      ...desired.map((entry) => ({ replaceOne: { filter: { _id: entry._id }, replacement: definedOnly({ ...entry, ...entryFields }), upsert: true } })),
      ...stale.map((id) => ({ deleteOne: { filter: { _id: id } } })),
    ];
    const entries = (async () => {
      if (writes.length) await bulkWriteEntries(writes);
      // A card projected before the list existed: one query by document (a scan on the embedded database), once.
      if (!listed) await models.InboxEntry.deleteMany({ documentId, seq: { $lte: seq }, _id: { $nin: desiredIds } });
    })();
    await Promise.all([
      entries,
      deps.notices?.(input, noticesCard),
      search.indexCard(projected, { registrationSeq: facts.seq }),
      registrationStale && models.Document.updateOne({ _id: documentId, projectedSeq: seq }, { $set: { registration: registrationFields } }, { timestamps: false }),
      listing,
      audited,
    ]);
    return card;
  }

  /**
   * What the card keeps beside the registration's number: its sequence number in its journal (the search
   * record's number ranges) and its journal's direction as it was when the number was taken (whether a resolve
   * task is on received correspondence; a journal's later change applies to numbers given from then on). Both
   * come with the registration's event when this transition is the registration (the numbering's answer goes
   * into it), then from the card. The registration or the journal is read only when neither has it (a card
   * registered before they were kept, an answer recorded before it carried them, a duplicate's number, which
   * reads no journal) and, for the journal, only when someone has a resolve task to sort. Each source counts
   * only for the number the state holds.
   */
  async function registrationFacts(input: RecordTransitionInput, card: SearchableCard, announced: RegistrationOnCard | undefined): Promise<{ seq?: number; direction?: string }> {
    const registration = input.state.registration!;
    const kept = card.registration?.journal === registration.journal && card.registration?.number === registration.number ? card.registration : undefined;
    const seq = announced?.seq ?? kept?.seq ?? undefined;
    const direction = announced?.direction ?? kept?.direction ?? undefined;
    const sorting = input.state.tasks.some((t) => t.kind === 'resolve' && t.state === 'open');
    const [stored, journal] = await Promise.all([
      seq === undefined ? models.Registration.findById(input.documentId, { seq: 1 }).lean() : null,
      direction === undefined && sorting ? models.Journal.findById(registration.journal, { direction: 1 }).lean() : null,
    ]);
    return { seq: seq ?? stored?.seq, direction: direction ?? journal?.direction ?? undefined };
  }

  /** Upserts and deletes of one document's entries in one command; two first upserts of one entry may race. */
  async function bulkWriteEntries(writes: Parameters<Models['InboxEntry']['bulkWrite']>[0]): Promise<void> {
    try {
      await models.InboxEntry.bulkWrite(writes, { ordered: false });
    } catch (error) {
      if (!isDuplicateKey(error) && !((error as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? []).every((e) => e.code === 11000)) throw error;
      await models.InboxEntry.bulkWrite(writes, { ordered: false }); // the racing insert is there now: update it
    }
  }

  /** Keeps the state at this seq (append-only); a retry finds the first attempt's snapshot and keeps it. */
  async function storeSnapshot(_id: string, documentId: string, seq: number, at: Date, state: Record<string, unknown>): Promise<{ at: Date; sha256: string }> {
    const sha256 = snapshotHash(state);
    try {
      await models.DocumentSnapshot.collection.insertOne({ _id, documentId, seq, at, state, sha256 } as never);
      return { at, sha256 };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await models.DocumentSnapshot.findById(_id, { at: 1, sha256: 1 }).lean();
      return first ? { at: first.at, sha256: first.sha256 } : { at, sha256 };
    }
  }

  // Idempotent as a read: it writes nothing; a retry may see a newer org tree, and the workflow keeps the one answer it got.
  function resolveStageParticipants(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult> {
    return asActivityFailure(() => resolveStage(input));
  }

  async function resolveStage(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult> {
    const { stage, documentId, authorId } = input;
    const context = { documentId, authorId, stageId: stage.id, card: input.cardParticipants };
    if (stage.type === 'execution') {
      const resolvers = await participants.resolveAll(stage.participants, context);
      const acknowledgers = stage.acknowledgers ? await participants.resolveAll(stage.acknowledgers, context) : [];
      return {
        assignments: [
          { kind: 'resolve', assigneeIds: resolvers },
          { kind: 'acknowledge', assigneeIds: acknowledgers },
        ],
      };
    }
    const kind = (
      { approval: 'approve', signing: 'sign', registration: 'register', 'control-removal': 'remove-control', acknowledgement: 'acknowledge' } as const
    )[stage.type];
    const extra = input.extraAssigneeIds ?? [];
    const ids = await participants.resolveAll(stage.participants, context, { allowEmpty: extra.length > 0 });
    const assigneeIds = [...new Set([...extra, ...ids])];
    if (stage.type === 'approval' && !stage.allowSelfApproval && assigneeIds.length > 0 && assigneeIds.every((id) => id === authorId)) {
      // Nobody approves their own document, and a stage must never be emptied by that rule (it would pass
      // unapproved or stall): the author's head approves instead — up the unit tree when the author heads the unit.
      const head = await participants.resolve({ kind: 'author-unit-head' }, context);
      if (head.length === 0) {
        throw ApplicationFailure.retryable(`Stage "${stage.id}" of document ${documentId}: the author is its only approver and has no head to approve instead`, 'NoParticipants');
      }
      return { assignments: [{ kind, assigneeIds: head }] };
    }
    return { assignments: [{ kind, assigneeIds }] };
  }

  return { recordTransition, projectTransition, resolveStageParticipants };
}
