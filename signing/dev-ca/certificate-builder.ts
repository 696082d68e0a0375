/**
 * Development/test PKI only (never used by verification): issues X.509 certificates with pkijs, signed with
 * Node crypto (or the GOST code for GOST keys), in the shape NCA (pki.gov.kz) uses.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { generateGostKey, gostPrivateKeyPem } from '../crypto/gost/gost-keys';
import { isGostKey, SigningKey, signingSchemeFor, spkiDerOf } from '../crypto/signing-scheme';
import { OID } from '../oids';
import { derToPem } from '../pem';
import { normaliseSerialHex } from '../der/der-reader';
import type { KeyUsageName } from '../certs/extensions';

export interface NameAttributeSpec {
  oid: string;
  value: string;
  /** PrintableString for C and SERIALNUMBER (as NCA does), UTF8String otherwise. */
  printable?: boolean;
}

export interface Credential {
  /** A Node key for RSA/EC credentials, a GOST key for GOST ones. */
  privateKey: SigningKey;
  keyPem: string;
  certDer: Uint8Array;
  certPem: string;
  serialHex: string;
  subject: NameAttributeSpec[];
}

export interface CertificateSpec {
  subject: NameAttributeSpec[];
  /** The subject's key (a private key stands for its public half). */
  publicKey: SigningKey;
  /** Omit for a self-signed certificate (then `signingKey` is its own key). */
  issuer?: Credential;
  signingKey: SigningKey;
  notBefore: Date;
  notAfter: Date;
  ca?: { pathLength?: number };
  keyUsage: KeyUsageName[];
  extKeyUsage?: string[];
  ocspUrl?: string;
  crlUrl?: string;
  serialHex?: string;
}

const KEY_USAGE_ORDER: KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/**
 * One attribute per RDN, as NCA writes names. (pkijs's own encoder puts all attributes into a single multi-valued
 * RDN, "CN=…+O=…", which no CA does; decoding our bytes makes pkijs keep and reuse them.)
 */
export function buildName(attributes: NameAttributeSpec[]): pkijs.RelativeDistinguishedNames {
  const rdns = attributes.map(
    (a) =>
      new asn1js.Set({
        value: [
          new pkijs.AttributeTypeAndValue({
            type: a.oid,
            value: a.printable || a.oid === OID.country || a.oid === OID.serialNumber ? new asn1js.PrintableString({ value: a.value }) : new asn1js.Utf8String({ value: a.value }),
          }).toSchema(),
        ],
      }),
  );
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER());
}

function keyUsageBits(usages: KeyUsageName[]): asn1js.BitString {
  const bytes = new Uint8Array(2);
  let highest = 0;
  for (const usage of usages) {
    const bit = KEY_USAGE_ORDER.indexOf(usage);
    bytes[bit >> 3] |= 0x80 >> (bit & 7);
    highest = Math.max(highest, bit);
  }
  const length = highest >= 8 ? 2 : 1;
  const used = bytes.slice(0, length);
  // DER: unused trailing bits of the last octet are declared.
  let unused = 0;
  while (unused < 7 && (used[length - 1] & (1 << unused)) === 0) unused += 1;
  return new asn1js.BitString({ valueHex: used, unusedBits: unused });
}

function keyId(key: SigningKey): ArrayBuffer {
  const info = pkijs.PublicKeyInfo.fromBER(spkiDerOf(key));
  return crypto.createHash('sha1').update(new Uint8Array(info.subjectPublicKey.valueBlock.valueHexView)).digest().buffer as ArrayBuffer;
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER() });
}

export interface IssuedCertificate {
  certDer: Uint8Array;
  certPem: string;
  serialHex: string;
}

/** A random positive 128-bit serial without a leading zero octet. */
function randomSerialHex(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x10;
  return bytes.toString('hex');
}

