/**
 * Public NCA test material (shared/vectors/nca-gost, beside the clone): every GOST-signed object verifies with its
 * issuing CA as the trust anchor, and a one-bit change makes it fail. The roots of these chains are not public,
 * so the issuing CAs are the anchors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CertificateCache } from '../../../signing/certs/certificate-cache';
import { ChainBuilder, createTrustStore } from '../../../signing/certs/chain-builder';
import type { ParsedCertificate } from '../../../signing/certs/parsed-certificate';
import { readSignedData } from '../../../signing/cms/read-signed-data';
import { checkSignerIntegrity, findSignerCertificate, parseBagCertificates } from '../../../signing/cms/signer-core';
import { digest, HashName } from '../../../signing/crypto/algorithms';
import { buildCrlIndex, crlSignedBy } from '../../../signing/revocation/crl-index';
import { checkOcspResponse } from '../../../signing/revocation/ocsp-response';
import { readTstInfo } from '../../../signing/timestamp/timestamp-token';
import { pemToDerList } from '../../../signing/pem';
import { createVerificationContext, verifyCms } from '../../../signing';

const VECTORS = path.resolve(__dirname, '../../../../shared/vectors/nca-gost');

function load(relative: string): Uint8Array {
  const file = path.join(VECTORS, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`GOST test vector ${file} is missing: the NCA vectors live in ../shared/vectors/nca-gost beside the repository clone`);
  }
  const bytes = fs.readFileSync(file);
  if (bytes[0] === 0x30) return new Uint8Array(bytes);
  const [der] = pemToDerList(bytes.toString('latin1'), ['CERTIFICATE', 'X509 CRL']);
  if (!der) throw new Error(`${relative} is neither DER nor PEM`);
  return der;
}

/** One bit flipped at `index` (negative: from the end). */
function flipBit(der: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = Uint8Array.from(der);
  const at = index < 0 ? copy.length + index : index;
  copy[at] ^= 1 << bit;
  return copy;
}

/** Index of the first occurrence of `needle` (UTF-8) in `der`, to tamper with a known field. */
function indexOf(der: Uint8Array, needle: string): number {
  const at = Buffer.from(der).indexOf(Buffer.from(needle, 'utf8'));
  if (at < 0) throw new Error(`"${needle}" not found`);
  return at;
}

const cache = new CertificateCache();
const cert = (relative: string): ParsedCertificate => cache.get(load(relative));

let gost2004Ca: ParsedCertificate;
let gost2015Ca: ParsedCertificate;
let rsaCa: ParsedCertificate;

beforeAll(() => {
  gost2004Ca = cert('ca/nca_gost_test.crt');
  gost2015Ca = cert('ca/nca_gost2015_test.cer');
  rsaCa = cert('ca/nca_rsa_test.crt');
});

describe('GOST keys of the NCA certificates', () => {
  it('decodes the 2004 (256-bit) and 2015 (512-bit) CA keys onto their curves', () => {
    expect(gost2004Ca.publicKeyAlgorithmOid).toBe('1.2.398.3.10.1.1.1.1');
    expect(gost2004Ca.gostKey?.curve.size).toBe(32);
    expect(gost2015Ca.publicKeyAlgorithmOid).toBe('1.2.398.3.10.1.1.2.2');
    expect(gost2015Ca.gostKey?.curve.size).toBe(64);
    expect(gost2004Ca.publicKey).toBeUndefined();
  });
});

