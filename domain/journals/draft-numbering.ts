/**
 * Draft numbers, given when a document is first saved ("D-17"), one sequence per document type; the
 * registration number replaces it on registration (002 A1 §6.7). Claimed like registration numbers
 * (sequence-claim.ts) because counters are not atomic on the embedded database; idempotent per document.
 */
import type { Models } from '../../db/models';
import { claimNext } from './sequence-claim';

export const formatDraftNumber = (seq: number): string => `D-${seq}`;

const hintId = (scope: string) => `draft:${scope}`;

export function createDraftNumbering(models: Pick<Models, 'DraftNumber' | 'SequenceHint' | 'Document'>, now: () => Date = () => new Date()) {
  const { DraftNumber, SequenceHint, Document } = models;
  let indexesReady: Promise<unknown> | undefined;

  /** Gives the document its draft number (or returns the one it has) and writes it on the card. */
  async function assignDraftNumber(input: { documentId: string; documentType: string }): Promise<{ number: string; seq: number }> {
    await (indexesReady ??= Promise.all([DraftNumber.init(), SequenceHint.init()]));
    const scope = input.documentType;
    const claimed = await claimNext({
      findMine: async () => {
        const mine = await DraftNumber.findById(input.documentId).lean();
        return mine ? { number: mine.number, seq: mine.seq } : null;
      },
      readHint: async () => (await SequenceHint.findById(hintId(scope)).lean())?.seq,
      scanMax: async () => (await DraftNumber.findOne({ scope }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0,
      insert: async (seq) => {
        const number = formatDraftNumber(seq);
        await DraftNumber.create({ _id: input.documentId, scope, seq, number, assignedAt: now() });
        return { number, seq };
      },
      saveHint: async (seq) => {
        await SequenceHint.updateOne({ _id: hintId(scope) }, { $max: { seq } }, { upsert: true });
      },
    });
    // Every writer writes the same value (the claim is per document), so a racing retry is harmless.
    await Document.updateOne({ _id: input.documentId }, { $set: { draftNumber: claimed.number } });
    return claimed;
  }

  return { assignDraftNumber };
}

export type DraftNumbering = ReturnType<typeof createDraftNumbering>;
