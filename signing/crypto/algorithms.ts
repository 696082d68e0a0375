/**
 * Algorithm identifiers → Node crypto parameters. Node's `crypto.verify` (OpenSSL) is ~50× faster than
 * pkijs's WebCrypto round trips, and it is what this module feeds; pkijs never does the math here.
 */
import crypto from 'node:crypto';
import { childrenOf, decodeOid, DerNode, isContext, readRoot, smallInteger } from '../der/der-reader';
import { OID } from '../oids';

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface AlgorithmId {
  oid: string;
  /** The DER of the parameters, when present (NULL included). */
  params?: Uint8Array;
}

export function readAlgorithmIdentifier(node: DerNode): AlgorithmId {
  const [oidNode, params] = childrenOf(node);
  return { oid: decodeOid(oidNode), params: params?.bytes };
}

const HASH_BY_OID: ReadonlyMap<string, HashName> = new Map([
  [OID.sha1, 'sha1'],
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

const HASH_LABEL: Record<HashName, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

export function hashNameForOid(oid: string): HashName | undefined {
  return HASH_BY_OID.get(oid);
}

export function hashOidFor(hash: HashName): string {
  for (const [oid, name] of HASH_BY_OID) if (name === hash) return oid;
  throw new Error(`no OID for ${hash}`);
}

export interface SignatureScheme {
  kind: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
  hash: HashName;
  /** RSA-PSS salt length in octets. */
  saltLength?: number;
}

export type SchemeResolution = { scheme: SignatureScheme } | { unsupported: string };

const RSA_PKCS1_WITH_HASH: ReadonlyMap<string, HashName> = new Map([
  ['1.2.840.113549.1.1.5', 'sha1'],
  [OID.sha256WithRsa, 'sha256'],
  [OID.sha384WithRsa, 'sha384'],
  [OID.sha512WithRsa, 'sha512'],
]);

const ECDSA_WITH_HASH: ReadonlyMap<string, HashName> = new Map([
  [OID.ecdsaWithSha256, 'sha256'],
  [OID.ecdsaWithSha384, 'sha384'],
  [OID.ecdsaWithSha512, 'sha512'],
]);

/** True for the Kazakh GOST algorithms that only an external verifier (NCANode/Kalkan) can check. */
export function isGostAlgorithm(oid: string): boolean {
  return oid === OID.gost2004Signature || oid.startsWith(`${OID.gost2015SignaturePrefix}.`) || oid === OID.gost34311Digest;
}

/**
 * Resolves a signature AlgorithmIdentifier. CMS allows `rsaEncryption` / `id-ecPublicKey` as the signature
 * algorithm with the hash taken from the SignerInfo's digestAlgorithm, so that is passed in.
 */
export function resolveSignatureScheme(alg: AlgorithmId, digestOid?: string): SchemeResolution {
  const digest = digestOid ? hashNameForOid(digestOid) : undefined;
  const withHash = (kind: SignatureScheme['kind'], hash: HashName | undefined): SchemeResolution =>
    hash && hash !== 'sha1' ? { scheme: { kind, hash } } : { unsupported: `${alg.oid} with digest ${digestOid ?? 'none'}` };

  if (alg.oid === OID.rsaEncryption) return withHash('rsa-pkcs1', digest);
  if (alg.oid === OID.ecPublicKey) return withHash('ecdsa', digest);
  const rsaHash = RSA_PKCS1_WITH_HASH.get(alg.oid);
  if (rsaHash) return withHash('rsa-pkcs1', rsaHash);
  const ecHash = ECDSA_WITH_HASH.get(alg.oid);
  if (ecHash) return withHash('ecdsa', ecHash);
  if (alg.oid === OID.rsaPss) return resolvePss(alg);
  return { unsupported: alg.oid };
}

/** RSASSA-PSS-params (RFC 4055); Node's PSS uses MGF1 with the message hash, so a different MGF hash is refused. */
function resolvePss(alg: AlgorithmId): SchemeResolution {
  let hash: HashName | undefined = 'sha1';
  let mgfHash: HashName | undefined = 'sha1';
  let saltLength = 20;
  if (alg.params && alg.params.length > 2) {
    for (const field of childrenOf(readRoot(alg.params))) {
      const inner = childrenOf(field)[0];
      if (isContext(field, 0)) hash = hashNameForOid(readAlgorithmIdentifier(inner).oid);
      else if (isContext(field, 1)) {
        const mgf = readAlgorithmIdentifier(inner);
        mgfHash = mgf.oid === OID.mgf1 && mgf.params ? hashNameForOid(readAlgorithmIdentifier(readRoot(mgf.params)).oid) : undefined;
      } else if (isContext(field, 2)) saltLength = smallInteger(inner);
      else if (isContext(field, 3) && smallInteger(inner) !== 1) return { unsupported: 'RSA-PSS trailer field' };
    }
  }
  if (!hash || hash === 'sha1' || hash !== mgfHash || saltLength < 0) return { unsupported: 'RSA-PSS parameters' };
  return { scheme: { kind: 'rsa-pss', hash, saltLength } };
}

const CURVE_LABEL: Record<string, string> = { prime256v1: 'P256', secp384r1: 'P384' };

export function schemeLabel(scheme: SignatureScheme, key?: crypto.KeyObject): string {
  if (scheme.kind === 'rsa-pkcs1') return `RSA-PKCS1-v1_5/${HASH_LABEL[scheme.hash]}`;
  if (scheme.kind === 'rsa-pss') return `RSA-PSS/${HASH_LABEL[scheme.hash]}`;
  const curve = key?.asymmetricKeyDetails?.namedCurve;
  return `ECDSA-${(curve && CURVE_LABEL[curve]) ?? curve ?? '?'}/${HASH_LABEL[scheme.hash]}`;
}

/** Why this key cannot be used with this scheme (wrong key type, curve outside P-256/P-384, short RSA), or undefined. */
export function keyProblem(scheme: SignatureScheme, key: crypto.KeyObject, minRsaBits: number): { code: 'unsupported-algorithm' | 'weak-key'; message: string } | undefined {
  if (scheme.kind === 'ecdsa') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (key.asymmetricKeyType !== 'ec') return { code: 'unsupported-algorithm', message: `ECDSA signature with a ${key.asymmetricKeyType} key` };
    if (!curve || !CURVE_LABEL[curve]) return { code: 'unsupported-algorithm', message: `curve ${curve} is not P-256/P-384` };
    return undefined;
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') {
    return { code: 'unsupported-algorithm', message: `RSA signature with a ${key.asymmetricKeyType} key` };
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minRsaBits) return { code: 'weak-key', message: `RSA key of ${bits} bits (minimum ${minRsaBits})` };
  return undefined;
}

export function verifyWithScheme(scheme: SignatureScheme, key: crypto.KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (scheme.kind === 'rsa-pss') {
      return crypto.verify(scheme.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength }, signature);
    }
    if (scheme.kind === 'rsa-pkcs1') {
      return crypto.verify(scheme.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    }
    return crypto.verify(scheme.hash, data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // OpenSSL throws on malformed signatures (e.g. a bad ECDSA DER); that is a failed verification, not a crash.
    return false;
  }
}

/** Verifies a signed X.509-style structure (certificate, CRL, OCSP response): tbs bytes, algorithm, signature. */
export function verifySignedStructure(tbs: Uint8Array, alg: AlgorithmId, signature: Uint8Array, key: crypto.KeyObject): boolean {
  let resolved: SchemeResolution;
  try {
    resolved = resolveSignatureScheme(alg);
  } catch {
    return false; // malformed RSA-PSS parameters in a certificate or CRL: it simply does not verify
  }
  return 'scheme' in resolved && verifyWithScheme(resolved.scheme, key, tbs, signature);
}

export function digest(hash: HashName, data: Uint8Array): Buffer {
  return crypto.createHash(hash).update(data).digest();
}
