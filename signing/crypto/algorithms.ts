/**
 * Algorithm identifiers → verification. RSA and ECDSA go to Node's `crypto.verify` (OpenSSL), ~50× faster than
 * pkijs's WebCrypto round trips; pkijs never does the math here. The Kazakh GOST algorithms, which OpenSSL does
 * not have, go to ./gost (own hash code, @noble/curves point arithmetic).
 */
import crypto from 'node:crypto';
import { childrenOf, decodeOid, DerNode, isContext, readRoot, smallInteger } from '../der/der-reader';
import { OID } from '../oids';
import { GostPublicKey, gostVerify } from './gost/gost-ecc';
import { gost34311 } from './gost/gost34311';
import { streebog256, streebog512 } from './gost/streebog';

export type NodeHashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type GostHashName = 'gost34311' | 'streebog256' | 'streebog512';
export type HashName = NodeHashName | GostHashName;

/** A certificate's verification key: a Node key (RSA, EC) or a GOST key; a certificate has at most one. */
export interface VerificationKey {
  publicKey?: crypto.KeyObject;
  gostKey?: GostPublicKey;
  /** Why a GOST-family key could not be decoded (unknown parameter set, point off the curve). */
  gostKeyProblem?: string;
}

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
  [OID.gost34311Digest, 'gost34311'],
  [OID.gost2015Digest256, 'streebog256'],
  [OID.gost2015Digest512, 'streebog512'],
]);

const HASH_LABEL: Record<HashName, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  gost34311: 'GOST 34.311-95',
  streebog256: 'GOST 34.11-2015 (Streebog-256)',
  streebog512: 'GOST 34.11-2015 (Streebog-512)',
};

export const isGostHash = (hash: HashName): hash is GostHashName => hash === 'gost34311' || hash === 'streebog256' || hash === 'streebog512';

export function hashNameForOid(oid: string): HashName | undefined {
  return HASH_BY_OID.get(oid);
}

export function hashOidFor(hash: HashName): string {
  for (const [oid, name] of HASH_BY_OID) if (name === hash) return oid;
  throw new Error(`no OID for ${hash}`);
}

