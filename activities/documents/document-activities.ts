/**
 * Activities that keep the document's read model in step with its workflow: the card, the inboxes,
 * the audit trail; and the resolution of who takes part in a stage.
 */
import type { Models } from '../../db/models';
import type { AuditChain } from '../audit/audit-chain';
import type {
  RecordTransitionInput,
  ResolveStageParticipantsInput,
  ResolveStageParticipantsResult,
} from '../contracts';
import { desiredInboxEntries, participantIds } from './inbox-projection';
import type { ParticipantResolver } from './participant-resolver';
import { createSearchIndexer } from '../search/search-indexer';

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
   * Idempotent and order-safe: every write is guarded by the workflow's seq, so a retried or late
   * attempt never overwrites a newer state.
   */
  async function recordTransition(input: RecordTransitionInput): Promise<void> {
    const { documentId, seq, state, events } = input;
    // updateOne + a projected read, not findOneAndUpdate: FerretDB v1 rejects projections on findAndModify.
    const applied = await models.Document.updateOne(
      { _id: documentId, projectedSeq: { $lt: seq } },
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
        $addToSet: { participantIds: { $each: participantIds(state) } },
      },
    );
    const doc = await models.Document.findById(documentId, { title: 1, type: 1 }).lean();
    if (!doc) throw new Error(`recordTransition: document ${documentId} has no card`);

    if (applied.matchedCount > 0) {
      const desired = desiredInboxEntries(state, now());
      for (const entry of desired) {
        try {
          await models.InboxEntry.updateOne(
            { _id: entry._id, $or: [{ seq: { $lte: seq } }, { seq: { $exists: false } }] },
            { $set: { ...entry, documentId, title: doc.title, documentType: doc.type, status: state.status, stageId: state.stage?.id, seq } },
            { upsert: true },
          );
        } catch (error) {
          if (!isDuplicateKey(error)) throw error; // a newer seq owns the entry already
        }
      }
      await models.InboxEntry.deleteMany({ documentId, seq: { $lt: seq }, _id: { $nin: desired.map((e) => e._id) } });
      // A timed-out attempt may still be running and write after a newer transition cleaned up: once our
      // writes are done, anything older than the newest projected state is stale (the newest rewrote all
      // of its own entries with its seq before deleting), so it goes.
      const newest = await models.Document.findById(documentId, { projectedSeq: 1 }).lean();
      if (newest && newest.projectedSeq > seq) {
        await models.InboxEntry.deleteMany({ documentId, seq: { $lt: newest.projectedSeq } });
      }
    }
    // Unconditionally: a retry after a crash between the card write and this line must still index it.
    await search.reindex(documentId);

    await audit.append(
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
  }

  // Idempotent as a read: it writes nothing; a retry may see a newer org tree, and the workflow keeps the one answer it got.
  async function resolveStageParticipants(input: ResolveStageParticipantsInput): Promise<ResolveStageParticipantsResult> {
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
