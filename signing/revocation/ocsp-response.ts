/**
 * Checks an OCSP response the way pkijs does not: the responder's signature (Node crypto), the responder's
 * authority (the issuing CA itself, a delegated responder certified by that CA with id-kp-OCSPSigning, or a
 * locally trusted responder), the CertID, the nonce, and thisUpdate/nextUpdate freshness.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashNameForOid, verifySignedStructure } from '../crypto/algorithms';
import { childrenOf, decodeTime, isContext, normaliseSerialHex, octets, readRoot, smallInteger } from '../der/der-reader';
import { OID } from '../oids';
import type { CertificateCache } from '../certs/certificate-cache';
import { ParsedCertificate, sameBytes } from '../certs/parsed-certificate';
import { CERTIFICATE_HOLD } from './crl-index';
import { certIdFor, subjectPublicKeyBits } from './ocsp-request';
import type { RevocationAnswer } from './revocation-source';

export interface OcspCheckOptions {
  certificate: ParsedCertificate;
  issuer: ParsedCertificate;
  now: Date;
  nonce?: Uint8Array;
  /** Accepted age of a response without nextUpdate. */
  maxAgeMs: number;
  clockSkewMs: number;
  trustedResponders: readonly ParsedCertificate[];
  certificateCache: CertificateCache;
}

class OcspInvalid extends Error {}
/**
 * An authentic response (right responder, signature verifies, our certificate, our nonce) that is simply past its
 * window. It is treated as a stale CRL is: no current evidence, so "revocation unknown" and the policy decides;
 * never refused as forged evidence, which an authentic old answer is not.
 */
class OcspStale extends Error {}

const u8 = (b: ArrayBuffer | Uint8Array): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));
const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(u8(b)).toString('hex');

export function checkOcspResponse(der: Uint8Array, options: OcspCheckOptions): RevocationAnswer {
  try {
    return evaluate(der, options);
  } catch (error) {
    if (error instanceof OcspStale) return { status: 'unknown', source: 'ocsp', checkedAt: options.now, problem: { code: 'ocsp-stale', message: error.message } };
    const message = error instanceof OcspInvalid ? error.message : `unparseable OCSP response: ${(error as Error).message}`;
    return { status: 'unknown', source: 'ocsp', checkedAt: options.now, problem: { code: 'ocsp-response-invalid', message } };
  }
}

function evaluate(der: Uint8Array, options: OcspCheckOptions): RevocationAnswer {
  const { now, issuer, certificate } = options;
  const response = pkijs.OCSPResponse.fromBER(der);
  const status = response.responseStatus.valueBlock.valueDec;
  if (status !== 0) {
    // tryLater/internalError are not forgeries: the source simply has no answer now.
    return { status: 'unknown', source: 'ocsp', checkedAt: now, problem: { code: 'revocation-source-failed', message: `OCSP responder status ${status}` } };
  }
  if (!response.responseBytes || response.responseBytes.responseType !== OID.ocspBasic) throw new OcspInvalid('not a basic OCSP response');
  const basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
  const data = basic.tbsResponseData;

  const signer = findAuthorisedSigner(basic, options);
  const signatureAlgorithm = {
    oid: basic.signatureAlgorithm.algorithmId,
    params: basic.signatureAlgorithm.algorithmParams ? u8(basic.signatureAlgorithm.algorithmParams.toBER()) : undefined,
  };
  if (!verifySignedStructure(u8(data.tbsView), signatureAlgorithm, u8(basic.signature.valueBlock.valueHexView), signer)) {
    throw new OcspInvalid(`OCSP response signature does not verify with "${signer.subjectDn}"`);
  }

  if (options.nonce) {
    const nonceExt = data.responseExtensions?.find((e) => e.extnID === OID.ocspNonce);
    if (nonceExt) {
      const echoed = octets(readRoot(u8(nonceExt.extnValue.valueBlock.valueHexView)));
      if (!sameBytes(echoed, options.nonce)) throw new OcspInvalid('OCSP nonce does not match the request (replayed response?)');
    }
  }

  const single = data.responses.find((r) => matchesCertId(r.certID, certificate, issuer));
  if (!single) throw new OcspInvalid('OCSP response does not cover this certificate');
  const skew = options.clockSkewMs;
  if (single.thisUpdate.getTime() > now.getTime() + skew) throw new OcspInvalid(`OCSP thisUpdate ${single.thisUpdate.toISOString()} is in the future`);

  const certStatus = readRoot(u8((single.certStatus as asn1js.BaseBlock).toBER()));
  const base = { source: 'ocsp' as const, checkedAt: single.thisUpdate };
  if (certStatus.tag === 0xa1) {
    const [time, reason] = childrenOf(certStatus);
    const revoked = { ...base, status: 'revoked' as const, revokedAt: decodeTime(time) };
    // A signed "revoked" stays true after the response's window: revocation is final. Only a hold can be
    // lifted, so a hold needs a current response like "good" does.
    const onHold = reason !== undefined && isContext(reason, 0) && smallInteger(childrenOf(reason)[0]) === CERTIFICATE_HOLD;
    if (!onHold) return revoked;
    assertCurrent(single, options);
    return revoked;
  }
  assertCurrent(single, options);
  if (certStatus.tag === 0x80) return { ...base, status: 'good' };
  return { ...base, status: 'unknown', problem: { code: 'revocation-unknown', message: 'OCSP responder does not know this certificate' } };
}

