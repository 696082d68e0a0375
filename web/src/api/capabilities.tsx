/**
 * What this server offers, read once from GET /api/openapi.json. The API grows while the UI ships, so a
 * screen asks `has('post', '/api/documents/:id/signatures')` and, when the answer is no, says that the
 * feature is not available on this server instead of failing on a 404.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { apiGet } from './client';

export interface Capabilities {
  loaded: boolean;
  has(method: string, path: string): boolean;
  /** Every documented "METHOD /path" (paths in Express style), for the help screen. */
  all: string[];
}

const normalise = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1').replace(/:[A-Za-z_]+/g, ':p');

function capabilitiesOf(doc: { paths?: Record<string, Record<string, unknown>> } | undefined): Capabilities {
  const set = new Set<string>();
  const all: string[] = [];
  for (const [path, ops] of Object.entries(doc?.paths ?? {})) {
    for (const method of Object.keys(ops)) {
      set.add(`${method.toLowerCase()} ${normalise(path)}`);
      all.push(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
  }
  return { loaded: !!doc, has: (method, path) => set.has(`${method.toLowerCase()} ${normalise(path)}`), all: all.sort() };
}

const CapabilitiesContext = createContext<Capabilities>(capabilitiesOf(undefined));

export function CapabilitiesProvider({ children }: { children: ReactNode }) {
  const [caps, setCaps] = useState<Capabilities>(() => capabilitiesOf(undefined));
  useEffect(() => {
    let cancelled = false;
    apiGet<{ paths?: Record<string, Record<string, unknown>> }>('/api/openapi.json')
      .then((doc) => !cancelled && setCaps(capabilitiesOf(doc)))
      // Without the description every feature is tried; endpoints that are missing answer 404 in place.
      .catch(() => !cancelled && setCaps({ loaded: true, has: () => true, all: [] }));
    return () => {
      cancelled = true;
    };
  }, []);
  return <CapabilitiesContext.Provider value={caps}>{children}</CapabilitiesContext.Provider>;
}

export const useCapabilities = (): Capabilities => useContext(CapabilitiesContext);
