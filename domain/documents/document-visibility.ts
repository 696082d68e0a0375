/**
 * Who may see a document, decided in one place. The API's `canSee` applies it to one card live; the search
 * index stores its answer on every card (`search.viewerIds`, `search.journal`) so a search can filter by it.
 * Change the rule here and both follow; the search visibility test checks that they agree.
 */
import type { Models } from '../../db/models';
import { createRouteVersionReader } from '../../db/route-version-reader';
import type { Role } from '../../db/models/employee';
import type { DocumentState } from './document-state';
import type { RegistrationStage, RouteDefinition, Stage } from '../routes/route-model';

/** Roles that see every document (the rest see only what they take part in). */
export const SEE_ALL_ROLES: readonly Role[] = ['auditor', 'administrator'];

export const seesEverything = (roles: readonly Role[]): boolean => roles.some((r) => SEE_ALL_ROLES.includes(r));

/** What visibility is decided on: the card's people, type, journal and route, and the projected state. */
export interface VisibilityFacts {
  participantIds: string[];
  authorId: string;
  type?: string;
  registration?: { journal?: string | null } | null;
  route?: { key: string; version: number } | null;
  state?: unknown;
}

/** The author, everyone who had a task, and the controllers of controlled resolutions (named, or the author for personal control). */
export function peopleOf(doc: VisibilityFacts): string[] {
  const state = doc.state as Partial<DocumentState> | undefined;
  const controllers = (state?.resolutions ?? []).filter((r) => r.control !== 'none').map((r) => r.controllerId ?? r.authorId);
  return [...new Set([doc.authorId, ...doc.participantIds, ...controllers])];
}

export type JournalOfDocument = (doc: VisibilityFacts) => Promise<string | undefined>;

/**
 * The journal a document is (or will be) registered in: its registration, or its route's registration stage.
 * Registrars see the documents that have one. Route versions never change once published, so their journals
 * are cached for the life of the returned function.
 */
export function createJournalOfDocument(models: Pick<Models, 'RouteVersion'>): JournalOfDocument {
  const journalsOfRoute = new Map<string, string | undefined>();
  const routeVersions = createRouteVersionReader(models);
  return async function journalOf(doc) {
    if (doc.registration?.journal) return doc.registration.journal;
    if (!doc.route) return undefined;
    const key = `${doc.route.key}@${doc.route.version}`;
    if (!journalsOfRoute.has(key)) {
      const version = await routeVersions.get(doc.route.key, doc.route.version);
      const stages = ((version?.definition as RouteDefinition | undefined)?.stages ?? []) as Stage[];
      journalsOfRoute.set(key, stages.find((st): st is RegistrationStage => st.type === 'registration')?.journal);
    }
    return journalsOfRoute.get(key);
  };
}
