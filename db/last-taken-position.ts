/**
 * The last taken position of a gapless sequence stored under `_id`s (1, 2, 3 … with no holes, because a
 * position is only inserted once the one before it exists): gallop forward from a position known to be
 * taken, then bisect the gap. Every probe is an `_id` lookup — the one query the embedded FerretDB answers
 * without reading the whole collection — and the cost grows with how far the start lags, not with the
 * length of the sequence. Used by the audit chain and the search change feed.
 */
export interface TakenPosition<T> {
  position: number;
  value: T;
}

export async function lastTakenPosition<T>(read: (position: number) => Promise<T | null>, from: TakenPosition<T>): Promise<TakenPosition<T>> {
  let known = from;
  let step = 1;
  let missing = 0;
  while (!missing) {
    const probe = await read(known.position + step);
    if (probe === null) {
      missing = known.position + step;
    } else {
      known = { position: known.position + step, value: probe };
      step *= 2;
    }
  }
  while (missing - known.position > 1) {
    const mid = known.position + Math.floor((missing - known.position) / 2);
    const probe = await read(mid);
    if (probe === null) missing = mid;
    else known = { position: mid, value: probe };
  }
  return known;
}
