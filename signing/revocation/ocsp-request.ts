/** Builds an OCSP request (RFC 6960) for one certificate with pkijs; CertID hashes are SHA-1, as responders expect. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { childrenOf, expectTag, octets, readRoot, Tag } from '../der/der-reader';
import { OID } from '../oids';
import type { ParsedCertificate } from '../certs/parsed-certificate';
import { digest, type HashName } from '../crypto/algorithms';

export interface CertIdValues {
  issuerNameHash: string;
  issuerKeyHash: string;
  serialHex: string;
}

/** The issuer's public key BIT STRING contents: what issuerKeyHash and byKey responder IDs hash. */
export function subjectPublicKeyBits(cert: ParsedCertificate): Uint8Array {
  const [, bits] = childrenOf(expectTag(readRoot(cert.spkiDer), Tag.sequence, 'SubjectPublicKeyInfo'));
  return octets(bits);
}

export function certIdFor(cert: ParsedCertificate, issuer: ParsedCertificate, hash: HashName = 'sha1'): CertIdValues {
  return {
    issuerNameHash: digest(hash, issuer.subjectDer).toString('hex'),
    issuerKeyHash: digest(hash, subjectPublicKeyBits(issuer)).toString('hex'),
    serialHex: cert.serialHex,
  };
}

/** INTEGER content octets for a positive serial: a leading 00 when the top bit is set. */
export function serialBytes(serialHex: string): Uint8Array {
  const bytes = Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex');
  return bytes[0] & 0x80 ? Uint8Array.from([0, ...bytes]) : new Uint8Array(bytes);
}

export function buildOcspRequest(cert: ParsedCertificate, issuer: ParsedCertificate, nonce?: Uint8Array): Uint8Array {
  const id = certIdFor(cert, issuer);
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: Buffer.from(id.issuerNameHash, 'hex') }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: Buffer.from(id.issuerKeyHash, 'hex') }),
    serialNumber: new asn1js.Integer({ valueHex: serialBytes(id.serialHex) }),
  });
  const tbsRequest = new pkijs.TBSRequest({ requestList: [new pkijs.Request({ reqCert: certId })] });
  if (nonce) {
    tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: OID.ocspNonce, critical: false, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
    ];
  }
  return new Uint8Array(new pkijs.OCSPRequest({ tbsRequest }).toSchema(true).toBER());
}