describe('certificate signature: GOST 34.310-2004 end-entity under the 2004 GOST CA', () => {
  const at = new Date('2022-06-01T00:00:00Z');

  it('chains the signing certificate to the CA (valid at a time inside both validity periods)', () => {
    const leaf = cert('certs/ceo_valid_sign_2004_gost.cer');
    const builder = new ChainBuilder(createTrustStore([gost2004Ca.der], [], new CertificateCache()));
    const result = builder.build(leaf, [], at);
    expect(result.failures).toEqual([]);
    expect(result.path.map((c) => c.subjectDn)).toEqual([leaf.subjectDn, gost2004Ca.subjectDn]);
  });

  it.each([
    ['the signature value', (der: Uint8Array) => flipBit(der, -1)],
    ['the subject name', (der: Uint8Array) => flipBit(der, indexOf(der, 'IIN123456789011') + 3)],
  ])('fails when one bit of %s changes', (_what, tamper) => {
    const tampered = cache.get(tamper(load('certs/ceo_valid_sign_2004_gost.cer')));
    const builder = new ChainBuilder(createTrustStore([gost2004Ca.der], [], new CertificateCache()));
    const result = builder.build(tampered, [], at);
    expect(result.path).toEqual([]);
    expect(result.failures[0]).toMatchObject({ code: 'chain-invalid' });
  });

  it('does not verify under the other (2015) GOST CA', () => {
    const leaf = cert('certs/ceo_valid_sign_2004_gost.cer');
    const builder = new ChainBuilder(createTrustStore([gost2015Ca.der], [], new CertificateCache()));
    expect(builder.build(leaf, [], at).path).toEqual([]);
  });
});

describe('CRLs signed with GOST keys', () => {
  it.each([
    ['GOST 34.310-2004 (34.311-95)', 'crl/nca_gost_test.crl', () => gost2004Ca, 31],
    ['GOST 34.10-2015 (Streebog-512)', 'crl/nca_gost2022_test.crl', () => gost2015Ca, 6],
  ])('%s: verifies with its CA and lists its entries; a one-bit change fails', (_label, file, issuer, entries) => {
    const der = load(file);
    const index = buildCrlIndex(der);
    expect(index.revoked.size).toBe(entries);
    expect(crlSignedBy(index, issuer())).toBe(true);
    expect(crlSignedBy(buildCrlIndex(flipBit(der, -1)), issuer())).toBe(false);
    // A bit inside the signed part (the last revocation entry's date): parseable, but no longer what the CA signed.
    expect(crlSignedBy(buildCrlIndex(flipBit(der, index.tbs.length - 20)), issuer())).toBe(false);
  });

  it('a CRL does not verify with the other family’s CA', () => {
    expect(crlSignedBy(buildCrlIndex(load('crl/nca_gost2022_test.crl')), gost2004Ca)).toBe(false);
  });
});

describe('OCSP responses', () => {
  /** The vectors answer for certificates that are not in the set: the CertID only needs the serial and the issuer. */
  const asked = (issuer: ParsedCertificate, serialHex: string): ParsedCertificate => ({ ...issuer, serialHex });
  const check = (der: Uint8Array, issuer: ParsedCertificate, serialHex: string, now: string) =>
    checkOcspResponse(der, {
      certificate: asked(issuer, serialHex),
      issuer,
      now: new Date(now),
      maxAgeMs: 60 * 60_000,
      clockSkewMs: 5 * 60_000,
      trustedResponders: [],
      certificateCache: new CertificateCache(),
    });

  const cases = [
    ['2004 GOST, revoked', 'ocsp/ocsp_response_ceo_sign_2004_revoked.bin', () => gost2004Ca, '12e3e7b9966d09eb9cda64251457e815c2a8dded', '2022-09-02T17:00:00Z', 'revoked'],
    ['2015 GOST, revoked', 'ocsp/ocsp_response_ceo_2015_revoked.bin', () => gost2015Ca, '3a90343e720594c55204b19cb9a402422ef0e622', '2022-09-02T17:05:00Z', 'revoked'],
    ['2015 GOST, individual (revoked)', 'ocsp/ocsp_response_individual_2015.bin', () => gost2015Ca, '0ff06211dc82beb00253ffa000f1de84abef454f', '2022-09-02T17:05:00Z', 'revoked'],
    ['RSA responder, good', 'ocsp/ocsp_response_individual_sign_2004.bin', () => rsaCa, '4279390a141f5353a62947b61ed65e81741467d1', '2022-09-02T17:00:00Z', 'good'],
  ] as const;

  it.each(cases)('%s: the delegated responder’s signature and authority verify, the status is read', (_label, file, issuer, serial, now, status) => {
    const answer = check(load(file), issuer(), serial, now);
    expect(answer.problem).toBeUndefined();
    expect(answer.status).toBe(status);
    if (status === 'revoked') expect(answer.revokedAt).toBeInstanceOf(Date);
  });

  it.each(cases)('%s: a one-bit change in the response signature is refused', (_label, file, issuer, serial, now) => {
    const answer = check(flipBit(load(file), -1), issuer(), serial, now);
    expect(answer.status).toBe('unknown');
    expect(answer.problem?.code).toBe('ocsp-response-invalid');
  });

  it('a one-bit change in the signed response data (the serial) is refused', () => {
    const der = load('ocsp/ocsp_response_ceo_2015_revoked.bin');
    const at = Buffer.from(der).indexOf(Buffer.from('3a90343e720594c55204b19cb9a402422ef0e622', 'hex'));
    const answer = check(flipBit(der, at + 19), gost2015Ca, '3a90343e720594c55204b19cb9a402422ef0e623', '2022-09-02T17:05:00Z');
    expect(answer.problem?.code).toBe('ocsp-response-invalid');
    expect(answer.problem?.message).toMatch(/signature does not verify/);
  });

  it('an answer about another certificate is not taken for ours', () => {
    const answer = check(load('ocsp/ocsp_response_ceo_2015_revoked.bin'), gost2015Ca, '0ff06211dc82beb00253ffa000f1de84abef454f', '2022-09-02T17:05:00Z');
    expect(answer.problem?.message).toMatch(/does not cover this certificate/);
  });
});

