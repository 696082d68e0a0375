/**
 * Parsed certificates keyed by the SHA-256 of their DER. Parsing with pkijs costs ~0.6 ms; a hash of 1–2 KB
 * costs ~3 µs, so repeat signers (the common case: the same staff sign all day) skip the parse entirely.
 */
import crypto from 'node:crypto';
import { LruCache } from '../lru-cache';
import { parseCertificate, ParsedCertificate } from './parsed-certificate';

export class CertificateCache {
  private readonly cache: LruCache<string, ParsedCertificate>;
  parses = 0;

  constructor(maxEntries = 2_000) {
    this.cache = new LruCache(maxEntries);
  }

  get(der: Uint8Array): ParsedCertificate {
    const key = crypto.createHash('sha256').update(der).digest('hex');
    const hit = this.cache.get(key);
    if (hit) return hit;
    // Copy: `der` is usually a view into a CMS buffer we must not keep alive.
    const parsed = parseCertificate(Uint8Array.from(der));
    this.parses += 1;
    this.cache.set(key, parsed);
    return parsed;
  }
}
