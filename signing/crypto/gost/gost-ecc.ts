/**
 * GOST elliptic-curve signatures: GOST 34.310-2004 (Kazakhstan) = GOST R 34.10-2001, and GOST 34.10-2015 =
 * GOST R 34.10-2012 with 256- and 512-bit keys. The point arithmetic is @noble/curves' audited short-Weierstrass
 * code with the GOST parameter sets plugged in; the GOST signature equations (which differ from ECDSA's) are here.
 *
 * Verification (GOST R 34.10-2012 §6.2): e = α mod q (1 when 0), v = e⁻¹, z1 = s·v, z2 = −r·v,
 * C = z1·P + z2·Q, valid iff x_C mod q = r, with 0 < r, s < q.
 */
import crypto from 'node:crypto';
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

export interface GostCurve {
  name: string;
  /** Coordinate and scalar size in bytes (32 or 64). */
  size: 32 | 64;
  q: bigint;
  Point: WeierstrassPointCons<bigint>;
}

interface CurveParams {
  name: string;
  p: bigint;
  a: bigint;
  b: bigint;
  q: bigint;
  /** Cofactor: the group order is h·q (4 for the twisted-Edwards-derived 2012 curves). */
  h: bigint;
  x: bigint;
  y: bigint;
}

function makeCurve(params: CurveParams): GostCurve {
  const size = params.p < 1n << 256n ? 32 : 64;
  const Point = weierstrass({ p: params.p, n: params.q, h: params.h, a: params.a, b: params.b, Gx: params.x, Gy: params.y });
  return { name: params.name, size, q: params.q, Point };
}

/** GOST R 34.10-2001 CryptoPro-A (RFC 4357 §11.4) = id-tc26-gost-3410-2012-256-paramSetB. */
const CRYPTOPRO_A: CurveParams = {
  name: 'GOST 34.310-2004 (CryptoPro-A)',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd94n,
  b: 0xa6n,
  q: 0xffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893n,
  h: 1n,
  x: 1n,
  y: 0x8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14n,
};

/** id-tc26-gost-3410-2012-256-paramSetA (RFC 7836 §A.2, Weierstrass form). */
const TC26_256_A: CurveParams = {
  name: 'GOST 34.10-2015 256 (paramSetA)',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97n,
  a: 0xc2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335n,
  b: 0x295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513n,
  q: 0x400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67n,
  h: 4n,
  x: 0x91e38443a5e82c0d880923425712b2bb658b9196932e02c78b2582fe742daa28n,
  y: 0x32879423ab1a0375895786c4bb46e9565fde0b5344766740af268adb32322e5cn,
};

/** id-tc26-gost-3410-12-512-paramSetA (RFC 7836 §A.1). */
const TC26_512_A: CurveParams = {
  name: 'GOST 34.10-2015 512 (paramSetA)',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc4n,
  b: 0xe8c2505dedfc86ddc1bd0b2b6667f1da34b82574761cb0e879bd081cfd0b6265ee3cb090f30d27614cb4574010da90dd862ef9d4ebee4761503190785a71c760n,
  q: 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275n,
  h: 1n,
  x: 3n,
  y: 0x7503cfe87a836ae3a61b8816e25450e6ce5e1c93acf1abc1778064fdcbefa921df1626be4fd036e93d75e6a50e3a41e98028fe5fc235f5b889a589cb5215f2a4n,
};

/** The test curves of GOST R 34.10-2012 Appendix A (RFC 7091 §A), only for the standard's worked examples. */
export const TEST_CURVE_256: GostCurve = makeCurve({
  name: 'GOST R 34.10-2012 test 256',
  p: 0x8000000000000000000000000000000000000000000000000000000000000431n,
  a: 7n,
  b: 0x5fbff498aa938ce739b8e022fbafef40563f6e6a3472fc2a514c0ce9dae23b7en,
  q: 0x8000000000000000000000000000000150fe8a1892976154c59cfc193accf5b3n,
  h: 1n,
  x: 2n,
  y: 0x08e2a8a0e65147d4bd6316030e16d19c85c97f0a9ca267122b96abbcea7e8fc8n,
});

