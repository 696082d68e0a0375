/**
 * The registry correspondence as activities: the receipt chase of an outgoing document the receipt-chase
 * workflow drives, and the transition hook that issues receipt and rejection notices. The rules and the
 * stores live in `domain/correspondence/correspondence-notices.ts`; each call here is idempotent there
 * (notices keyed `${documentId}:${kind}`, the due instant `$set` from the input, one chase notification per
 * recipient under a keyed `_id`), so the activities' retries are safe.
 */
import { createCorrespondenceNotices, type CorrespondenceDeps } from '../../domain/correspondence/correspondence-notices';
import type { ProjectedCard, RecordTransitionInput } from '../contracts';
import type { NoteReceiptDueInput, RaiseReceiptChaseInput, RaiseReceiptChaseResult } from './correspondence-contracts';

export function createCorrespondenceActivities(deps: CorrespondenceDeps) {
  const notices = createCorrespondenceNotices(deps);
  return {
    noteReceiptDue: (input: NoteReceiptDueInput): Promise<void> => notices.noteReceiptDue(input),
    raiseReceiptChase: (input: RaiseReceiptChaseInput): Promise<RaiseReceiptChaseResult> => notices.raiseReceiptChase(input),
    /** Runs inside recordTransition (see `activities/index.ts`), so it shares that activity's retries. */
    afterTransition: (input: RecordTransitionInput, card?: ProjectedCard): Promise<void> => notices.afterTransition(input, card),
  };
}
