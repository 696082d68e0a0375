/**
 * Whether one employee may act for another right now. Chains resolve: if A is away and B stands in, and
 * B is away too with C standing in, C may act for A.
 */
import type { Models } from '../../db/models';

const MAX_CHAIN = 8;

export function createSubstitutionService(models: Pick<Models, 'Substitution'>) {
  /** Everyone whose tasks `employeeId` may perform at `at` (not including themself). */
  async function representedBy(employeeId: string, at: Date, documentType?: string): Promise<string[]> {
    const found: string[] = [];
    let frontier = [employeeId];
    for (let depth = 0; depth < MAX_CHAIN && frontier.length; depth++) {
      const rows = await models.Substitution.find({
        substituteId: { $in: frontier },
        from: { $lte: at },
        to: { $gt: at },
        cancelledAt: { $exists: false },
      }).lean();
      frontier = [];
      for (const row of rows) {
        if (documentType && row.documentTypes.length && !row.documentTypes.includes(documentType)) continue;
        if (row.absentId !== employeeId && !found.includes(row.absentId)) {
          found.push(row.absentId);
          frontier.push(row.absentId);
        }
      }
    }
    return found;
  }

  async function mayActFor(substituteId: string, absentId: string, at: Date, documentType?: string): Promise<boolean> {
    return (await representedBy(substituteId, at, documentType)).includes(absentId);
  }

  return { representedBy, mayActFor };
}

export type SubstitutionService = ReturnType<typeof createSubstitutionService>;
