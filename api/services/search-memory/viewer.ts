/** Who asks, as the in-memory index checks visibility. */
import type { Role } from '../../../db/models/employee';
import { seesEverything } from '../../../domain/documents/document-visibility';
import type { Representation } from '../substitution-service';

/** Who asks: the mirror of search-filters `visibilityFilter`. */
export interface Viewer {
  all: boolean;
  everywhere: ReadonlySet<string>;
  typed: ReadonlyArray<{ absentId: string; types: ReadonlySet<string> }>;
  registrar: boolean;
}

export function viewerOf(actor: { employeeId: string; roles: readonly Role[] }, representations: readonly Representation[]): Viewer {
  return {
    all: seesEverything(actor.roles),
    everywhere: new Set([actor.employeeId, ...representations.filter((r) => !r.documentTypes).map((r) => r.absentId)]),
    typed: representations.filter((r) => r.documentTypes).map((r) => ({ absentId: r.absentId, types: new Set(r.documentTypes) })),
    registrar: actor.roles.includes('registrar'),
  };
}
