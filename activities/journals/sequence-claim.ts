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
}

export class SequenceContentionError extends Error {
  override readonly name = 'SequenceContentionError';
}

export async function claimNext<T>(ops: SequenceClaimOps<T>, maxAttempts = 100_000): Promise<T> {
  const existing = await ops.findMine();
  if (existing) return existing;
  let candidate = ((await ops.readHint()) ?? (await ops.scanMax())) + 1;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const claimed = await ops.insert(candidate);
      // Best effort: a failure here leaves the hint stale, which is safe.
      await ops.saveHint(candidate).catch(() => undefined);
      return claimed;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The conflict is either my own claim (a concurrent retry inserted it) or proof that
      // `candidate` is taken; the embedded database does not say which index it was.
      const mine = await ops.findMine();
      if (mine) return mine;
      const hint = (await ops.readHint()) ?? 0;
      candidate = Math.max(candidate + 1, hint + 1);
    }
  }
  throw new SequenceContentionError(`No number could be claimed after ${maxAttempts} attempts`);
}
