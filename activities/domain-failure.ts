/**
 * Runs domain code inside an activity: a `DomainFailure` leaves as an `ApplicationFailure` of the same
 * type and retry flag, so the workflow's retry policy and failure types stay what they were.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DomainFailure } from '../domain/failure';

export async function asActivityFailure<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainFailure) throw ApplicationFailure.create({ message: error.message, type: error.type, nonRetryable: error.nonRetryable });
    throw error;
  }
}
