/** Registration into a journal, as the workflow's activity. */
import type { Models } from '../../db/models';
import type { RegisterDocumentInput, RegisterDocumentResult } from '../contracts';
import { createJournalNumbering, type NumberingHooks } from '../../domain/journals/journal-numbering';
import { senderKeyOf } from '../../domain/journals/sender-key';
import { asActivityFailure } from '../domain-failure';

export interface JournalActivityDeps {
  models: Models;
  /** Refuses registration when a signature on the document does not verify (never register those). */
  assertSignaturesValid(documentId: string): Promise<void>;
  now?: () => Date;
  hooks?: NumberingHooks;
}

export function createJournalActivities(deps: JournalActivityDeps) {
  const numbering = createJournalNumbering(deps.models, deps.now, deps.hooks);

  /** Idempotent per document: every retry returns the number the first attempt took. */
  async function registerDocument(input: RegisterDocumentInput): Promise<RegisterDocumentResult> {
    await deps.assertSignaturesValid(input.documentId);
    const card = await deps.models.Document.findById(input.documentId, { correspondent: 1, fields: 1 }).lean();
    const sender = card ? senderKeyOf({ correspondent: card.correspondent, fields: card.fields as Record<string, unknown> }) : undefined;
    const { journal, number } = await asActivityFailure(() => numbering.register({ ...input, sender }));
    await deps.models.Document.updateOne({ _id: input.documentId }, { $set: { 'registration.journal': journal, 'registration.number': number } });
    return { journal, number };
  }

  return { registerDocument };
}
