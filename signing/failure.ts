import type { FailureCode } from './types';

/**
 * Thrown for problems that end verification of the whole CMS (bad encoding, not SignedData, too large);
 * `verifyCms` turns it into a report with `reason`. Per-signer problems are collected, not thrown.
 */
export class CmsVerificationError extends Error {
  override name = 'CmsVerificationError';
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}
