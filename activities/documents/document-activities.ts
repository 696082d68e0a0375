/**
 * Activities that keep the document's read model in step with its workflow: the card, the inboxes,
 * the audit trail; and the resolution of who takes part in a stage.
 */
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type {
  RecordTransitionInput,
  ResolveStageParticipantsInput,
  ResolveStageParticipantsResult,
} from '../contracts';
import { desiredInboxEntries, participantIds, type DesiredInboxEntry } from '../../domain/documents/inbox-projection';
import type { ParticipantResolver } from '../../domain/documents/participant-resolver';
import { createSearchIndexer } from '../../domain/search/search-indexer';
import { asActivityFailure } from '../domain-failure';

export interface DocumentActivityDeps {
  models: Models;
  audit: AuditChain;
  participants: ParticipantResolver;
  now?: () => number;
}

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

export function createDocumentActivities(deps: DocumentActivityDeps) {
  const { models, audit, participants } = deps;
  const now = deps.now ?? Date.now;
  const search = createSearchIndexer(models);

  /**
   * Idempotent and order-safe: every write is guarded by the workflow's seq, so a retried or late attempt
   * never overwrites a newer state. Every lookup and write is by `_id` (the only lookup the embedded
   * database answers without reading the whole collection); the guard is a read of the card's seq before
   * writing — the embedded database has no atomic conditional update anyway, and the workflow runs one
   * projection of a document at a time, so the only rival is an older attempt that timed out.
   */
  async function recordTransition(input: RecordTransitionInput): Promise<void> {
    const { documentId, seq, state, events } = input;
    const card = await models.Document.findById(documentId, { title: 1, type: 1, projectedSeq: 1, inboxEntryIds: 1 }).lean();
    if (!card) throw new Error(`recordTransition: document ${documentId} has no card`);

    if (card.projectedSeq <= seq) {
      const desired = desiredInboxEntries(state, now());
      const desiredIds = desired.map((e) => e._id);
      // First widen the card's list of entries that may exist, so a crash anywhere below leaves a list from
      // which a retry can still find (and remove) every stale entry.
      await models.Document.updateOne(
        { _id: documentId },
        {
          $set: {
            status: state.status,
            stageId: state.stage?.id ?? null,
            ...(state.registration && {
              registration: {
                journal: state.registration.journal,
                number: state.registration.number,
                registeredAt: new Date(state.registration.registeredAtMs),
              },
            }),
            state,
            projectedSeq: seq,
          },
          $addToSet: { participantIds: { $each: participantIds(state) }, inboxEntryIds: { $each: desiredIds } },
        },
      );
      // Entries are separate documents with their own `_id`s: written side by side, not one after another.
      await Promise.all(desired.map((entry) => writeEntry(entry, { documentId, seq, title: card.title, documentType: card.type, status: state.status, stageId: state.stage?.id })));
      // A card never projected has no entries yet; one projected before the list existed has an unknown set.
      const listed = card.inboxEntryIds ?? (card.projectedSeq < 0 ? [] : undefined);
      await removeStaleEntries(documentId, seq, desiredIds, listed);
      // A timed-out older attempt may still be running and write after a newer transition cleaned up: once
      // our writes are done, whatever the newest projected state does not list goes.
      const newest = await models.Document.findById(documentId, { projectedSeq: 1, inboxEntryIds: 1 }).lean();
      if (newest && newest.projectedSeq > seq) {
        const kept = new Set(newest.inboxEntryIds ?? []);
        for (const id of desiredIds) if (!kept.has(id)) await deleteEntryUpTo(id, newest.projectedSeq - 1);
      } else {
        await models.Document.updateOne({ _id: documentId }, { $set: { inboxEntryIds: desiredIds } });
      }
    }
    // Unconditionally: a retry after a crash between the card write and this line must still index it. The
    // search record and the audit events do not depend on each other, so they are written side by side.
    const indexed = search.reindex(documentId);
    const audited = audit.append(
      events.map((e, i) => ({
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
      })),
    );
    await Promise.all([indexed, audited]);
  }

  /** Writes one inbox entry unless a newer transition owns it already. */
  async function writeEntry(entry: DesiredInboxEntry, fields: { documentId: string; seq: number; title: string; documentType: string; status: string; stageId?: string }): Promise<void> {
    const existing = await models.InboxEntry.findById(entry._id, { seq: 1 }).lean();
    if (existing && existing.seq > fields.seq) return;
    try {
      await models.InboxEntry.updateOne({ _id: entry._id }, { $set: { ...entry, ...fields } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // two upserts raced to insert it: the other one's entry stands
    }
  }

  /** Deletes an entry unless a transition newer than `maxSeq` has rewritten it meanwhile. */
  async function deleteEntryUpTo(entryId: string, maxSeq: number): Promise<void> {
    const existing = await models.InboxEntry.findById(entryId, { seq: 1 }).lean();
    if (existing && existing.seq <= maxSeq) await models.InboxEntry.deleteOne({ _id: entryId });
  }

  /** Removes the document's entries that the state at `seq` no longer implies. */
  async function removeStaleEntries(documentId: string, seq: number, desiredIds: string[], listed: string[] | undefined): Promise<void> {
    const wanted = new Set(desiredIds);
    if (listed) {
      await Promise.all(listed.filter((id) => !wanted.has(id)).map((id) => deleteEntryUpTo(id, seq)));
      return;
    }
    // A card projected before the list existed: one query by document (a scan on the embedded database), once.
    await models.InboxEntry.deleteMany({ documentId, seq: { $lte: seq }, _id: { $nin: desiredIds } });
  }

  // Idempotent as a read: it writes nothing; a retry may see a newer org tree, and the workflow keeps the one answer it got.
  function resolveStageParticipants(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult> {
    return asActivityFailure(() => resolveStage(input));
  }

  async function resolveStage(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult> {
    const { stage, documentId, authorId } = input;
    const context = { documentId, authorId, stageId: stage.id };
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
    return { assignments: [{ kind, assigneeIds: [...new Set([...extra, ...ids])] }] };
  }

  return { recordTransition, resolveStageParticipants };
}
