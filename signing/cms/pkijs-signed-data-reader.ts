/**
 * The fallback: pkijs parses what the DER walker declined (BER indefinite lengths, constructed OCTET STRINGs,
 * as produced by streaming encoders such as `openssl cms -stream`). Slow (~4 ms) but complete.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DerError, normaliseSerialHex } from '../der/der-reader';
import { OID } from '../oids';
import { MalformedEncodingError, NotSignedDataError } from './der-signed-data-reader';
import type { CmsAttribute, CmsSignedData, CmsSignerInfo, SignerIdentifier } from './signed-data-model';
import type { AlgorithmId } from '../crypto/algorithms';

const view = (buffer: ArrayBuffer | ArrayBufferView): Uint8Array =>
  buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export function readSignedDataPkijs(der: Uint8Array): CmsSignedData {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.length) throw new MalformedEncodingError(`BER: ${asn1.result.error || 'trailing bytes'}`);
  let contentInfo: pkijs.ContentInfo;
  try {
    contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  } catch {
    throw new NotSignedDataError('not a CMS ContentInfo');
  }
  if (contentInfo.contentType !== OID.signedData) throw new NotSignedDataError(`ContentInfo carries ${contentInfo.contentType}, not SignedData`);
  let signedData: pkijs.SignedData;
  try {
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    throw new DerError(`SignedData: ${(error as Error).message}`);
  }
  const eContent = signedData.encapContentInfo.eContent;
  return {
    eContentType: signedData.encapContentInfo.eContentType,
    eContent: eContent ? view(eContent.getValue()) : undefined,
    certificates: (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => view(c.toSchema().toBER())),
    signerInfos: signedData.signerInfos.map(toSignerInfo),
    reader: 'pkijs',
  };
}

function toSignerInfo(info: pkijs.SignerInfo): CmsSignerInfo {
  return {
    sid: toSid(info.sid),
    digestAlgorithm: toAlgorithm(info.digestAlgorithm),
    // pkijs keeps the original encoding and already re-tags it as SET (0x31).
    signedAttrsDer: info.signedAttrs ? Uint8Array.from(view(info.signedAttrs.encodedValue)) : undefined,
    signedAttrs: info.signedAttrs ? toAttributes(info.signedAttrs) : [],
    signatureAlgorithm: toAlgorithm(info.signatureAlgorithm),
    signature: view(info.signature.getValue()),
    unsignedAttrs: info.unsignedAttrs ? toAttributes(info.unsignedAttrs) : [],
  };
}

function toSid(sid: unknown): SignerIdentifier {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return {
      kind: 'issuer-serial',
      issuerDer: view(sid.issuer.toSchema().toBER()),
      serialHex: normaliseSerialHex(Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString('hex')),
    };
  }
  const raw = sid as asn1js.Primitive;
  return { kind: 'subject-key-id', keyIdHex: Buffer.from(raw.valueBlock.valueHexView).toString('hex') };
}

function toAlgorithm(alg: pkijs.AlgorithmIdentifier): AlgorithmId {
  return { oid: alg.algorithmId, params: alg.algorithmParams ? view(alg.algorithmParams.toBER()) : undefined };
}

function toAttributes(attrs: pkijs.SignedAndUnsignedAttributes): CmsAttribute[] {
  return attrs.attributes.map((a) => ({ oid: a.type, values: a.values.map((v: asn1js.AsnType) => view(v.toBER())) }));
}
