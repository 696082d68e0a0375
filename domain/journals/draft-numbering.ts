/**
 * Draft numbers, given when a document is first saved ("D-17"), one sequence per document type; the
 * registration number replaces it on registration (002 A1 §6.7). Claimed like registration numbers
 * (sequence-claim.ts, batched-sequence.ts) because counters are not atomic on the embedded database;
 * idempotent per document: the claim's record is keyed by the document's id.
 */
import type { Models } from '../../db/models';
import { createBatchedSequence, insertInOrder } from './batched-sequence';

export const formatDraftNumber = (seq: number): string => `D-${seq}`;

const hintId = (scope: string) => `draft:${scope}`;

export interface DraftNumber {
  number: string;
  seq: number;
}

export function createDraftNumbering(models: Pick<Models, 'DraftNumber' | 'SequenceHint' | 'Document'>, now: () => Date = () => new Date()) {
  const { DraftNumber, SequenceHint, Document } = models;
  let indexesReady: Promise<unknown> | undefined;
  const ensureIndexes = () => (indexesReady ??= Promise.all([DraftNumber.init(), SequenceHint.init()]));

  const findMine = async (documentId: string): Promise<DraftNumber | null> => {
    const mine = await DraftNumber.findById(documentId).lean();
    return mine ? { number: mine.number, seq: mine.seq } : null;
  };
  const readHint = async (scope: string) => (await SequenceHint.findById(hintId(scope)).lean())?.seq;
  const scanMax = async (scope: string) => (await DraftNumber.findOne({ scope }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0;
  const saveHint = async (scope: string, seq: number) => {
    await SequenceHint.updateOne({ _id: hintId(scope) }, { $max: { seq } }, { upsert: true });
  };

  /** One batched sequence per document type: this process's last number is known taken, so no hint is read. */
  const sequences = new Map<string, ReturnType<typeof createBatchedSequence<string, DraftNumber>>>();
  function sequenceOf(scope: string) {
    let sequence = sequences.get(scope);
    if (!sequence) {
      sequence = createBatchedSequence<string, DraftNumber>({
        readHint: () => readHint(scope),
        scanMax: () => scanMax(scope),
        insertOrdered: async (documentIds, start) => {
          const assignedAt = now();
          return insertInOrder(
            DraftNumber.collection,
            documentIds.map((documentId, i) => ({ _id: documentId, scope, seq: start + i, number: formatDraftNumber(start + i), assignedAt })),
          );
        },
        findMine,
        result: (_documentId, seq) => ({ number: formatDraftNumber(seq), seq }),
        saveHint: (seq) => saveHint(scope, seq),
      });
      sequences.set(scope, sequence);
    }
    return sequence;
  }

  /**
   * The draft number of a card about to be created, so that the card's insert carries it: one insert of the
   * claim, no read before it (a retry for the same document finds its first claim when the insert is refused).
   */
  async function claimDraftNumber(input: { documentId: string; documentType: string }): Promise<DraftNumber> {
    await ensureIndexes();
    return sequenceOf(input.documentType).claim(input.documentId);
  }

  /** Gives an existing card its draft number (or returns the one it has) and writes it on the card. */
  async function assignDraftNumber(input: { documentId: string; documentType: string }): Promise<DraftNumber> {
    const claimed = await claimDraftNumber(input);
    // Every writer writes the same value (the claim is per document), so a racing retry is harmless.
    await Document.updateOne({ _id: input.documentId }, { $set: { draftNumber: claimed.number } });
    return claimed;
  }

  return { claimDraftNumber, assignDraftNumber };
}

export type DraftNumbering = ReturnType<typeof createDraftNumbering>;
