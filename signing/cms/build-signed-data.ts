/**
 * Builds a CMS SignedData (pkijs for the structure, Node crypto for the signature): what a client sends, and what
 * the dev TSA wraps its TSTInfo in. Signed attributes are contentType, signingTime and messageDigest, sorted
 * in DER SET OF order: OpenSSL re-encodes them before verifying, so unsorted attributes would not verify there.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, hashOidFor, HashName } from '../crypto/algorithms';
import { SigningKey, signingSchemeFor } from '../crypto/signing-scheme';
import { oidDer, tlvOf } from '../der/der-writer';
import { LruCache } from '../lru-cache';
import { OID } from '../oids';

export interface SignerSpec {
  /** RSA/EC Node key, or a GOST key (then the hash is the key's: 34.311-95 or Streebog). */
  key: SigningKey;
  certificateDer: Uint8Array;
  /** Extra certificates for the bag (intermediates). */
  chainDers?: readonly Uint8Array[];
  /** Default: now. `null` omits the attribute. */
  signingTime?: Date | null;
  pss?: boolean;
  hash?: HashName;
  /** Adds an RFC 3161 token over the signature value as the unsigned attribute. */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array> | Uint8Array;
}

export interface BuildSignedDataInput {
  content: Uint8Array;
  eContentType?: string;
  detached: boolean;
  signers: readonly SignerSpec[];
}

// A copy into its own ArrayBuffer: a Node Buffer's `slice()` is a view, and small Buffers share an 8 KiB pool.
const ab = (u8: Uint8Array): ArrayBuffer => new Uint8Array(u8).buffer as ArrayBuffer;

/**
 * Signers' certificates parsed before, by their DER: a signer signs with the same certificate again and again (an
 * organisation's receipts and notices, a client's documents), and asn1js builds a certificate out of hundreds of
 * small objects. Only its issuer and serial number are read (for the SignerInfo), never changed, so sharing is
 * safe. A few entries are enough.
 */
const parsedCertificates = new LruCache<string, pkijs.Certificate>(16);

/** The certificate of `der`, parsed once, under `key` (the DER in base64). */
function parsedCertificate(key: string, der: Uint8Array): pkijs.Certificate {
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = pkijs.Certificate.fromBER(der);
    parsedCertificates.set(key, cert);
  }
  return cert;
}

const base64Of = (der: Uint8Array): string => Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');

export async function buildSignedData(input: BuildSignedDataInput): Promise<Uint8Array> {
  const eContentType = input.eContentType ?? OID.data;
  /** The certificate bag: each certificate's DER, once, by its base64. */
  const certificates = new Map<string, Uint8Array>();
  const signerInfos: pkijs.SignerInfo[] = [];
  const digestOids = new Set<string>();

  for (const signer of input.signers) {
    const signerKey = base64Of(signer.certificateDer);
    const cert = parsedCertificate(signerKey, signer.certificateDer);
    certificates.set(signerKey, signer.certificateDer);
    for (const der of signer.chainDers ?? []) certificates.set(base64Of(der), der);
    const scheme = signingSchemeFor(signer.key, { pss: signer.pss, hash: signer.hash });
    digestOids.add(hashOidFor(scheme.hash));
    const attributes = [
      new pkijs.Attribute({ type: OID.contentTypeAttr, values: [new asn1js.ObjectIdentifier({ value: eContentType })] }),
      new pkijs.Attribute({
        type: OID.messageDigestAttr,
        values: [new asn1js.OctetString({ valueHex: ab(digest(scheme.hash, input.content)) })],
      }),
    ];
    if (signer.signingTime !== null) {
      attributes.push(new pkijs.Attribute({ type: OID.signingTimeAttr, values: [new asn1js.UTCTime({ valueDate: signer.signingTime ?? new Date() })] }));
    }
    // DER: SET OF elements in ascending order of their encodings.
    const sorted = attributes
      .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }))
      .sort((x, y) => Buffer.compare(x.der, y.der))
      .map((x) => x.a);
    const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted });
    const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
    toSign[0] = 0x31;
    const signature = scheme.sign(toSign);
    const info = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashOidFor(scheme.hash) }),
      signedAttrs,
      signatureAlgorithm: scheme.algorithm,
      signature: new asn1js.OctetString({ valueHex: ab(signature) }),
    });
    if (signer.timestamp) {
      const token = await signer.timestamp(signature);
      info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
        type: 1,
        attributes: [new pkijs.Attribute({ type: OID.timeStampTokenAttr, values: [asn1js.fromBER(ab(token)).result] })],
      });
    }
    signerInfos.push(info);
  }

  // RFC 5652 §5.1: version 3 when the content is not id-data (e.g. a TSTInfo); every SignerInfo here is version 1.
  const version = eContentType === OID.data ? 1 : 3;
  const signedData = new pkijs.SignedData({
    version,
    digestAlgorithms: [...digestOids].map((oid) => new pkijs.AlgorithmIdentifier({ algorithmId: oid })),
    encapContentInfo: encapsulate(eContentType, input.detached ? undefined : input.content),
    signerInfos,
  });
  // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo, certificates [0] IMPLICIT, signerInfos }.
  // pkijs encodes a certificate by parsing its TBS bytes again into asn1js objects, each time: most of what a
  // signature cost. The certificates go in as the DER they came in instead; the rest is pkijs's own encoding,
  // and the bytes are the same as before (test/unit/signing/build-signed-data.test.ts).
  const fields = (signedData.toSchema(true) as asn1js.Sequence).valueBlock.value.map((field) => new Uint8Array(field.toBER()));
  if (fields.length !== 4) throw new Error(`SignedData encoded with ${fields.length} fields, expected 4`);
  const [versionDer, digestAlgorithmsDer, encapDer, signerInfosDer] = fields;
  const certificateSet = tlvOf(0xa0, [...certificates.values()]);
  const signedDataDer = tlvOf(0x30, [versionDer, digestAlgorithmsDer, encapDer, certificateSet, signerInfosDer]);
  return tlvOf(0x30, [oidDer(OID.signedData), tlvOf(0xa0, [signedDataDer])]);
}

/**
 * pkijs's constructor splits eContent into a constructed OCTET STRING of 64 KiB chunks (a BER form); assigning
 * the primitive string afterwards keeps the output DER.
 */
function encapsulate(eContentType: string, content: Uint8Array | undefined): pkijs.EncapsulatedContentInfo {
  const encap = new pkijs.EncapsulatedContentInfo({ eContentType });
  if (content) encap.eContent = new asn1js.OctetString({ valueHex: ab(content) });
  return encap;
}
