/**
 * GOST key material for the dev CA and tests (verification never needs private keys): the three NCA profiles,
 * their OIDs, SubjectPublicKeyInfo encoding, and a PKCS#8-style PEM so a GOST key can live in a file beside its
 * certificate like the RSA/EC ones.
 */
import { OID } from '../../oids';
import { childrenOf, decodeOid, expectTag, octets, readRoot, Tag } from '../../der/der-reader';
import { oidDer, sequence, smallIntegerDer, tlv } from '../../der/der-writer';
import { derToPem, pemToDerList } from '../../pem';
import type { GostHashName } from '../algorithms';
import { bigFromLe, bigToLe, GOST_CURVE_OIDS, GostCurve, gostCurveForOid, gostGenerateKey, gostPublicKeyBytes, GostPublicKey } from './gost-ecc';

export type GostAlgorithm = 'gost2004' | 'gost2015-256' | 'gost2015-512';

export interface GostProfile {
  algorithm: GostAlgorithm;
  keyOid: string;
  signatureOid: string;
  curveOid: string;
  /** Second OID of the key parameters: the digest (parameter set) the key is used with. */
  digestParamOid: string;
  hash: GostHashName;
}

export const GOST_PROFILES: Record<GostAlgorithm, GostProfile> = {
  gost2004: {
    algorithm: 'gost2004',
    keyOid: OID.gost2004PublicKey,
    signatureOid: OID.gost2004Signature,
    curveOid: GOST_CURVE_OIDS.cryptoProA,
    digestParamOid: OID.gost34311ParamSet,
    hash: 'gost34311',
  },
  'gost2015-256': {
    algorithm: 'gost2015-256',
    keyOid: OID.gost2015PublicKey256,
    signatureOid: OID.gost2015Signature256,
    curveOid: GOST_CURVE_OIDS.tc26_256A,
    digestParamOid: OID.gost2015Digest256,
    hash: 'streebog256',
  },
  'gost2015-512': {
    algorithm: 'gost2015-512',
    keyOid: OID.gost2015PublicKey512,
    signatureOid: OID.gost2015Signature512,
    curveOid: GOST_CURVE_OIDS.tc26_512A,
    digestParamOid: OID.gost2015Digest512,
    hash: 'streebog512',
  },
};

export interface GostPrivateKey {
  kind: 'gost';
  profile: GostProfile;
  d: bigint;
  publicKey: GostPublicKey;
}

function curveOf(profile: GostProfile): GostCurve {
  const curve = gostCurveForOid(profile.curveOid);
  if (!curve) throw new Error(`no curve for ${profile.curveOid}`);
  return curve;
}

export function generateGostKey(algorithm: GostAlgorithm): GostPrivateKey {
  const profile = GOST_PROFILES[algorithm];
  const { privateKey, publicKey } = gostGenerateKey(curveOf(profile));
  return { kind: 'gost', profile, d: privateKey, publicKey };
}

const keyParameters = (profile: GostProfile): Uint8Array => sequence(oidDer(profile.curveOid), oidDer(profile.digestParamOid));

/** SubjectPublicKeyInfo as NCA writes it: key OID + (curve, digest parameters), BIT STRING { OCTET STRING x‖y LE }. */
export function gostSpkiDer(key: GostPrivateKey): Uint8Array {
  const point = tlv(Tag.octetString, gostPublicKeyBytes(key.publicKey));
  return sequence(sequence(oidDer(key.profile.keyOid), keyParameters(key.profile)), tlv(Tag.bitString, Uint8Array.from([0, ...point])));
}

/** PKCS#8 PrivateKeyInfo with the private scalar as a little-endian OCTET STRING (the CryptoPro/OpenSSL-engine form). */
export function gostPrivateKeyPem(key: GostPrivateKey): string {
  const scalar = tlv(Tag.octetString, bigToLe(key.d, key.publicKey.curve.size));
  const der = sequence(smallIntegerDer(0), sequence(oidDer(key.profile.keyOid), keyParameters(key.profile)), tlv(Tag.octetString, scalar));
  return derToPem(der, 'PRIVATE KEY');
}

/** Reads a PEM written by gostPrivateKeyPem; undefined when the PEM holds another kind of key. */
export function gostPrivateKeyFromPem(pem: string): GostPrivateKey | undefined {
  const [der] = pemToDerList(pem, ['PRIVATE KEY']);
  if (!der) return undefined;
  const [, algorithm, wrapped] = childrenOf(expectTag(readRoot(der), Tag.sequence, 'PrivateKeyInfo'));
  const [keyOid, params] = childrenOf(algorithm);
  const profile = Object.values(GOST_PROFILES).find((p) => p.keyOid === decodeOid(keyOid));
  if (!profile || !params) return undefined;
  const curveOid = decodeOid(childrenOf(params)[0]);
  const matching = Object.values(GOST_PROFILES).find((p) => p.keyOid === profile.keyOid && p.curveOid === curveOid) ?? profile;
  const curve = curveOf(matching);
  const d = bigFromLe(octets(readRoot(octets(wrapped))));
  return { kind: 'gost', profile: matching, d, publicKey: { curve, point: curve.Point.BASE.multiply(d) } };
}
