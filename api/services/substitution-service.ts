/**
 * Whether one employee may act for another at an instant, and for which document types. Chains resolve: if
 * A is away and B stands in, and B is away too with C standing in, C may act for A, but only for the
 * document types every link of the chain covers. A substitution counts from `from` up to `to`, or up to its
 * cancellation, so the same question asked about a past instant gets the answer it had then. Tasks are never
 * moved: the absent person keeps them, substitutes see and act on them during the period (as "X on behalf of
 * Y"), and after it they are simply the absent person's again (the hand-back).
 */
import type { Models } from '../../db/models';

const MAX_CHAIN = 8;

/** One person a substitute stands in for, and the document types (undefined = all) it covers. */
export interface Representation {
  absentId: string;
  documentTypes?: string[];
  /** The chain from the substitute to the absent person, e.g. [C, B, A]. */
  via: string[];
}

type Scope = string[] | undefined;

/** The types both scopes cover; undefined means "all". */
function intersect(a: Scope, b: Scope): Scope {
  if (!a) return b;
  if (!b) return a;
  return a.filter((t) => b.includes(t));
}

function union(a: Scope, b: Scope): Scope {
  if (!a || !b) return undefined;
  return [...new Set([...a, ...b])].sort();
}

const sameScope = (a: Scope, b: Scope): boolean => (!a && !b) || (!!a && !!b && a.length === b.length && a.every((t) => b.includes(t)));

/** Substitutions in force at `at`: begun, not ended, not cancelled before `at`. */
export function activeAt(at: Date): Record<string, unknown> {
  return { from: { $lte: at }, to: { $gt: at }, $or: [{ cancelledAt: { $exists: false } }, { cancelledAt: null }, { cancelledAt: { $gt: at } }] };
}

export function createSubstitutionService(models: Pick<Models, 'Substitution'>) {
  /**
   * Everyone `employeeId` stands in for at `at`, with the types covered. Deterministic: links are read in the
   * order of their start and id, and a person reached along several chains gets the union of their scopes.
   */
  async function representationsOf(employeeId: string, at: Date): Promise<Representation[]> {
    const found = new Map<string, Representation>();
    let frontier: Representation[] = [{ absentId: employeeId, documentTypes: undefined, via: [employeeId] }];
    for (let depth = 0; depth < MAX_CHAIN && frontier.length; depth++) {
      const rows = await models.Substitution.find({ substituteId: { $in: [...new Set(frontier.map((f) => f.absentId))] }, ...activeAt(at) })
        .sort({ from: 1, _id: 1 })
        .lean();
      const next: Representation[] = [];
      for (const link of frontier) {
        for (const row of rows.filter((r) => r.substituteId === link.absentId)) {
          if (row.absentId === employeeId || link.via.includes(row.absentId)) continue;
          const scope = intersect(link.documentTypes, row.documentTypes.length ? [...row.documentTypes].sort() : undefined);
          if (scope && scope.length === 0) continue;
          const known = found.get(row.absentId);
          const merged = known ? union(known.documentTypes, scope) : scope;
          if (known && sameScope(known.documentTypes, merged)) continue;
          const representation = { absentId: row.absentId, documentTypes: merged, via: known?.via ?? [...link.via, row.absentId] };
          found.set(row.absentId, representation);
          next.push({ ...representation, documentTypes: scope, via: [...link.via, row.absentId] });
        }
      }
      frontier = next;
    }
    return [...found.values()];
  }

  /** Everyone whose tasks `employeeId` may perform at `at` (not including themself), for a type if given. */
  async function representedBy(employeeId: string, at: Date, documentType?: string): Promise<string[]> {
    const all = await representationsOf(employeeId, at);
    return all.filter((r) => !documentType || !r.documentTypes || r.documentTypes.includes(documentType)).map((r) => r.absentId);
  }

  async function mayActFor(substituteId: string, absentId: string, at: Date, documentType?: string): Promise<boolean> {
    return (await representedBy(substituteId, at, documentType)).includes(absentId);
  }

  /** The inbox filter of a person: their own entries and, within scope, those of everyone they stand in for. */
  async function inboxOwnerFilter(employeeId: string, at: Date): Promise<{ $or: Record<string, unknown>[] }> {
    const all = await representationsOf(employeeId, at);
    const everything = [employeeId, ...all.filter((r) => !r.documentTypes).map((r) => r.absentId)];
    const scoped = all.filter((r) => r.documentTypes).map((r) => ({ ownerId: r.absentId, documentType: { $in: r.documentTypes } }));
    return { $or: [{ ownerId: { $in: everything } }, ...scoped] };
  }

  return { representationsOf, representedBy, mayActFor, inboxOwnerFilter };
}

export type SubstitutionService = ReturnType<typeof createSubstitutionService>;
