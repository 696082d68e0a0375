/**
 * Builds and checks the path signer → … → trusted root, at the signing time.
 *
 * Written here instead of using pkijs's CertificateChainValidationEngine because that engine validates the LAST
 * certificate of the list it is given (not necessarily the signer), checks at "now" unless told otherwise, and
 * skips revocation silently when it has no data. Issuer candidates are found by exact subject DER (NCA issues
 * byte-identical names), filtered by the authority key identifier, and each certificate signature is checked
 * (Node crypto, or the GOST code for GOST keys) once per (certificate, issuer) pair.
 */
import { verifySignedStructure } from '../crypto/algorithms';
import { LruCache } from '../lru-cache';
import type { Finding } from '../types';
import type { CertificateCache } from './certificate-cache';
import type { ParsedCertificate } from './parsed-certificate';

const MAX_DEPTH = 8;
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

export interface TrustStore {
  roots: ParsedCertificate[];
  rootHashes: ReadonlySet<string>;
  /** Roots and configured intermediates by subject DER (hex). */
  bySubject: ReadonlyMap<string, ParsedCertificate[]>;
}

export function createTrustStore(rootsDer: Uint8Array[], intermediatesDer: Uint8Array[], cache: CertificateCache): TrustStore {
  const roots = rootsDer.map((der) => cache.get(der));
  const bySubject = new Map<string, ParsedCertificate[]>();
  for (const cert of [...roots, ...intermediatesDer.map((der) => cache.get(der))]) {
    const key = hex(cert.subjectDer);
    const list = bySubject.get(key) ?? [];
    if (!list.some((c) => c.sha256 === cert.sha256)) list.push(cert);
    bySubject.set(key, list);
  }
  return { roots, rootHashes: new Set(roots.map((r) => r.sha256)), bySubject };
}

export interface ChainResult {
  /** Signer first, trusted root last; empty when no path to a trusted root exists. */
  path: ParsedCertificate[];
  failures: Finding[];
}

export class ChainBuilder {
  /** `${child}:${issuer}` → did the issuer's key verify the child's signature. */
  private readonly signatureVerdicts = new LruCache<string, boolean>(50_000);

  constructor(private readonly store: TrustStore) {}

  get trustStore(): TrustStore {
    return this.store;
  }

  build(leaf: ParsedCertificate, bag: readonly ParsedCertificate[], at: Date): ChainResult {
    const bagBySubject = new Map<string, ParsedCertificate[]>();
    for (const cert of bag) {
      const key = hex(cert.subjectDer);
      bagBySubject.set(key, [...(bagBySubject.get(key) ?? []), cert]);
    }
    const problems: Finding[] = [];
    const paths: ParsedCertificate[][] = [];
    this.search([leaf], bagBySubject, problems, paths);
    if (paths.length === 0) {
      const failure: Finding = problems[0] ?? {
        code: 'untrusted-root',
        message: `no path to a trusted root: issuer "${leaf.issuerDn}" is not a configured root or a known intermediate`,
      };
      return { path: [], failures: [failure] };
    }
    // Prefer a path that is valid at `at`; otherwise report the first path's problems.
    let first: ChainResult | undefined;
    for (const path of paths) {
      const failures = checkPath(path, at);
      if (failures.length === 0) return { path, failures };
      first ??= { path, failures };
    }
    return first as ChainResult;
  }

  private search(path: ParsedCertificate[], bag: Map<string, ParsedCertificate[]>, problems: Finding[], paths: ParsedCertificate[][]): void {
    const current = path[path.length - 1];
    if (this.store.rootHashes.has(current.sha256)) {
      paths.push(path);
      return;
    }
    if (path.length > MAX_DEPTH || paths.length >= 4) return;
    const key = hex(current.issuerDer);
    const candidates = dedupe([...(this.store.bySubject.get(key) ?? []), ...(bag.get(key) ?? [])]).filter(
      (issuer) => !path.includes(issuer) && keyIdsAgree(current, issuer),
    );
    for (const issuer of candidates) {
      if (!this.signedBy(current, issuer)) {
        problems.push({ code: 'chain-invalid', message: `signature on "${current.subjectDn}" does not verify with the key of "${issuer.subjectDn}"` });
        continue;
      }
      this.search([...path, issuer], bag, problems, paths);
    }
  }

  private signedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    const key = `${child.sha256}:${issuer.sha256}`;
    const cached = this.signatureVerdicts.get(key);
    if (cached !== undefined) return cached;
    const verdict = verifySignedStructure(child.tbs, child.signatureAlgorithm, child.signature, issuer);
    this.signatureVerdicts.set(key, verdict);
    return verdict;
  }
}

function dedupe(certs: ParsedCertificate[]): ParsedCertificate[] {
  const seen = new Set<string>();
  return certs.filter((c) => !seen.has(c.sha256) && (seen.add(c.sha256), true));
}

/** When both key identifiers are present they must match; this skips a re-keyed CA's other certificates. */
function keyIdsAgree(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return !child.authorityKeyIdHex || !issuer.subjectKeyIdHex || child.authorityKeyIdHex === issuer.subjectKeyIdHex;
}

/** Time validity of every certificate, CA-ness and pathLen of issuers, and unknown critical extensions. */
export function checkPath(path: ParsedCertificate[], at: Date): Finding[] {
  const failures: Finding[] = [];
  const time = at.getTime();
  path.forEach((cert, index) => {
    const role = index === 0 ? 'signer certificate' : `CA certificate "${cert.subjectDn}"`;
    if (time > cert.notAfter.getTime()) {
      failures.push({ code: 'certificate-expired', message: `${role} expired at ${cert.notAfter.toISOString()} (signing time ${at.toISOString()})` });
    } else if (time < cert.notBefore.getTime()) {
      failures.push({ code: 'certificate-not-yet-valid', message: `${role} is valid from ${cert.notBefore.toISOString()} (signing time ${at.toISOString()})` });
    }
    if (cert.unknownCriticalExtensions.length > 0) {
      failures.push({ code: 'chain-invalid', message: `${role} has unsupported critical extensions ${cert.unknownCriticalExtensions.join(', ')}` });
    }
    const isAnchor = index === path.length - 1;
    if (index > 0 && !isAnchor) {
      if (!cert.basicConstraints?.ca) failures.push({ code: 'chain-invalid', message: `${role} is not a CA (basicConstraints)` });
      // pathLen counts the intermediates below this one, the signer excluded.
      const below = index - 1;
      const limit = cert.basicConstraints?.pathLength;
      if (limit !== undefined && below > limit) failures.push({ code: 'chain-invalid', message: `${role} allows ${limit} intermediates below it, found ${below}` });
    }
    if (index > 0 && cert.keyUsage && !cert.keyUsage.has('keyCertSign')) {
      failures.push({ code: 'chain-invalid', message: `${role} may not sign certificates (keyUsage)` });
    }
  });
  return failures;
}
