/** Registration into a journal, as the workflow's activity. */
import type { Models } from '../../db/models';
import type { RegisterDocumentInput, RegisterDocumentResult } from '../contracts';
import { createJournalNumbering, type NumberingHooks } from '../../domain/journals/journal-numbering';
import { senderKeyOf } from '../../domain/journals/sender-key';
import { SIGNED_FIELDS } from '../../domain/signatures/signed-content';
import type { CardWithSignatures } from '../signing/signing-activities';
import { asActivityFailure } from '../domain-failure';

export interface JournalActivityDeps {
  models: Models;
  /** Refuses registration when a signature on the document does not verify (never register those). */
  assertSignaturesValid(documentId: string, card?: CardWithSignatures | Promise<CardWithSignatures | null>, accepted?: string[]): Promise<void>;
  now?: () => Date;
  hooks?: NumberingHooks;
}

export function createJournalActivities(deps: JournalActivityDeps) {
  const numbering = createJournalNumbering(deps.models, deps.now, deps.hooks);

  /** Idempotent per document: every retry returns the number the first attempt took. */
  async function registerDocument(input: RegisterDocumentInput): Promise<RegisterDocumentResult> {
    // One read of the card serves the signature check (signed fields, signature list) and the sender key; the
    // journal an original is numbered in, and the signatures the route accepted, are read beside it: one wait
    // for all three. Nothing is claimed before the check.
    const cardRead = deps.models.Document.findById(input.documentId, { ...SIGNED_FIELDS, signatureIds: 1 }).lean<CardWithSignatures>().exec();
    const checked = deps.assertSignaturesValid(input.documentId, cardRead, input.acceptedSignatureIds);
    checked.catch(() => undefined); // awaited below, after the reads beside it
    const [card, journalRecord] = await Promise.all([cardRead, input.duplicateOf ? undefined : numbering.journalOf(input.journal)]);
    await checked;
    const sender = card ? senderKeyOf({ correspondent: card.correspondent, fields: card.fields as Record<string, unknown> }) : undefined;
    const { journal, number, seq, direction } = await asActivityFailure(() => numbering.register({ ...input, sender }, journalRecord));
    // The card is not written here: the number is held by the registration record, and the projection of the
    // registration the workflow makes of this answer writes it onto the card (with its instant and seq) right after.
    return { journal, number, seq, ...(direction && { direction }) };
  }

  return { registerDocument };
}