export const TEST_CURVE_512: GostCurve = makeCurve({
  name: 'GOST R 34.10-2012 test 512',
  p: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373n,
  a: 7n,
  b: 0x1cff0806a31116da29d8cfa54e57eb748bc5f377e49400fdd788b649eca1ac4361834013b2ad7322480a89ca58e0cf74bc9e540c2add6897fad0a3084f302adcn,
  q: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15da82f2d7ecb1dbac719905c5eecc423f1d86e25edbe23c595d644aaf187e6e6dfn,
  h: 1n,
  x: 0x24d19cc64572ee30f396bf6ebbfd7a6c5213b3b3d7057cc825f91093a68cd762fd60611262cd838dc6b60aa7eee804e28bc849977fac33b4b530f1b120248a9an,
  y: 0x2bb312a43bd2ce6e0d020613c857acddcfbf061e91e5f2c3f32447c259f39b2c83ab156d77f1496bf7eb3351e1ee4e43dc1a18b91b24640b6dbb92cb1add371en,
});

const CURVES = {
  cryptoProA: makeCurve(CRYPTOPRO_A),
  tc26_256A: makeCurve(TC26_256_A),
  tc26_512A: makeCurve(TC26_512_A),
};

/**
 * Parameter-set OIDs → curves. NCA's own OIDs name the same curves as the Russian/TC26 ones (checked: the
 * NCA test CA keys lie on them and their signatures verify); the Russian OIDs are accepted too.
 */
const CURVE_BY_OID: ReadonlyMap<string, GostCurve> = new Map([
  ['1.2.398.3.10.1.1.1.1.1', CURVES.cryptoProA],
  ['1.2.643.2.2.35.1', CURVES.cryptoProA],
  ['1.2.643.7.1.2.1.1.2', CURVES.cryptoProA],
  ['1.2.398.3.10.1.1.2.1.1', CURVES.tc26_256A],
  ['1.2.643.7.1.2.1.1.1', CURVES.tc26_256A],
  ['1.2.398.3.10.1.1.2.2.1', CURVES.tc26_512A],
  ['1.2.643.7.1.2.1.2.1', CURVES.tc26_512A],
]);

export function gostCurveForOid(oid: string): GostCurve | undefined {
  return CURVE_BY_OID.get(oid);
}

export const GOST_CURVE_OIDS = { cryptoProA: '1.2.398.3.10.1.1.1.1.1', tc26_256A: '1.2.398.3.10.1.1.2.1.1', tc26_512A: '1.2.398.3.10.1.1.2.2.1' } as const;

export function gostCurve(name: keyof typeof CURVES): GostCurve {
  return CURVES[name];
}

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function invert(a: bigint, m: bigint): bigint {
  // Extended Euclid; m is prime and 0 < a < m here.
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return mod(oldS, m);
}

export const bigFromLe = (bytes: Uint8Array): bigint => bigFromBe(Uint8Array.from(bytes).reverse());
export const bigFromBe = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

export function bigToBe(value: bigint, size: number): Buffer {
  const hex = value.toString(16).padStart(size * 2, '0');
  if (hex.length > size * 2) throw new Error('value does not fit');
  return Buffer.from(hex, 'hex');
}
export const bigToLe = (value: bigint, size: number): Buffer => bigToBe(value, size).reverse();

export type GostPoint = WeierstrassPoint<bigint>;

export interface GostPublicKey {
  curve: GostCurve;
  point: GostPoint;
}

/**
 * The public key as X.509 carries it (RFC 4491 §2.3.2, and NCA alike): an OCTET STRING of x‖y, each
 * little-endian. Points off the curve or outside the prime-order subgroup are refused.
 */
