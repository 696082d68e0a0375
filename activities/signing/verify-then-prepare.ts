/**
 * The check of a signature that completes its stage, and the preparation of the stage it leads to, in one
 * activity: the route's next step waits for both, and asking them one after the other costs the workflow a
 * hop through its worker for each. Built from the activities that do each part, so it checks and resolves
 * exactly as they do.
 */
import type { DocumentActivities, VerifyDocumentSignatureResult, VerifySignatureThenPrepareStageInput, VerifySignatureThenPrepareStageResult } from '../contracts';

type Parts = Pick<DocumentActivities, 'resolveStageParticipants' | 'getBusinessCalendar'> & {
  /** The check, answered with its verdict while the write that records it is still on its way (`recorded`). */
  checkDocumentSignature(input: VerifySignatureThenPrepareStageInput['check']): Promise<{ verdict: VerifyDocumentSignatureResult; recorded: Promise<unknown> }>;
};

/** The check as an activity gives it, for parts that have no separate write to wait for. */
export function checkedBy(verify: DocumentActivities['verifyDocumentSignature']): Parts['checkDocumentSignature'] {
  return async (input) => ({ verdict: await verify(input), recorded: Promise.resolve() });
}

export function createVerifyThenPrepare(parts: Parts): DocumentActivities['verifySignatureThenPrepareStage'] {
  return async function verifySignatureThenPrepareStage(input: VerifySignatureThenPrepareStageInput): Promise<VerifySignatureThenPrepareStageResult> {
    // A failed check fails the whole activity, as the check alone would: the workflow falls back to it.
    const { verdict, recorded } = await parts.checkDocumentSignature(input.check);
    // A refused signature leads nowhere: nothing more is read for it.
    if (!verdict.valid) {
      await recorded;
      return { verdict };
    }
    const { request, calendarYears } = input.next;
    // The next stage is prepared while the verdict is written; the answer waits for that write all the same.
    const [people, calendar] = await Promise.allSettled([
      parts.resolveStageParticipants(request),
      calendarYears ? parts.getBusinessCalendar({ years: calendarYears }) : Promise.resolve(undefined),
      recorded,
    ]);
    await recorded;
    // The verdict stands whatever the preparation met: the workflow then prepares the stage as it always has,
    // with that activity's own retries and its place in the list of what the route waits for.
    if (people.status === 'rejected') return { verdict };
    return { verdict, next: { assignments: people.value.assignments, ...(calendar.status === 'fulfilled' && calendar.value && { calendar: calendar.value }) } };
  };
}