describe('RFC 3161 time-stamp token: a CMS SignedData signed with a 2004 GOST key', () => {
  const integrity = (tokenDer: Uint8Array) => {
    const token = readSignedData(tokenDer);
    const [info] = token.signerInfos;
    const { certificates } = parseBagCertificates(token.certificates, new CertificateCache());
    const tsa = findSignerCertificate(info, certificates)!;
    const content = token.eContent!;
    const result = checkSignerIntegrity({
      info,
      certificate: tsa,
      eContentType: token.eContentType,
      content,
      contentDigest: (hash: HashName) => digest(hash, content),
      minRsaBits: 2048,
    });
    return { result, tsa, token };
  };

  it('verifies: messageDigest (34.311-95) over the TSTInfo, the GOST signature, the TSA chain at genTime', () => {
    const { result, tsa, token } = integrity(load('tsp/tsp_token.bin'));
    expect(result).toEqual({ kind: 'checked', algorithm: 'GOST 34.310-2004/GOST 34.311-95', failures: [] });
    const genTime = readTstInfo(token.eContent!).genTime;
    const chain = new ChainBuilder(createTrustStore([gost2004Ca.der], [], new CertificateCache())).build(tsa, [], genTime);
    expect(chain.failures).toEqual([]);
  });

  it('fails when one bit of the signature changes', () => {
    const { result } = integrity(flipBit(load('tsp/tsp_token.bin'), -1));
    expect(result).toMatchObject({ kind: 'checked', failures: [{ code: 'bad-signature' }] });
  });

  it('fails when one bit of the time-stamped content (TSTInfo) changes', () => {
    const der = load('tsp/tsp_token.bin');
    const token = readSignedData(der);
    const tst = Buffer.from(token.eContent!);
    const at = Buffer.from(der).indexOf(tst) + tst.length - 3;
    const { result } = integrity(flipBit(der, at));
    expect(result).toMatchObject({ kind: 'checked', failures: [{ code: 'digest-mismatch' }] });
  });

  it('goes through verifyCms end to end (attached content; policy without signing key usage or revocation)', async () => {
    const der = load('tsp/tsp_token.bin');
    const token = readSignedData(der);
    const context = createVerificationContext({
      trustedRootsPem: gost2004Ca.der,
      revocationSources: [],
      policy: { requireRevocationCheck: false, requireSigningKeyUsage: false },
    });
    const genTime = readTstInfo(token.eContent!).genTime;
    const content = token.eContent!;
    const report = await verifyCms({ cms: der, content, receivedAt: new Date(genTime.getTime() + 60_000) }, context);
    expect(report.signers[0].failures).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.signers[0].algorithm).toBe('GOST 34.310-2004/GOST 34.311-95');
    expect(report.signers[0].chain).toHaveLength(2);

    const tampered = await verifyCms({ cms: flipBit(der, -1), content, receivedAt: new Date(genTime.getTime() + 60_000) }, context);
    expect(tampered.valid).toBe(false);
    expect(tampered.reason).toBe('bad-signature');
  });
});
