/**
 * A CRL parsed once into a serial → revocation time map. NCA's CRLs hold hundreds of thousands of entries:
 * pkijs would build an object tree per entry (and asn1js 4 refuses more than 10 000 nodes by default), and a
 * linear scan per lookup costs milliseconds, so the entries are walked once with the DER reader and indexed.
 */
import crypto from 'node:crypto';
import { AlgorithmId, readAlgorithmIdentifier, verifySignedStructure } from '../crypto/algorithms';
import { childrenOf, decodeOid, decodeTime, DerNode, expectTag, integerHex, isContext, octets, readRoot, smallInteger, Tag } from '../der/der-reader';
import { OID } from '../oids';
import { pemToDerList } from '../pem';
import type { ParsedCertificate } from '../certs/parsed-certificate';

/** CRL reason removeFromCRL: only meaningful in delta CRLs, which are not used here. */
const REMOVE_FROM_CRL = 8;
/** CRL reason certificateHold: the only revocation a CA may take back, so the only one that needs a current list. */
export const CERTIFICATE_HOLD = 6;

export interface CrlIndex {
  sha256: string;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Normalised serial hex → revocation time (ms since epoch). */
  revoked: ReadonlyMap<string, number>;
  /** Serials listed with reason certificateHold (a subset of `revoked`). */
  onHold: ReadonlySet<string>;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmId;
  signature: Uint8Array;
  /** Issuer certificates (by sha256) whose key verified this CRL's signature. */
  verifiedBy: Set<string>;
}

export function crlDerFrom(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string') return input;
  const [der] = pemToDerList(input, ['X509 CRL']);
  if (!der) throw new Error('no "X509 CRL" PEM block');
  return der;
}

export function buildCrlIndex(der: Uint8Array): CrlIndex {
  const [tbsNode, algNode, sigNode] = childrenOf(expectTag(readRoot(der), Tag.sequence, 'CertificateList'));
  const fields = childrenOf(expectTag(tbsNode, Tag.sequence, 'TBSCertList'));
  let i = 0;
  if (fields[i]?.tag === Tag.integer) i += 1;
  i += 1; // inner signature algorithm; the outer one is what the signature uses
  const issuerDer = expectTag(fields[i++], Tag.sequence, 'CRL issuer').bytes;
  const thisUpdate = decodeTime(fields[i++]);
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i].tag === Tag.utcTime || fields[i].tag === Tag.generalizedTime)) nextUpdate = decodeTime(fields[i++]);
  const revoked = new Map<string, number>();
  const onHold = new Set<string>();
  if (fields[i]?.tag === Tag.sequence) indexEntries(fields[i++], revoked, onHold);
  if (fields[i] && !isContext(fields[i], 0)) throw new Error('unexpected field in TBSCertList');
  return {
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
    issuerDer: Uint8Array.from(issuerDer),
    thisUpdate,
    nextUpdate,
    revoked,
    onHold,
    tbs: Uint8Array.from(tbsNode.bytes),
    signatureAlgorithm: readAlgorithmIdentifier(algNode),
    signature: Uint8Array.from(octets(sigNode)),
    verifiedBy: new Set(),
  };
}

function indexEntries(list: DerNode, into: Map<string, number>, onHold: Set<string>): void {
  for (const entry of childrenOf(list)) {
    const [serial, date, extensions] = childrenOf(entry);
    const reason = extensions ? reasonCode(extensions) : undefined;
    if (reason === REMOVE_FROM_CRL) continue;
    const serialHex = integerHex(serial);
    into.set(serialHex, decodeTime(date).getTime());
    if (reason === CERTIFICATE_HOLD) onHold.add(serialHex);
  }
}

function reasonCode(extensions: DerNode): number | undefined {
  for (const extension of childrenOf(extensions)) {
    const parts = childrenOf(extension);
    if (decodeOid(parts[0]) === OID.crlReason) return smallInteger(readRoot(octets(parts[parts.length - 1])));
  }
  return undefined;
}

/** Checks (once per issuer certificate) that `issuer` signed this CRL. */
export function crlSignedBy(index: CrlIndex, issuer: ParsedCertificate): boolean {
  if (index.verifiedBy.has(issuer.sha256)) return true;
  if (Buffer.compare(index.issuerDer, issuer.subjectDer) !== 0) return false;
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return false;
  const ok = verifySignedStructure(index.tbs, index.signatureAlgorithm, index.signature, issuer);
  if (ok) index.verifiedBy.add(issuer.sha256);
  return ok;
}
