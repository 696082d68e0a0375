/**
 * Draft numbers, given when a document is first saved ("D-17"), one sequence per document type; the
 * registration number replaces it on registration (002 A1 §6.7). Claimed like registration numbers (batched-sequence.ts,
 * sequence-claim.ts) because counters are not atomic on the embedded database; idempotent per document.
 */
import type { Models } from '../../db/models';
import { createBatchedSequence } from './batched-sequence';
import { isDuplicateKey } from './sequence-claim';

export const formatDraftNumber = (seq: number): string => `D-${seq}`;

const hintId = (scope: string) => `draft:${scope}`;

interface DraftClaim {
  documentId: string;
  assignedAt: Date;
}

type DraftNumber = { number: string; seq: number };

export function createDraftNumbering(models: Pick<Models, 'DraftNumber' | 'SequenceHint' | 'Document'>, now: () => Date = () => new Date()) {
  const { DraftNumber, SequenceHint, Document } = models;
  let indexesReady: Promise<unknown> | undefined;

  /**
   * One batched sequence per document type in this process (batched-sequence.ts), as registration numbers:
   * documents created at once share one ordered insert of consecutive numbers instead of racing each other
   * for the same number, and the hint is read once and saved every few numbers instead of on every draft.
   * The record's `_id` is the document's, so a retried create meets its own record and gets its number back.
   */
  const sequences = new Map<string, ReturnType<typeof createBatchedSequence<DraftClaim, DraftNumber>>>();
  function sequenceOf(scope: string) {
    let sequence = sequences.get(scope);
    if (!sequence) {
      sequence = createBatchedSequence<DraftClaim, DraftNumber>({
        readHint: async () => (await SequenceHint.findById(hintId(scope)).lean())?.seq,
        scanMax: async () => (await DraftNumber.findOne({ scope }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0,
        insertOrdered: async (claims, start) => {
          const records = claims.map((c, i) => ({ _id: c.documentId, scope, seq: start + i, number: formatDraftNumber(start + i), assignedAt: c.assignedAt }));
          try {
            // The raw collection: one ordered round trip, the records are complete as built here.
            await DraftNumber.collection.insertMany(records as never[], { ordered: true });
            return records.length;
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
            // An ordered insert stops at the first refusal: everything before it was stored.
            return (error as { insertedCount?: number }).insertedCount ?? 0;
          }
        },
        findMine: async (claim) => {
          const mine = await DraftNumber.findById(claim.documentId).lean();
          return mine ? { number: mine.number, seq: mine.seq } : null;
        },
        result: (_claim, seq) => ({ number: formatDraftNumber(seq), seq }),
        saveHint: async (seq) => {
          await SequenceHint.updateOne({ _id: hintId(scope) }, { $max: { seq } }, { upsert: true });
        },
      });
      sequences.set(scope, sequence);
    }
    return sequence;
  }

  /** Gives the document its draft number (or returns the one it has) and writes it on the card. */
  async function assignDraftNumber(input: { documentId: string; documentType: string }): Promise<DraftNumber> {
    await (indexesReady ??= Promise.all([DraftNumber.init(), SequenceHint.init()]));
    const claimed = await sequenceOf(input.documentType).claim({ documentId: input.documentId, assignedAt: now() });
    // Every writer writes the same value (the claim is per document), so a racing retry is harmless.
    await Document.updateOne({ _id: input.documentId }, { $set: { draftNumber: claimed.number } });
    return claimed;
  }

  return { assignDraftNumber };
}

export type DraftNumbering = ReturnType<typeof createDraftNumbering>;
