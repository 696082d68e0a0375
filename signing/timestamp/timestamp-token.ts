/**
 * RFC 3161 signature timestamps (unsigned attribute id-aa-signatureTimeStampToken). A genTime is only believed
 * when the token is genuine: its messageImprint is the hash of this SignerInfo's signature value, its own
 * signature verifies, and the TSA certificate (EKU timeStamping) chains to a trusted root at genTime.
 * Otherwise anyone could back-date a signature by attaching a home-made token.
 */
import type { CertificateCache } from '../certs/certificate-cache';
import type { ChainBuilder } from '../certs/chain-builder';
import { sameBytes } from '../certs/parsed-certificate';
import { digest, hashNameForOid, HashName, readAlgorithmIdentifier } from '../crypto/algorithms';
import { childrenOf, decodeTime, expectTag, octets, readRoot, Tag } from '../der/der-reader';
import { CmsVerificationError } from '../failure';
import { OID } from '../oids';
import { readSignedData } from '../cms/read-signed-data';
import { checkSignerIntegrity, findSignerCertificate, parseBagCertificates } from '../cms/signer-core';

export interface TstInfo {
  genTime: Date;
  imprintHash: HashName | undefined;
  imprint: Uint8Array;
  serialHex: string;
}

export function readTstInfo(der: Uint8Array): TstInfo {
  const fields = childrenOf(expectTag(readRoot(der), Tag.sequence, 'TSTInfo'));
  // version, policy, messageImprint, serialNumber, genTime, …
  expectTag(fields[1], Tag.oid, 'TSTInfo.policy');
  const [algorithm, hashed] = childrenOf(expectTag(fields[2], Tag.sequence, 'messageImprint'));
  return {
    imprintHash: hashNameForOid(readAlgorithmIdentifier(algorithm).oid),
    imprint: octets(hashed),
    serialHex: Buffer.from(expectTag(fields[3], Tag.integer, 'TSTInfo.serialNumber').value).toString('hex'),
    genTime: decodeTime(fields[4]),
  };
}

export type TimestampResult = { ok: true; genTime: Date } | { ok: false; message: string };

export interface TimestampContext {
  certificateCache: CertificateCache;
  /** Chains to the roots trusted for timestamping. */
  tsaChain: ChainBuilder;
  minRsaBits: number;
}

export function verifyTimestampToken(tokenDer: Uint8Array, signatureValue: Uint8Array, ctx: TimestampContext): TimestampResult {
  try {
    const token = readSignedData(tokenDer);
    if (token.eContentType !== OID.tstInfo || !token.eContent) return { ok: false, message: 'the token does not encapsulate a TSTInfo' };
    const tst = readTstInfo(token.eContent);
    if (!tst.imprintHash) return { ok: false, message: 'unsupported messageImprint hash algorithm' };
    const imprint = digest(tst.imprintHash, signatureValue);
    if (!sameBytes(imprint, tst.imprint)) return { ok: false, message: 'the token timestamps a different signature' };
    if (token.signerInfos.length !== 1) return { ok: false, message: 'a timestamp token must have exactly one signer' };
    const [info] = token.signerInfos;
    const { certificates } = parseBagCertificates(token.certificates, ctx.certificateCache);
    const tsaCert = findSignerCertificate(info, certificates);
    if (!tsaCert) return { ok: false, message: 'the TSA certificate is not in the token' };
    const eContent = token.eContent;
    const digests = new Map<HashName, Buffer>();
    const integrity = checkSignerIntegrity({
      info,
      certificate: tsaCert,
      eContentType: token.eContentType,
      content: eContent,
      contentDigest: (hash) => digests.get(hash) ?? digests.set(hash, digest(hash, eContent)).get(hash) ?? Buffer.alloc(0),
      minRsaBits: ctx.minRsaBits,
    });
    if (integrity.kind === 'unsupported') return { ok: false, message: integrity.message };
    if (integrity.failures.length) return { ok: false, message: integrity.failures.map((f) => f.message).join('; ') };
    if (!tsaCert.extKeyUsage?.includes(OID.ekuTimeStamping)) return { ok: false, message: `"${tsaCert.subjectDn}" is not a timestamping certificate` };
    const chain = ctx.tsaChain.build(tsaCert, certificates, tst.genTime);
    if (chain.failures.length) return { ok: false, message: `TSA certificate: ${chain.failures.map((f) => f.message).join('; ')}` };
    return { ok: true, genTime: tst.genTime };
  } catch (error) {
    const message = error instanceof CmsVerificationError ? error.message : (error as Error).message;
    return { ok: false, message: `unreadable timestamp token: ${message}` };
  }
}
