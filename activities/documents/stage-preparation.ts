/**
 * Entering a stage asks two things, its people and (for a deadline) the calendar; and the check of a signature
 * that completes its stage is followed by entering the next one. Each is one activity here: every activity the
 * workflow waits for costs it a hop through its worker. Built from the activities that do each part, so they
 * resolve, build and check exactly as those do.
 */
import type {
  DocumentActivities,
  PrepareStageInput,
  PreparedStage,
  VerifyDocumentSignatureResult,
  VerifySignatureThenPrepareStageInput,
  VerifySignatureThenPrepareStageResult,
} from '../contracts';

type StageParts = Pick<DocumentActivities, 'resolveStageParticipants' | 'getBusinessCalendar'>;

type Parts = Pick<DocumentActivities, 'prepareStage'> & {
  /** The check, answered with its verdict while the write that records it is still on its way (`recorded`). */
  checkDocumentSignature(input: VerifySignatureThenPrepareStageInput['check']): Promise<{ verdict: VerifyDocumentSignatureResult; recorded: Promise<unknown> }>;
};

/** The check as an activity gives it, for parts that have no separate write to wait for. */
export function checkedBy(verify: DocumentActivities['verifyDocumentSignature']): Parts['checkDocumentSignature'] {
  return async (input) => ({ verdict: await verify(input), recorded: Promise.resolve() });
}

/**
 * Fails as resolving the people fails (the workflow then schedules that alone, with its retries); a calendar that
 * could not be built is left out, and the workflow asks for it on its own, meeting the same failure where it
 * always has.
 */
export function createPrepareStage(parts: StageParts): DocumentActivities['prepareStage'] {
  return async function prepareStage({ request, calendarYears }: PrepareStageInput): Promise<PreparedStage> {
    const [people, calendar] = await Promise.allSettled([
      parts.resolveStageParticipants(request),
      calendarYears ? parts.getBusinessCalendar({ years: calendarYears }) : Promise.resolve(undefined),
    ]);
    if (people.status === 'rejected') throw people.reason;
    return { assignments: people.value.assignments, ...(calendar.status === 'fulfilled' && calendar.value && { calendar: calendar.value }) };
  };
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
    // The next stage is prepared while the verdict is written; the answer waits for that write all the same.
    const [next] = await Promise.allSettled([parts.prepareStage(input.next), recorded]);
    await recorded;
    // The verdict stands whatever the preparation met: the workflow then prepares the stage as it always has,
    // with that activity's own retries and its place in the list of what the route waits for.
    return next.status === 'fulfilled' ? { verdict, next: next.value } : { verdict };
  };
}
