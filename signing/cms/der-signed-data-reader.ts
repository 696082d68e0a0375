/** The fast path: ContentInfo → SignedData read with the strict DER walker (see der-reader.ts for why). */
import { readAlgorithmIdentifier } from '../crypto/algorithms';
import { BerFallbackError, childrenOf, decodeOid, DerError, DerNode, expectTag, integerHex, isContext, octets, octetStringContent, readRoot, Tag } from '../der/der-reader';
import { OID } from '../oids';
import type { CmsAttribute, CmsSignedData, CmsSignerInfo, SignerIdentifier } from './signed-data-model';

/** Thrown when the bytes are a well-formed ASN.1 object but not a CMS ContentInfo carrying SignedData. */
export class NotSignedDataError extends Error {
  override name = 'NotSignedDataError';
}

/** The outer ASN.1 itself is broken (truncated, bad lengths): an encoding problem, not a CMS one. */
export class MalformedEncodingError extends Error {
  override name = 'MalformedEncodingError';
}

export function readSignedDataDer(der: Uint8Array): CmsSignedData {
  let contentInfo: DerNode;
  let parts: DerNode[];
  try {
    contentInfo = readRoot(der);
    parts = contentInfo.tag === Tag.sequence ? childrenOf(contentInfo) : [];
  } catch (error) {
    if (error instanceof DerError && !(error instanceof BerFallbackError)) throw new MalformedEncodingError(error.message);
    throw error;
  }
  if (parts[0]?.tag !== Tag.oid) throw new NotSignedDataError('not a CMS ContentInfo');
  const contentType = decodeOid(parts[0]);
  if (contentType !== OID.signedData) throw new NotSignedDataError(`ContentInfo carries ${contentType}, not SignedData`);
  if (!isContext(parts[1], 0) || parts.length !== 2) throw new DerError('ContentInfo content [0] is missing');
  const signedData = expectTag(childrenOf(parts[1])[0], Tag.sequence, 'SignedData');
  return readSignedDataBody(signedData);
}

function readSignedDataBody(node: DerNode): CmsSignedData {
  const fields = childrenOf(node);
  let i = 0;
  expectTag(fields[i++], Tag.integer, 'SignedData.version');
  expectTag(fields[i++], Tag.set, 'SignedData.digestAlgorithms');
  const encap = childrenOf(expectTag(fields[i++], Tag.sequence, 'EncapsulatedContentInfo'));
  const eContentType = decodeOid(encap[0]);
  let eContent: Uint8Array | undefined;
  if (encap[1]) {
    const wrapped = isContext(encap[1], 0) ? childrenOf(encap[1]) : [];
    if (wrapped.length !== 1 || encap.length !== 2) throw new DerError('eContent must be one [0] EXPLICIT OCTET STRING');
    eContent = octetStringContent(wrapped[0]);
  }
  const certificates: Uint8Array[] = [];
  if (isContext(fields[i], 0)) {
    for (const choice of childrenOf(fields[i++])) if (choice.tag === Tag.sequence) certificates.push(choice.bytes);
  }
  if (isContext(fields[i], 1)) i += 1; // crls: revocation data comes from configured sources, not the signer.
  const signerInfos = childrenOf(expectTag(fields[i++], Tag.set, 'SignedData.signerInfos')).map(readSignerInfo);
  if (i !== fields.length) throw new DerError('unexpected fields after SignedData.signerInfos');
  return { eContentType, eContent, certificates, signerInfos, reader: 'der' };
}

function readSignerInfo(node: DerNode): CmsSignerInfo {
  const fields = childrenOf(expectTag(node, Tag.sequence, 'SignerInfo'));
  let i = 0;
  expectTag(fields[i++], Tag.integer, 'SignerInfo.version');
  const sid = readSignerIdentifier(fields[i++]);
  const digestAlgorithm = readAlgorithmIdentifier(expectTag(fields[i++], Tag.sequence, 'digestAlgorithm'));
  let signedAttrsDer: Uint8Array | undefined;
  let signedAttrs: CmsAttribute[] = [];
  if (isContext(fields[i], 0)) {
    const node0 = fields[i++];
    // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] IMPLICIT on the wire.
    signedAttrsDer = Uint8Array.from(node0.bytes);
    signedAttrsDer[0] = Tag.set;
    signedAttrs = readAttributes(node0);
  }
  const signatureAlgorithm = readAlgorithmIdentifier(expectTag(fields[i++], Tag.sequence, 'signatureAlgorithm'));
  const signature = octets(expectTag(fields[i++], Tag.octetString, 'SignerInfo.signature'));
  const unsignedAttrs = isContext(fields[i], 1) ? readAttributes(fields[i++]) : [];
  if (i !== fields.length) throw new DerError('unexpected fields in SignerInfo');
  return { sid, digestAlgorithm, signedAttrsDer, signedAttrs, signatureAlgorithm, signature, unsignedAttrs };
}

function readSignerIdentifier(node: DerNode | undefined): SignerIdentifier {
  if (isContext(node, 0)) return { kind: 'subject-key-id', keyIdHex: Buffer.from(node.value).toString('hex') };
  const [issuer, serial] = childrenOf(expectTag(node, Tag.sequence, 'IssuerAndSerialNumber'));
  return { kind: 'issuer-serial', issuerDer: expectTag(issuer, Tag.sequence, 'issuer').bytes, serialHex: integerHex(serial) };
}

function readAttributes(node: DerNode): CmsAttribute[] {
  return childrenOf(node).map((attribute) => {
    const [type, values] = childrenOf(expectTag(attribute, Tag.sequence, 'Attribute'));
    return { oid: decodeOid(type), values: childrenOf(expectTag(values, Tag.set, 'Attribute.values')).map((v) => v.bytes) };
  });
}
