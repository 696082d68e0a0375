/**
 * The cryptographic core of one SignerInfo, shared by document signatures and timestamp tokens: find the signer
 * certificate, check the signed attributes (contentType, messageDigest = hash of the exact content), and verify
 * the signature over the DER signed attributes (Node crypto for RSA/ECDSA, ../crypto/gost for GOST).
 */
import type { CertificateCache } from '../certs/certificate-cache';
import { ParsedCertificate, sameBytes } from '../certs/parsed-certificate';
import { hashNameForOid, HashName, isGostAlgorithm, keyProblem, resolveSignatureScheme, schemeLabel, verifyWithScheme } from '../crypto/algorithms';
import { decodeOid, octets, readRoot } from '../der/der-reader';
import { OID } from '../oids';
import type { Finding } from '../types';
import type { CmsAttribute, CmsSignerInfo } from './signed-data-model';

export function findSignerCertificate(info: CmsSignerInfo, candidates: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  const { sid } = info;
  if (sid.kind === 'subject-key-id') return candidates.find((c) => c.subjectKeyIdHex === sid.keyIdHex);
  return candidates.find((c) => c.serialHex === sid.serialHex && sameBytes(c.issuerDer, sid.issuerDer));
}

export function parseBagCertificates(ders: readonly Uint8Array[], cache: CertificateCache): { certificates: ParsedCertificate[]; failures: Finding[] } {
  const certificates: ParsedCertificate[] = [];
  const failures: Finding[] = [];
  for (const der of ders) {
    try {
      certificates.push(cache.get(der));
    } catch (error) {
      failures.push({ code: 'malformed-cms', message: `unparseable certificate in the CMS: ${(error as Error).message}` });
    }
  }
  return { certificates, failures };
}

export function attribute(attrs: readonly CmsAttribute[], oid: string): CmsAttribute | undefined {
  return attrs.find((a) => a.oid === oid);
}

export type IntegrityResult =
  | { kind: 'checked'; algorithm: string; failures: Finding[] }
  /** Node cannot verify this algorithm (GOST, unknown OIDs): an external verifier must, or it is refused. */
  | { kind: 'unsupported'; algorithm: string; gost: boolean; message: string };

export interface IntegrityInput {
  info: CmsSignerInfo;
  certificate: ParsedCertificate;
  eContentType: string;
  /** The exact content the signature must cover (the stored document, or a TSTInfo). */
  content: Uint8Array;
  /** Memoised hashing: each algorithm hashes the content once per verification. */
  contentDigest: (hash: HashName) => Buffer;
  minRsaBits: number;
}

export function checkSignerIntegrity(input: IntegrityInput): IntegrityResult {
  const { info, certificate } = input;
  const hash = hashNameForOid(info.digestAlgorithm.oid);
  const resolved = resolveSignatureScheme(info.signatureAlgorithm, info.digestAlgorithm.oid);
  if (!hash || hash === 'sha1' || !('scheme' in resolved) || (!certificate.publicKey && !certificate.gostKey && !certificate.gostKeyProblem)) {
    const oid = 'scheme' in resolved ? certificate.publicKeyAlgorithmOid : info.signatureAlgorithm.oid;
    const gost = isGostAlgorithm(info.signatureAlgorithm.oid) || isGostAlgorithm(info.digestAlgorithm.oid) || isGostAlgorithm(certificate.publicKeyAlgorithmOid);
    const message = !hash || hash === 'sha1' ? `digest algorithm ${info.digestAlgorithm.oid} is not supported` : `signature algorithm ${oid} is not supported`;
    return { kind: 'unsupported', algorithm: oid, gost, message };
  }
  const scheme = resolved.scheme;
  const algorithm = schemeLabel(scheme, certificate);
  const keyIssue = keyProblem(scheme, certificate, input.minRsaBits);
  if (keyIssue) return { kind: 'checked', algorithm, failures: [keyIssue] };

  const failures: Finding[] = [];
  let signedBytes: Uint8Array;
  if (info.signedAttrsDer) {
    const contentType = attribute(info.signedAttrs, OID.contentTypeAttr);
    const messageDigest = attribute(info.signedAttrs, OID.messageDigestAttr);
    if (contentType?.values.length !== 1 || messageDigest?.values.length !== 1) {
      return { kind: 'checked', algorithm, failures: [{ code: 'malformed-cms', message: 'signed attributes must hold exactly one contentType and one messageDigest' }] };
    }
    if (decodeOid(readRoot(contentType.values[0])) !== input.eContentType) {
      failures.push({ code: 'malformed-cms', message: 'the contentType attribute differs from the encapsulated content type' });
    }
    const expected = input.contentDigest(hash);
    if (!sameBytes(octets(readRoot(messageDigest.values[0])), expected)) {
      failures.push({ code: 'digest-mismatch', message: `messageDigest does not match the ${hash} of the content: the content was changed or the signature is for another document` });
    }
    signedBytes = info.signedAttrsDer;
  } else {
    // No signed attributes: the signature covers the content itself (RFC 5652 §5.4).
    signedBytes = input.content;
  }
  if (!verifyWithScheme(scheme, certificate, signedBytes, info.signature)) {
    failures.push({ code: 'bad-signature', message: `the ${algorithm} signature does not verify with the signer certificate's key` });
  }
  return { kind: 'checked', algorithm, failures };
}
