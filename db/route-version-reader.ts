/**
 * Reads published route versions by `_id` (`${key}@${version}`), the one lookup the embedded FerretDB answers
 * without reading the whole collection. A published version never changes, so each is cached for the life of
 * the reader. Versions are numbered 1, 2, 3… without gaps (publish inserts `last + 1` under the unique `_id`),
 * so the latest one is found by probing the number after the latest known one: a single miss when nothing was
 * published meanwhile, also when another process published. Only the first question about a route reads the
 * collection (to learn its latest version); a version stored under another `_id` is still found that way.
 */
import type { Models } from './models';

export interface PublishedRouteVersion {
  key: string;
  version: number;
  definition: unknown;
  publishedBy: string;
  publishedAt: Date;
}

export const routeVersionId = (key: string, version: number): string => `${key}@${version}`;

export function createRouteVersionReader(models: Pick<Models, 'RouteVersion'>) {
  const { RouteVersion } = models;
  const versions = new Map<string, PublishedRouteVersion | null>();
  const latestKnown = new Map<string, number>();

  const toPublished = (row: PublishedRouteVersion): PublishedRouteVersion => ({
    key: row.key,
    version: row.version,
    definition: row.definition,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
  });

  function remember(found: PublishedRouteVersion): PublishedRouteVersion {
    versions.set(routeVersionId(found.key, found.version), found);
    if ((latestKnown.get(found.key) ?? 0) < found.version) latestKnown.set(found.key, found.version);
    return found;
  }

  /** One published version; undefined when it does not exist (a miss is not cached: it may be published later). */
  async function get(key: string, version: number): Promise<PublishedRouteVersion | undefined> {
    const id = routeVersionId(key, version);
    const cached = versions.get(id);
    if (cached) return cached;
    const row = (await RouteVersion.findById(id).lean()) ?? (await RouteVersion.findOne({ key, version }).lean());
    return row ? remember(toPublished(row)) : undefined;
  }

  /** The latest published version of a route, or undefined when none is published. */
  async function latest(key: string): Promise<PublishedRouteVersion | undefined> {
    let known = latestKnown.get(key);
    if (known === undefined) {
      const last = await RouteVersion.findOne({ key }).sort({ version: -1 }).lean();
      if (!last) return undefined;
      known = remember(toPublished(last)).version;
    }
    for (;;) {
      const next: PublishedRouteVersion | null = await RouteVersion.findById(routeVersionId(key, known + 1)).lean();
      if (!next) return get(key, known);
      known = remember(toPublished(next)).version;
    }
  }

  return { get, latest };
}

export type RouteVersionReader = ReturnType<typeof createRouteVersionReader>;
