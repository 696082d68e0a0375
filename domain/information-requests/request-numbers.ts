/**
 * Request numbers, gapless per Astana year (`17/2026`): a number is claimed by inserting it under a unique
 * `_id`, so the API (requests made here) and the worker (requests that came across the exchange) never give
 * one number twice.
 */
import type { Connection } from 'mongoose';
import { lastTakenPosition } from '../../db/last-taken-position';
import { astanaIso } from '../calendar/astana-time';

export function createRequestNumbers(db: Connection) {
  const numbers = db.collection<{ _id: string }>('info_request_numbers');
  const tips = new Map<string, number>();
  return {
    async claim(at: Date): Promise<string> {
      const year = astanaIso(at).slice(0, 4);
      for (;;) {
        const last = await lastTakenPosition(async (n) => ((await numbers.findOne({ _id: `${year}|${n}` })) ? n : null), { position: tips.get(year) ?? 0, value: tips.get(year) ?? 0 });
        const n = last.value + 1;
        try {
          await numbers.insertOne({ _id: `${year}|${n}` });
          tips.set(year, n);
          return `${n}/${year}`;
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
          tips.set(year, n);
        }
      }
    },
  };
}
