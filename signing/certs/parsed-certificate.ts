/**
 * An X.509 certificate parsed once (pkijs for the structure) into the facts verification needs, with its
 * Node `KeyObject` ready for `crypto.verify` (or its decoded GOST key). Instances are cached by the SHA-256 of
 * their DER.
 */
import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { GOST_KEY_OIDS, type AlgorithmId } from '../crypto/algorithms';
import { gostCurveForOid, gostPublicKeyFromBytes, type GostPublicKey } from '../crypto/gost/gost-ecc';
import { childrenOf, decodeOid, expectTag, normaliseSerialHex, octets, readRoot, Tag } from '../der/der-reader';
import { DN_SHORT_NAMES, OID } from '../oids';
import {
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCrlUrls,
  decodeExtKeyUsage,
  decodeKeyUsage,
  decodeOcspUrls,
  decodeSubjectKeyId,
  KeyUsageName,
} from './extensions';

export interface NameAttribute {
  oid: string;
  value: string;
}

export interface ParsedCertificate {
  der: Uint8Array;
  /** Hex SHA-256 of the DER: the cache key and the identity used across caches. */
  sha256: string;
  serialHex: string;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  issuerDn: string;
  subjectDn: string;
  subjectAttributes: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  spkiDer: Uint8Array;
  publicKeyAlgorithmOid: string;
  /** Undefined when Node cannot load the key (GOST, unknown algorithms). */
  publicKey?: crypto.KeyObject;
  /** A GOST 34.310-2004 / 34.10-2015 key on a known parameter set; undefined for other keys. */
  gostKey?: GostPublicKey;
  /** Why a GOST-family key could not be used (unknown parameter set, point off the curve). */
  gostKeyProblem?: string;
  /** Undefined when the extension is absent. */
  keyUsage?: Set<KeyUsageName>;
  extKeyUsage?: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyIdHex?: string;
  authorityKeyIdHex?: string;
  ocspUrls: string[];
  crlUrls: string[];
  /** Critical extensions this verifier does not process; RFC 5280 says such a certificate must be refused. */
  unknownCriticalExtensions: string[];
}

/** Extensions whose semantics are either enforced here or purely informational. */
const UNDERSTOOD_EXTENSIONS = new Set<string>([
  OID.keyUsage,
  OID.extKeyUsage,
  OID.basicConstraints,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.crlDistributionPoints,
  OID.authorityInfoAccess,
  '2.5.29.32', // certificatePolicies (NCA marks policies; we do not require any)
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.9', // subjectDirectoryAttributes
  '2.5.29.16', // privateKeyUsagePeriod
  '1.3.6.1.5.5.7.48.1.5', // id-pkix-ocsp-nocheck
  '1.3.6.1.5.5.7.1.3', // qcStatements
]);

const u8 = (b: ArrayBuffer | Uint8Array): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

export function renderName(name: pkijs.RelativeDistinguishedNames): { dn: string; attributes: NameAttribute[] } {
  const attributes = name.typesAndValues.map((tv) => ({ oid: tv.type, value: String(tv.value.valueBlock.value ?? '') }));
  const dn = attributes
    .map((a) => `${DN_SHORT_NAMES.get(a.oid) ?? a.oid}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ');
  return { dn, attributes };
}

export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = pkijs.Certificate.fromBER(der);
  const issuer = renderName(cert.issuer);
  const subject = renderName(cert.subject);
  const spkiDer = u8(cert.subjectPublicKeyInfo.toSchema().toBER());
  let publicKey: crypto.KeyObject | undefined;
  let gost: { key?: GostPublicKey; problem?: string } = {};
  if (GOST_KEY_OIDS.has(cert.subjectPublicKeyInfo.algorithm.algorithmId)) {
    gost = readGostKey(spkiDer);
  } else {
    try {
      publicKey = crypto.createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
    } catch {
      publicKey = undefined;
    }
  }
  const parsed: ParsedCertificate = {
    der,
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
    serialHex: normaliseSerialHex(Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex')),
    issuerDer: u8(cert.issuer.valueBeforeDecode.byteLength ? cert.issuer.valueBeforeDecode : cert.issuer.toSchema().toBER()),
    subjectDer: u8(cert.subject.valueBeforeDecode.byteLength ? cert.subject.valueBeforeDecode : cert.subject.toSchema().toBER()),
    issuerDn: issuer.dn,
    subjectDn: subject.dn,
    subjectAttributes: subject.attributes,
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    tbs: u8(cert.tbsView),
    signatureAlgorithm: {
      oid: cert.signatureAlgorithm.algorithmId,
      params: cert.signatureAlgorithm.algorithmParams ? u8(cert.signatureAlgorithm.algorithmParams.toBER()) : undefined,
    },
    signature: u8(cert.signatureValue.valueBlock.valueHexView),
    spkiDer,
    publicKeyAlgorithmOid: cert.subjectPublicKeyInfo.algorithm.algorithmId,
    publicKey,
    ...(gost.key ? { gostKey: gost.key } : {}),
    ...(gost.problem ? { gostKeyProblem: gost.problem } : {}),
    ocspUrls: [],
    crlUrls: [],
    unknownCriticalExtensions: [],
  };
  for (const extension of cert.extensions ?? []) applyExtension(parsed, extension);
  return parsed;
}

/**
 * GOST SubjectPublicKeyInfo (RFC 4491 §2.3, NCA alike): parameters SEQUENCE { curve OID, digest-parameters OID? },
 * key BIT STRING wrapping an OCTET STRING of x‖y little-endian.
 */
function readGostKey(spkiDer: Uint8Array): { key?: GostPublicKey; problem?: string } {
  try {
    const [algorithm, bits] = childrenOf(expectTag(readRoot(spkiDer), Tag.sequence, 'SubjectPublicKeyInfo'));
    const [, params] = childrenOf(algorithm);
    if (!params || params.tag !== Tag.sequence) return { problem: 'GOST key without parameter set' };
    const curveOid = decodeOid(childrenOf(params)[0]);
    const curve = gostCurveForOid(curveOid);
    if (!curve) return { problem: `GOST parameter set ${curveOid} is not supported` };
    return { key: gostPublicKeyFromBytes(curve, octets(readRoot(octets(bits)))) };
  } catch (error) {
    return { problem: `GOST public key: ${(error as Error).message}` };
  }
}

function applyExtension(parsed: ParsedCertificate, extension: pkijs.Extension): void {
  const value = u8(extension.extnValue.valueBlock.valueHexView);
  switch (extension.extnID) {
    case OID.keyUsage:
      parsed.keyUsage = decodeKeyUsage(value);
      break;
    case OID.extKeyUsage:
      parsed.extKeyUsage = decodeExtKeyUsage(value);
      break;
    case OID.basicConstraints:
      parsed.basicConstraints = decodeBasicConstraints(value);
      break;
    case OID.subjectKeyIdentifier:
      parsed.subjectKeyIdHex = decodeSubjectKeyId(value);
      break;
    case OID.authorityKeyIdentifier:
      parsed.authorityKeyIdHex = decodeAuthorityKeyId(value);
      break;
    case OID.authorityInfoAccess:
      parsed.ocspUrls = decodeOcspUrls(value, OID.ocspAccessMethod);
      break;
    case OID.crlDistributionPoints:
      parsed.crlUrls = decodeCrlUrls(value);
      break;
    default:
      if (extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.extnID)) parsed.unknownCriticalExtensions.push(extension.extnID);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
