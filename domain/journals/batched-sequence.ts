/**
 * Claims of one sequence (a journal's year, or a document type's draft numbers) made by this process,
 * in batches: the claims waiting while a batch is written go together into the next one, as one ordered
 * insert of consecutive numbers. The guarantees are those of sequence-claim.ts, carried over to a batch:
 * - an ordered insert stops at the first refused record, so a number is inserted only after the one
 *   before it (in the batch, or proven taken), and the sequence stays gapless;
 * - the refused record is either its document's own earlier registration (then that is its answer and
 *   the same number goes to the next record) or proof that the number is taken by another process
 *   (then the batch goes on from the next number).
 * On one journal under many concurrent registrations this turns most conflicts and round trips of
 * one-at-a-time claims into one insert per batch.
 */
import { isDuplicateKey } from './sequence-claim';

/**
 * `insertOrdered` for claims kept as records of one collection: one ordered insert through the raw collection
 * (the records are complete as built by the caller), resolving with how many went in before the first that a
 * unique index refused.
 */
export async function insertInOrder(collection: { insertMany(records: never[], options: { ordered: true }): Promise<unknown> }, records: object[]): Promise<number> {
  try {
    await collection.insertMany(records as never[], { ordered: true });
    return records.length;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // An ordered insert stops at the first refusal: everything before it was stored.
    return (error as { insertedCount?: number }).insertedCount ?? 0;
  }
}

export interface BatchClaimOps<I, R> {
  /** Highest claimed number hint, or undefined when none was ever saved. */
  readHint(): Promise<number | undefined>;
  /** The highest claimed number by reading the claims (slow path, once per sequence and process). */
  scanMax(): Promise<number>;
  /**
   * Inserts the claims of `items[i]` at number `start + i`, in order, stopping at the first record a
   * unique index refuses. Resolves with how many were inserted; any other failure rejects.
   */
  insertOrdered(items: I[], start: number): Promise<number>;
  /** The item's own claim, if one exists. */
  findMine(item: I): Promise<R | null>;
  /** What a claim of `item` at `seq` returns. */
  result(item: I, seq: number): R;
  saveHint(seq: number): Promise<void>;
}

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Conflicts in a row before the batch re-reads the hint (another process may be far ahead). */
const REREAD_HINT_EVERY = 8;

/**
 * The hint is saved when a batch's numbers reach a multiple of this, when the batch met another claimant, and
 * after the first batch this process claims in the sequence (which read the hint, or scanned without one); not
 * after every batch. It only tells a process that has claimed nothing here yet (a start, a restart, another
 * worker) where to begin, and a hint behind the last number is safe (sequence-claim.ts): here it is behind by
 * fewer than this, which such a process walks past in as many conflicts, once. A write saved on most claims.
 */
const SAVE_HINT_EVERY = 8;

export function createBatchedSequence<I, R>(ops: BatchClaimOps<I, R>, maxBatch = 64) {
  const queue: Array<Waiting<I, R>> = [];
  let draining = false;
  /** The last number this process claimed here: known taken, so the next batch starts after it. */
  let lastClaimed: number | undefined;

  async function claimBatch(batch: Array<Waiting<I, R>>): Promise<void> {
    const fromStore = lastClaimed === undefined;
    let candidate = (lastClaimed ?? (await ops.readHint()) ?? (await ops.scanMax())) + 1;
    const first = candidate;
    let pending = batch;
    let conflicts = 0;
    while (pending.length > 0) {
      const inserted = await ops.insertOrdered(
        pending.map((p) => p.item),
        candidate,
      );
      for (let i = 0; i < inserted; i++) pending[i].resolve(ops.result(pending[i].item, candidate + i));
      if (inserted > 0) lastClaimed = candidate + inserted - 1;
      candidate += inserted;
      pending = pending.slice(inserted);
      if (pending.length === 0) break;
      const mine = await ops.findMine(pending[0].item);
      if (mine) {
        pending[0].resolve(mine);
        pending = pending.slice(1);
        continue; // `candidate` was not proven taken: the next record tries it
      }
      candidate += 1;
      if (++conflicts % REREAD_HINT_EVERY === 0) candidate = Math.max(candidate, ((await ops.readHint()) ?? 0) + 1);
    }
    const crossed = lastClaimed !== undefined && lastClaimed >= first && Math.floor(lastClaimed / SAVE_HINT_EVERY) > Math.floor((first - 1) / SAVE_HINT_EVERY);
    if (lastClaimed !== undefined && (fromStore || crossed || conflicts > 0)) await ops.saveHint(lastClaimed).catch(() => undefined); // stale is safe
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await claimBatch(batch);
        } catch (error) {
          // Settled items keep their answers; the rest fail and are retried by their callers.
          for (const w of batch) w.reject(error);
          lastClaimed = undefined;
        }
      }
    } finally {
      draining = false;
    }
  }

  function claim(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!draining) void drain();
    });
  }

  return { claim };
}
