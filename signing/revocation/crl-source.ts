/**
 * Revocation by CRL. CRLs come as bytes given up front and/or from a fetcher (e.g. the certificate's
 * distribution points over HTTP); each distinct CRL is indexed once and cached by its SHA-256.
 */
import crypto from 'node:crypto';
import type { ParsedCertificate } from '../certs/parsed-certificate';
import { LruCache } from '../lru-cache';
import { buildCrlIndex, CrlIndex, crlDerFrom, crlSignedBy } from './crl-index';
import type { RevocationAnswer, RevocationQuery, RevocationSource } from './revocation-source';

export interface CrlFetchRequest {
  certificate: ParsedCertificate;
  issuer: ParsedCertificate;
  /** The certificate's cRLDistributionPoints URIs. */
  distributionPoints: string[];
}

export interface CrlSourceOptions {
  /** CRLs as DER bytes or PEM ("X509 CRL"). */
  crls?: readonly (Uint8Array | string)[];
  /** Returns the current CRL(s) for a certificate; called per check, so it should cache (see createHttpCrlFetcher). */
  fetchCrls?: (request: CrlFetchRequest) => Promise<readonly Uint8Array[]>;
  /** Shared index cache; defaults to one per source. */
  indexCache?: CrlIndexCache;
}

export class CrlIndexCache {
  private readonly byHash = new LruCache<string, CrlIndex>(64);
  /** Same bytes object → same index, without re-hashing a multi-megabyte CRL on every check. */
  private readonly byObject = new WeakMap<Uint8Array, CrlIndex>();
  builds = 0;

  get(der: Uint8Array): CrlIndex {
    const known = this.byObject.get(der);
    if (known) return known;
    const hash = crypto.createHash('sha256').update(der).digest('hex');
    let index = this.byHash.get(hash);
    if (!index) {
      index = buildCrlIndex(der);
      this.builds += 1;
      this.byHash.set(hash, index);
    }
    this.byObject.set(der, index);
    return index;
  }
}

export function createCrlRevocationSource(options: CrlSourceOptions): RevocationSource {
  const cache = options.indexCache ?? new CrlIndexCache();
  const staticCrls = (options.crls ?? []).map(crlDerFrom);
  // Index static CRLs eagerly so a malformed configured CRL fails at startup, not on the first signature.
  for (const der of staticCrls) cache.get(der);

  return {
    kind: 'crl',
    async check(query: RevocationQuery): Promise<RevocationAnswer | undefined> {
      const { certificate, issuer, now } = query;
      let fetched: readonly Uint8Array[] = [];
      let fetchProblem: RevocationAnswer['problem'];
      if (options.fetchCrls) {
        try {
          fetched = await options.fetchCrls({ certificate, issuer, distributionPoints: certificate.crlUrls });
        } catch (error) {
          fetchProblem = { code: 'revocation-source-failed', message: `CRL fetch failed: ${(error as Error).message}` };
        }
      }
      const candidates = [...staticCrls, ...fetched]
        .map((der) => cache.get(der))
        .filter((index) => Buffer.compare(index.issuerDer, issuer.subjectDer) === 0);
      let problem: RevocationAnswer['problem'] = fetchProblem;
      // Newest first: a fresher CRL supersedes an older one of the same issuer.
      const authentic: CrlIndex[] = [];
      for (const index of candidates.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())) {
        if (crlSignedBy(index, issuer)) authentic.push(index);
        else problem = { code: 'crl-invalid', message: `CRL from "${issuer.subjectDn}" (thisUpdate ${index.thisUpdate.toISOString()}) has a bad signature` };
      }
      const isCurrent = (index: CrlIndex) =>
        index.thisUpdate.getTime() <= now.getTime() + 5 * 60_000 && !(index.nextUpdate && index.nextUpdate.getTime() < now.getTime());
      const serial = certificate.serialHex;
      // An entry of an authentic CRL is evidence whatever the list's age: revocation is final, and the entry's
      // date says when it happened. Only a hold can be lifted, so a hold counts while no newer list omits it and
      // the list holding it is current.
      for (let k = 0; k < authentic.length; k += 1) {
        const index = authentic[k];
        const revokedAt = index.revoked.get(serial);
        if (revokedAt === undefined) continue;
        if (index.onHold.has(serial) && (!isCurrent(index) || authentic.slice(0, k).some((newer) => !newer.revoked.has(serial)))) continue;
        return { status: 'revoked', source: 'crl', checkedAt: index.thisUpdate, revokedAt: new Date(revokedAt) };
      }
      // The absence of an entry only means something in a list that is still current.
      const current = authentic.find(isCurrent);
      if (current) return { status: 'good', source: 'crl', checkedAt: current.thisUpdate };
      const newest = authentic[0];
      if (newest) problem ??= { code: 'crl-stale', message: `CRL from "${issuer.subjectDn}" is not current (nextUpdate ${newest.nextUpdate?.toISOString()})` };
      return problem ? { status: 'unknown', source: 'crl', checkedAt: now, problem } : undefined;
    },
  };
}
