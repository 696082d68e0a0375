/**
 * A rule's refusal, typed so that callers tell cases apart without reading messages. The domain core
 * stays free of Temporal: an activity turns this into an `ApplicationFailure` with the same type and
 * retry flag (`activities/domain-failure.ts`), which is what the workflow and its history see.
 */
export class DomainFailure extends Error {
  override readonly name = 'DomainFailure';

  constructor(
    message: string,
    readonly type: string,
    /** True when trying again cannot help (a missing journal); false when a fix elsewhere can (an empty stage). */
    readonly nonRetryable: boolean,
  ) {
    super(message);
  }
}