export function gostPublicKeyFromBytes(curve: GostCurve, bytes: Uint8Array): GostPublicKey {
  if (bytes.length !== 2 * curve.size) throw new Error(`GOST public key of ${bytes.length} bytes for a ${curve.size * 8}-bit curve`);
  const x = bigFromLe(bytes.subarray(0, curve.size));
  const y = bigFromLe(bytes.subarray(curve.size));
  const point = curve.Point.fromAffine({ x, y });
  point.assertValidity();
  // q·P = 0, written (q − 1)·P + P because noble takes scalars below q only.
  if (point.is0() || !point.multiplyUnsafe(curve.q - 1n).add(point).is0()) throw new Error('GOST public key is not in the prime-order subgroup');
  return { curve, point };
}

export function gostPublicKeyBytes(key: GostPublicKey): Buffer {
  const { x, y } = key.point.toAffine();
  return Buffer.concat([bigToLe(x, key.curve.size), bigToLe(y, key.curve.size)]);
}

/** The digest as the integer α: GOST digests are little-endian (RFC 4491 §2.2.2, and NCA's 34.311/34.11-2015 alike). */
function digestToScalar(curve: GostCurve, digest: Uint8Array): bigint {
  const e = mod(bigFromLe(digest), curve.q);
  return e === 0n ? 1n : e;
}

/** Verifies (r, s) over a digest. */
export function gostVerifyDigest(key: GostPublicKey, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const { curve } = key;
  if (r <= 0n || r >= curve.q || s <= 0n || s >= curve.q) return false;
  const v = invert(digestToScalar(curve, digest), curve.q);
  const z1 = mod(s * v, curve.q);
  const z2 = mod(-r * v, curve.q);
  const c = curve.Point.BASE.mulAddUnsafe(z1, key.point, z2);
  if (c.is0()) return false;
  return mod(c.toAffine().x, curve.q) === r;
}

/**
 * The signature as NCA's certificates, CRLs, OCSP answers and CMS carry it: r‖s, each little-endian, 2·size
 * bytes — the byte-reverse of RFC 4491's big-endian s‖r (found on the NCA test vectors: only this order verifies).
 */
export function gostSplitSignature(curve: GostCurve, signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (signature.length !== 2 * curve.size) return undefined;
  return { r: bigFromLe(signature.subarray(0, curve.size)), s: bigFromLe(signature.subarray(curve.size)) };
}

export function gostJoinSignature(curve: GostCurve, r: bigint, s: bigint): Buffer {
  return Buffer.concat([bigToLe(r, curve.size), bigToLe(s, curve.size)]);
}

export function gostVerify(key: GostPublicKey, digest: Uint8Array, signature: Uint8Array): boolean {
  const parts = gostSplitSignature(key.curve, signature);
  return !!parts && gostVerifyDigest(key, digest, parts.r, parts.s);
}

/** Signing (GOST R 34.10-2012 §6.1), for the dev CA and tests; `k` is injectable only for the standard's examples. */
export function gostSignDigest(curve: GostCurve, privateKey: bigint, digest: Uint8Array, fixedK?: bigint): { r: bigint; s: bigint } {
  const e = digestToScalar(curve, digest);
  for (;;) {
    const k = fixedK ?? randomScalar(curve);
    const r = mod(curve.Point.BASE.multiply(k).toAffine().x, curve.q);
    if (r === 0n) continue;
    const s = mod(r * privateKey + k * e, curve.q);
    if (s === 0n) continue;
    return { r, s };
  }
}

export function gostSign(curve: GostCurve, privateKey: bigint, digest: Uint8Array): Buffer {
  const { r, s } = gostSignDigest(curve, privateKey, digest);
  return gostJoinSignature(curve, r, s);
}

export function randomScalar(curve: GostCurve): bigint {
  for (;;) {
    const d = bigFromBe(crypto.randomBytes(curve.size + 8)) % curve.q;
    if (d !== 0n) return d;
  }
}

export function gostGenerateKey(curve: GostCurve): { privateKey: bigint; publicKey: GostPublicKey } {
  const privateKey = randomScalar(curve);
  return { privateKey, publicKey: { curve, point: curve.Point.BASE.multiply(privateKey) } };
}
