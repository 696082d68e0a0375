/** Decoders for the X.509 extension payloads verification relies on, read from the raw extnValue bytes. */
import { childrenOf, decodeOid, DerNode, isContext, octets, readRoot, smallInteger, Tag, TagClass } from '../der/der-reader';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

const KEY_USAGE_BITS: KeyUsageName[] = [
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

export function decodeKeyUsage(extnValue: Uint8Array): Set<KeyUsageName> {
  const node = readRoot(extnValue);
  if (node.tag !== Tag.bitString || node.value.length === 0) throw new Error('keyUsage is not a BIT STRING');
  const bits = node.value.subarray(1);
  const out = new Set<KeyUsageName>();
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bits[bit >> 3];
    if (byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0) out.add(name);
  });
  return out;
}

export function decodeExtKeyUsage(extnValue: Uint8Array): string[] {
  return childrenOf(readRoot(extnValue)).map(decodeOid);
}

export function decodeBasicConstraints(extnValue: Uint8Array): { ca: boolean; pathLength?: number } {
  let ca = false;
  let pathLength: number | undefined;
  for (const field of childrenOf(readRoot(extnValue))) {
    if (field.tag === Tag.boolean) ca = field.value[0] !== 0;
    else if (field.tag === Tag.integer) pathLength = smallInteger(field);
  }
  return { ca, pathLength };
}

export function decodeSubjectKeyId(extnValue: Uint8Array): string {
  return Buffer.from(octets(readRoot(extnValue))).toString('hex');
}

export function decodeAuthorityKeyId(extnValue: Uint8Array): string | undefined {
  const keyId = childrenOf(readRoot(extnValue)).find((f) => isContext(f, 0));
  return keyId ? Buffer.from(keyId.value).toString('hex') : undefined;
}

/** URIs ([6] IA5String GeneralNames) of the OCSP access descriptions in authorityInfoAccess. */
export function decodeOcspUrls(extnValue: Uint8Array, ocspMethodOid: string): string[] {
  const out: string[] = [];
  for (const description of childrenOf(readRoot(extnValue))) {
    const [method, location] = childrenOf(description);
    if (decodeOid(method) === ocspMethodOid && isUri(location)) out.push(Buffer.from(location.value).toString('latin1'));
  }
  return out;
}

/** URIs of the fullName distribution points in cRLDistributionPoints. */
export function decodeCrlUrls(extnValue: Uint8Array): string[] {
  const out: string[] = [];
  for (const point of childrenOf(readRoot(extnValue))) {
    const name = childrenOf(point).find((f) => isContext(f, 0));
    const fullName = name ? childrenOf(name).find((f) => isContext(f, 0)) : undefined;
    for (const general of fullName ? childrenOf(fullName) : []) {
      if (isUri(general)) out.push(Buffer.from(general.value).toString('latin1'));
    }
  }
  return out;
}

function isUri(node: DerNode | undefined): node is DerNode {
  return !!node && node.tagClass === TagClass.context && node.tagNumber === 6 && !node.constructed;
}
