/**
 * Departmental control (seed-004 ¶¶9–12): once a month every unit head, the responsible official of their unit
 * and the units below it, gets a review of the subordinates' requests of the month before. The review's `_id`
 * is month + official, so opening it twice — the schedule firing again, an administrator by hand — leaves one.
 */
import type { Models } from '../../db/models';
import { astanaIso } from '../calendar/astana-time';

/** The Astana calendar month before the one `at` falls in, as YYYY-MM: what a review opened on the 1st covers. */
export function previousAstanaMonth(at: Date): string {
  const [y, m] = astanaIso(at).slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Units under (and including) a unit, from the org tree. */
export function unitsUnder(units: Array<{ _id: string; parentId?: string | null }>, unitId: string): string[] {
  const out = [unitId];
  for (let i = 0; i < out.length; i++) for (const u of units) if (u.parentId === out[i] && !out.includes(u._id)) out.push(u._id);
  return out;
}

export async function openMonthlyReviews(models: Pick<Models, 'Unit' | 'InfoReview'>, month: string, now: Date): Promise<{ month: string; opened: number }> {
  const units = await models.Unit.find({}, { parentId: 1, headEmployeeId: 1 }).lean();
  let opened = 0;
  for (const unit of units) {
    if (!unit.headEmployeeId) continue;
    try {
      await models.InfoReview.collection.insertOne({ _id: `${month}|${unit.headEmployeeId}`, month, officialId: unit.headEmployeeId, unitIds: unitsUnder(units, unit._id), status: 'open', openedAt: now, violations: [] } as never);
      opened += 1;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  return { month, opened };
}