export function issueCertificate(spec: CertificateSpec): IssuedCertificate {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serialHex = spec.serialHex ?? randomSerialHex();
  cert.serialNumber = new asn1js.Integer({ valueHex: Buffer.from(serialHex, 'hex') });
  cert.subject = buildName(spec.subject);
  cert.issuer = spec.issuer ? pkijs.Certificate.fromBER(spec.issuer.certDer).subject : buildName(spec.subject);
  cert.notBefore = new pkijs.Time({ type: spec.notBefore.getUTCFullYear() < 2050 ? 0 : 1, value: spec.notBefore });
  cert.notAfter = new pkijs.Time({ type: spec.notAfter.getUTCFullYear() < 2050 ? 0 : 1, value: spec.notAfter });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(spkiDerOf(spec.publicKey));

  const issuerKey = spec.issuer ? spec.issuer.privateKey : spec.publicKey;
  const extensions = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: !!spec.ca, ...(spec.ca?.pathLength !== undefined ? { pathLenConstraint: spec.ca.pathLength } : {}) }).toSchema()),
    extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: keyId(spec.publicKey) })),
    extension(OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId(issuerKey) }) }).toSchema()),
  ];
  if (spec.extKeyUsage?.length) extensions.push(extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: spec.extKeyUsage }).toSchema()));
  if (spec.ocspUrl) {
    extensions.push(
      extension(
        OID.authorityInfoAccess,
        false,
        new pkijs.InfoAccess({
          accessDescriptions: [new pkijs.AccessDescription({ accessMethod: OID.ocspAccessMethod, accessLocation: new pkijs.GeneralName({ type: 6, value: spec.ocspUrl }) })],
        }).toSchema(),
      ),
    );
  }
  if (spec.crlUrl) {
    extensions.push(
      extension(
        OID.crlDistributionPoints,
        false,
        new pkijs.CRLDistributionPoints({
          distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [new pkijs.GeneralName({ type: 6, value: spec.crlUrl })] })],
        }).toSchema(),
      ),
    );
  }
  cert.extensions = extensions;

  const scheme = signingSchemeFor(spec.signingKey);
  cert.signature = scheme.algorithm;
  cert.signatureAlgorithm = scheme.algorithm;
  const tbs = new Uint8Array(cert.encodeTBS().toBER());
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: scheme.sign(tbs) });
  const certDer = new Uint8Array(cert.toSchema().toBER());
  return { certDer, certPem: derToPem(certDer, 'CERTIFICATE'), serialHex: normaliseSerialHex(serialHex) };
}

/** RSA-2048, ECDSA P-256, GOST 34.310-2004 (256-bit, 34.311-95) or GOST 34.10-2015 with a 512-bit key (Streebog-512), as NCA issues. */
export type DevKeyType = 'rsa' | 'ec' | 'gost2004' | 'gost2015';

export function generateKeyPair(keyType: DevKeyType): { privateKey: SigningKey; publicKey: SigningKey } {
  if (keyType === 'gost2004' || keyType === 'gost2015') {
    const key = generateGostKey(keyType === 'gost2004' ? 'gost2004' : 'gost2015-512');
    return { privateKey: key, publicKey: key };
  }
  return keyType === 'rsa'
    ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

export function privateKeyPem(key: SigningKey): string {
  return isGostKey(key) ? gostPrivateKeyPem(key) : key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Issues a certificate for a fresh key pair and returns the complete credential. */
export function issueWithNewKey(keyType: DevKeyType, spec: Omit<CertificateSpec, 'publicKey' | 'signingKey'>): Credential {
  const { privateKey, publicKey } = generateKeyPair(keyType);
  const issued = issueCertificate({ ...spec, publicKey, signingKey: spec.issuer?.privateKey ?? privateKey });
  return {
    privateKey,
    keyPem: privateKeyPem(privateKey),
    certDer: issued.certDer,
    certPem: issued.certPem,
    serialHex: issued.serialHex,
    subject: spec.subject,
  };
}
