/**
 * Claims the next number of a gapless sequence without transactions or counters.
 *
 * A number is claimed by inserting the record that holds it under a unique index; nothing else
 * consumes a number. The invariant "a number is inserted only when the one before it is taken" makes
 * the sequence gapless:
 * - the first candidate is hint+1, and the hint is only ever a number that was inserted;
 * - after a unique-index conflict on candidate c, c is proven taken, so c+1 is the next candidate.
 * A stale hint (lost update on the embedded database, a crash before it was saved) only costs a few
 * more conflicts; without any hint the highest claim is read once (a scan) and the hint is seeded.
 */
export const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

export interface SequenceClaimOps<T> {
  /** The caller's own claim, if it already exists (idempotency: retries return the first claim). */
  findMine(): Promise<T | null>;
  /** Highest claimed number hint, or undefined when none was ever saved for this sequence. */
  readHint(): Promise<number | undefined>;
  /** The highest claimed number by reading the claims (slow path, used once per sequence). */
  scanMax(): Promise<number>;
  /** Inserts the claim for `seq`; rejects with a duplicate-key error when the number (or mine) exists. */
  insert(seq: number): Promise<T>;
  /** Raises the hint to `seq` (never lowers it in intent; a lost update only makes it stale). */
  saveHint(seq: number): Promise<void>;
  /** The caller has just looked and found no claim of its own (skips the first findMine). */
  checkedAbsent?: boolean;
}

export class SequenceContentionError extends Error {
  override readonly name = 'SequenceContentionError';
}

/** How many conflicts in a row before the claim re-reads its own record and the hint. */
const RECHECK_EVERY = 8;

/**
 * @param startAfter a number this process knows is taken (its own last claim in the sequence): the
 * claim starts right after it without reading the hint.
 */
export async function claimNext<T>(ops: SequenceClaimOps<T>, startAfter?: number, maxAttempts = 100_000): Promise<T> {
  const existing = ops.checkedAbsent ? null : await ops.findMine();
  if (existing) return existing;
  let candidate = (startAfter ?? (await ops.readHint()) ?? (await ops.scanMax())) + 1;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const claimed = await ops.insert(candidate);
      // Best effort: a failure here leaves the hint stale, which is safe.
      await ops.saveHint(candidate).catch(() => undefined);
      return claimed;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The embedded database does not say which unique index refused the insert. Usually it is the
      // number's (proof that `candidate` is taken); it may be my own record, inserted by a concurrent
      // retry of this same claim. Then my later inserts all fail too and insert nothing, so treating
      // the conflict as "taken" cannot create a gap; the periodic re-check finds my record.
      candidate += 1;
      if (attempt % RECHECK_EVERY === 0) {
        const mine = await ops.findMine();
        if (mine) return mine;
        candidate = Math.max(candidate, ((await ops.readHint()) ?? 0) + 1);
      }
    }
  }
  throw new SequenceContentionError(`No number could be claimed after ${maxAttempts} attempts`);
}