function assertCurrent(single: pkijs.SingleResponse, options: OcspCheckOptions): void {
  const { now, clockSkewMs: skew } = options;
  if (single.nextUpdate) {
    if (single.nextUpdate.getTime() + skew < now.getTime()) throw new OcspStale(`OCSP response expired at nextUpdate ${single.nextUpdate.toISOString()}`);
  } else if (now.getTime() - single.thisUpdate.getTime() > options.maxAgeMs) {
    throw new OcspStale(`OCSP response from ${single.thisUpdate.toISOString()} is older than ${options.maxAgeMs} ms`);
  }
}

function matchesCertId(id: pkijs.CertID, certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const hash = hashNameForOid(id.hashAlgorithm.algorithmId);
  if (!hash) return false;
  const expected = certIdFor(certificate, issuer, hash);
  return (
    normaliseSerialHex(hex(id.serialNumber.valueBlock.valueHexView)) === expected.serialHex &&
    hex(id.issuerNameHash.valueBlock.valueHexView) === expected.issuerNameHash &&
    hex(id.issuerKeyHash.valueBlock.valueHexView) === expected.issuerKeyHash
  );
}

/** RFC 6960 §4.2.2.2: who may sign a response about a certificate issued by `issuer`. */
function findAuthorisedSigner(basic: pkijs.BasicOCSPResponse, options: OcspCheckOptions): ParsedCertificate {
  const { issuer, now } = options;
  const matchesResponderId = responderIdMatcher(basic.tbsResponseData.responderID);
  if (matchesResponderId(issuer)) return issuer;
  for (const trusted of options.trustedResponders) if (matchesResponderId(trusted)) return trusted;
  const included = (basic.certs ?? []).map((c) => options.certificateCache.get(u8(c.toSchema().toBER())));
  const candidate = included.find(matchesResponderId);
  if (!candidate) throw new OcspInvalid('OCSP responder is neither the issuing CA nor a responder certificate it issued');
  if (!sameBytes(candidate.issuerDer, issuer.subjectDer)) {
    throw new OcspInvalid(`OCSP responder "${candidate.subjectDn}" was not issued by "${issuer.subjectDn}"`);
  }
  if (!verifySignedStructure(candidate.tbs, candidate.signatureAlgorithm, candidate.signature, issuer)) {
    throw new OcspInvalid(`OCSP responder certificate "${candidate.subjectDn}" is not signed by "${issuer.subjectDn}"`);
  }
  if (!candidate.extKeyUsage?.includes(OID.ekuOcspSigning)) throw new OcspInvalid(`"${candidate.subjectDn}" lacks id-kp-OCSPSigning`);
  if (now < candidate.notBefore || now > candidate.notAfter) throw new OcspInvalid(`OCSP responder certificate "${candidate.subjectDn}" is not valid now`);
  return candidate;
}

function responderIdMatcher(responderId: unknown): (cert: ParsedCertificate) => boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) {
    const name = u8(responderId.valueBeforeDecode.byteLength ? responderId.valueBeforeDecode : responderId.toSchema().toBER());
    return (cert) => sameBytes(cert.subjectDer, name);
  }
  // byKey: [2] EXPLICIT OCTET STRING holding the SHA-1 of the responder's public key bits.
  const keyHash = hex(octets(readRoot(u8((responderId as asn1js.BaseBlock).toBER()))));
  return (cert) => crypto.createHash('sha1').update(subjectPublicKeyBits(cert)).digest('hex') === keyHash;
}