export interface SignatureScheme {
  kind: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'gost';
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

/** GOST signature algorithms → their hash (the signature OID fixes it; the key size must match, see keyProblem). */
const GOST_WITH_HASH: ReadonlyMap<string, GostHashName> = new Map([
  [OID.gost2004Signature, 'gost34311'],
  [OID.gost2015Signature256, 'streebog256'],
  [OID.gost2015Signature512, 'streebog512'],
]);

/** GOST public-key OIDs; CMS signers may name the key algorithm as the signature algorithm, the digest then says the hash. */
export const GOST_KEY_OIDS: ReadonlySet<string> = new Set([OID.gost2004PublicKey, OID.gost2015PublicKey256, OID.gost2015PublicKey512]);

/** True for every Kazakh GOST OID (the supported ones and variants such as the 384-bit 2004 curve). */
export function isGostAlgorithm(oid: string): boolean {
  return oid.startsWith(`${OID.gostFamilyPrefix}.`);
}

/**
 * Resolves a signature AlgorithmIdentifier. CMS allows `rsaEncryption` / `id-ecPublicKey` as the signature
 * algorithm with the hash taken from the SignerInfo's digestAlgorithm, so that is passed in.
 */
export function resolveSignatureScheme(alg: AlgorithmId, digestOid?: string): SchemeResolution {
  const digest = digestOid ? hashNameForOid(digestOid) : undefined;
  const withHash = (kind: SignatureScheme['kind'], hash: HashName | undefined): SchemeResolution =>
    hash && hash !== 'sha1' && !isGostHash(hash) ? { scheme: { kind, hash } } : { unsupported: `${alg.oid} with digest ${digestOid ?? 'none'}` };

  if (alg.oid === OID.rsaEncryption) return withHash('rsa-pkcs1', digest);
  if (alg.oid === OID.ecPublicKey) return withHash('ecdsa', digest);
  const rsaHash = RSA_PKCS1_WITH_HASH.get(alg.oid);
  if (rsaHash) return withHash('rsa-pkcs1', rsaHash);
  const ecHash = ECDSA_WITH_HASH.get(alg.oid);
  if (ecHash) return withHash('ecdsa', ecHash);
  if (alg.oid === OID.rsaPss) return resolvePss(alg);
  const gostHash = GOST_WITH_HASH.get(alg.oid);
  if (gostHash) return digestOid && digest !== gostHash ? { unsupported: `${alg.oid} with digest ${digestOid}` } : { scheme: { kind: 'gost', hash: gostHash } };
  if (GOST_KEY_OIDS.has(alg.oid)) return digest && isGostHash(digest) ? { scheme: { kind: 'gost', hash: digest } } : { unsupported: `${alg.oid} with digest ${digestOid ?? 'none'}` };
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

const GOST_LABEL: Record<GostHashName, string> = {
  gost34311: 'GOST 34.310-2004/GOST 34.311-95',
  streebog256: 'GOST 34.10-2015-256/Streebog-256',
  streebog512: 'GOST 34.10-2015-512/Streebog-512',
};

export function schemeLabel(scheme: SignatureScheme, holder?: VerificationKey): string {
  const key = holder?.publicKey;
  if (scheme.kind === 'gost') return GOST_LABEL[scheme.hash as GostHashName];
  if (scheme.kind === 'rsa-pkcs1') return `RSA-PKCS1-v1_5/${HASH_LABEL[scheme.hash]}`;
  if (scheme.kind === 'rsa-pss') return `RSA-PSS/${HASH_LABEL[scheme.hash]}`;
  const curve = key?.asymmetricKeyDetails?.namedCurve;
  return `ECDSA-${(curve && CURVE_LABEL[curve]) ?? curve ?? '?'}/${HASH_LABEL[scheme.hash]}`;
}

/** Why this key cannot be used with this scheme (wrong key type, curve outside P-256/P-384, short RSA), or undefined. */
export function keyProblem(scheme: SignatureScheme, holder: VerificationKey, minRsaBits: number): { code: 'unsupported-algorithm' | 'weak-key'; message: string } | undefined {
  if (scheme.kind === 'gost') {
    if (!holder.gostKey) return { code: 'unsupported-algorithm', message: `GOST signature with a key that is not a supported GOST key${holder.gostKeyProblem ? ` (${holder.gostKeyProblem})` : ''}` };
    // 34.311-95 and Streebog-256 go with 256-bit keys, Streebog-512 with 512-bit keys (a mixed pair is a forgery attempt or an error).
    const wanted = scheme.hash === 'streebog512' ? 64 : 32;
    if (holder.gostKey.curve.size !== wanted) return { code: 'unsupported-algorithm', message: `${HASH_LABEL[scheme.hash]} with a ${holder.gostKey.curve.size * 8}-bit GOST key` };
    return undefined;
  }
  const key = holder.publicKey;
  if (!key) return { code: 'unsupported-algorithm', message: 'the certificate key is not an RSA or EC key' };
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

export function verifyWithScheme(scheme: SignatureScheme, holder: VerificationKey, data: Uint8Array, signature: Uint8Array): boolean {
  if (scheme.kind === 'gost') {
    if (!holder.gostKey || keyProblem(scheme, holder, 0)) return false;
    return gostVerify(holder.gostKey, digest(scheme.hash, data), signature);
  }
  const key = holder.publicKey;
  if (!key) return false;
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
export function verifySignedStructure(tbs: Uint8Array, alg: AlgorithmId, signature: Uint8Array, key: VerificationKey): boolean {
  let resolved: SchemeResolution;
  try {
    resolved = resolveSignatureScheme(alg);
  } catch {
    return false; // malformed RSA-PSS parameters in a certificate or CRL: it simply does not verify
  }
  return 'scheme' in resolved && verifyWithScheme(resolved.scheme, key, tbs, signature);
}

export function digest(hash: HashName, data: Uint8Array): Buffer {
  switch (hash) {
    case 'gost34311':
      return gost34311(data);
    case 'streebog256':
      return streebog256(data);
    case 'streebog512':
      return streebog512(data);
    default:
      return crypto.createHash(hash).update(data).digest();
  }
}
