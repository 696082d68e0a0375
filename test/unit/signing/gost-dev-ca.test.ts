/**
 * End to end with GOST keys we make ourselves: a GOST dev CA (root → issuing CA, OCSP responder, TSA, all GOST)
 * issues an NCA-shaped signing certificate, a document is signed as a client would (CMS with signed attributes,
 * the key's own hash) and verified with the full report; tampered copies fail; revocation comes from GOST-signed
 * CRLs and OCSP answers; the worker-thread pool gives the same answers.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCrl, createTestCa, createTestOcspResponder, createTestTsa, issueEndEntity, revoke } from '../../../client/dev-ca';
import type { Credential, TestCa } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import {
  createCrlRevocationSource,
  createOcspRevocationSource,
  createVerificationContext,
  createVerifyPool,
  verifyCms,
} from '../../../signing';
import type { VerificationContext } from '../../../signing';
import { ASSIGNEE, BIN, DEPUTY, DOCUMENT, mutateCms } from './fixtures';

interface GostFixture {
  ca: TestCa;
  signer: Credential;
  context: VerificationContext;
}

const fixtures: Partial<Record<'gost2004' | 'gost2015', GostFixture>> = {};
const fixture = (keyType: 'gost2004' | 'gost2015'): GostFixture => {
  if (!fixtures[keyType]) {
    const ca = createTestCa({ keyType, name: 'Qujat GOST Test' });
    const signer = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
    fixtures[keyType] = { ca, signer, context };
  }
  return fixtures[keyType]!;
};

const sign = (f: GostFixture, credential = f.signer, content = DOCUMENT) =>
  signCms({ content, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [f.ca.intermediate.certPem] });

describe.each([
  ['gost2004', 'GOST 34.310-2004/GOST 34.311-95', '1.2.398.3.10.1.1.1.2'],
  ['gost2015', 'GOST 34.10-2015-512/Streebog-512', '1.2.398.3.10.1.1.2.3.2'],
] as const)('%s', (keyType, label, signatureOid) => {
  it('the dev CA issues GOST certificates the way NCA writes them', () => {
    const { ca, signer, context } = fixture(keyType);
    const parsed = context.certificateCache.get(ca.intermediate.certDer);
    expect(parsed.signatureAlgorithm.oid).toBe(signatureOid);
    expect(parsed.gostKey).toBeDefined();
    expect(context.certificateCache.get(signer.certDer).subjectAttributes.find((a) => a.oid === '2.5.4.5')?.value).toBe(`IIN${ASSIGNEE.iin}`);
  });

  it('a signed document verifies with the whole report: integrity, chain, time, revocation (CRL), key usage, IIN/BIN', async () => {
    const f = fixture(keyType);
    const report = await verifyCms({ cms: await sign(f), content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin], bin: BIN } }, f.context);
    expect(report.signers[0].failures).toEqual([]);
    expect(report.valid).toBe(true);
    const [signer] = report.signers;
    expect(signer.algorithm).toBe(label);
    expect(signer.subject).toMatchObject({ iin: ASSIGNEE.iin, bin: BIN });
    expect(signer.chain).toHaveLength(3);
    expect(signer.revocation).toMatchObject({ status: 'good', source: 'crl' });
    expect(signer.signingTimeSource).toBe('signingTime');
  });

  it('a changed document, a changed signature bit or another signer are refused', async () => {
    const f = fixture(keyType);
    const cms = await sign(f);
    const changed = Buffer.from(DOCUMENT);
    changed[0] ^= 1;
    expect((await verifyCms({ cms, content: changed, receivedAt: new Date() }, f.context)).reason).toBe('digest-mismatch');
    const badSignature = mutateCms(cms, (sd) => {
      const value = Uint8Array.from(sd.signerInfos[0].signature.valueBlock.valueHexView);
      value[5] ^= 0x01;
      sd.signerInfos[0].signature = new asn1js.OctetString({ valueHex: value.buffer });
    });
    expect((await verifyCms({ cms: badSignature, content: DOCUMENT, receivedAt: new Date() }, f.context)).reason).toBe('bad-signature');
    const wrongPerson = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [DEPUTY.iin] } }, f.context);
    expect(wrongPerson.reason).toBe('signer-mismatch');
  });

  it('a certificate from a GOST CA we do not trust is untrusted, never valid', async () => {
    const f = fixture(keyType);
    const stranger = createTestCa({ keyType, name: 'Stranger' });
    const credential = issueEndEntity(stranger, ASSIGNEE, { purpose: 'sign' });
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [stranger.intermediate.certPem] });
    expect((await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, f.context)).reason).toBe('untrusted-root');
  });

  it('revoked: a GOST-signed CRL and a GOST-signed OCSP answer both say so; a forged OCSP answer is refused', async () => {
    const { ca } = fixture(keyType);
    const victim = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    revoke(ca, victim.serialHex, new Date(Date.now() - 60_000));
    const cms = await signCms({ content: DOCUMENT, keyPem: victim.keyPem, certPem: victim.certPem, chainPems: [ca.intermediate.certPem] });
    const byCrl = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
    const crlReport = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, byCrl);
    expect(crlReport.reason).toBe('revoked');
    expect(crlReport.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });
    const byOcsp = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca) })] });
    const ocspReport = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, byOcsp);
    expect(ocspReport.reason).toBe('revoked');
    expect(ocspReport.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'ocsp' });
    const forged = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca, { tamper: true }) })] });
    expect((await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, forged)).reason).toBe('ocsp-response-invalid');
  });

  it('a GOST timestamp from the GOST TSA sets the signing time', async () => {
    const f = fixture(keyType);
    const cms = await signCms({ content: DOCUMENT, keyPem: f.signer.keyPem, certPem: f.signer.certPem, chainPems: [f.ca.intermediate.certPem], timestamp: (signature) => createTestTsa(f.ca).timestamp(signature) });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, f.context);
    expect(report.signers[0].failures).toEqual([]);
    expect(report.signers[0].signingTimeSource).toBe('timestamp');
  });
});

it('the worker-thread pool verifies GOST signatures natively (no external verifier configured)', async () => {
  const f = fixture('gost2015');
  const pool = createVerifyPool({ size: 1, context: { trustedRootsPem: f.ca.root.certPem, crl: { crls: [createCrl(f.ca)] } } });
  try {
    const good = await pool.verify({ cms: await sign(f), content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin] } });
    expect(good.signers[0].failures).toEqual([]);
    expect(good.valid).toBe(true);
    const changed = Buffer.from(DOCUMENT);
    changed[1] ^= 1;
    expect((await pool.verify({ cms: await sign(f), content: changed, receivedAt: new Date() })).reason).toBe('digest-mismatch');
  } finally {
    await pool.close();
  }
});

describe('what is not a supported GOST signature stays unsupported, never valid', () => {
  const relabel = (cms: Uint8Array, signatureOid: string, digestOid?: string) =>
    mutateCms(cms, (sd) => {
      sd.signerInfos[0].signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: signatureOid });
      if (digestOid) sd.signerInfos[0].digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: digestOid });
    });

  it.each([
    ['an unknown GOST signature OID', '1.2.398.3.10.1.1.2.3.9', undefined],
    ['an unknown OID', '1.2.3.4.5', undefined],
    ['a 2015 signature OID with the 2004 digest', '1.2.398.3.10.1.1.2.3.2', '1.2.398.3.10.1.3.1'],
    ['Streebog-256 with a 512-bit key', '1.2.398.3.10.1.1.2.3.1', '1.2.398.3.10.1.3.2'],
    ['ECDSA with a GOST key', '1.2.840.10045.4.3.2', '2.16.840.1.101.3.4.2.1'],
  ])('%s', async (_what, signatureOid, digestOid) => {
    const f = fixture('gost2015');
    const report = await verifyCms({ cms: relabel(await sign(f), signatureOid, digestOid), content: DOCUMENT, receivedAt: new Date() }, f.context);
    expect(report.valid).toBe(false);
    expect(report.reason).toBe('unsupported-algorithm');
  });
});

it('a GOST certificate on a parameter set we do not know is refused as unsupported, naming the parameter set', async () => {
  const f = fixture('gost2004');
  const cms = await sign(f);
  // Re-label the signer certificate's curve OID (…1.1.1.1.1 → …1.1.1.1.9): same length, the certificate still parses.
  const patched = mutateCms(cms, (sd) => {
    const der = Buffer.from(sd.certificates![0].toSchema().toBER());
    const curve = Buffer.from('060a2a830e030a0101010101', 'hex'); // OID 1.2.398.3.10.1.1.1.1.1
    const at = der.indexOf(curve);
    der[at + curve.length - 1] = 0x09;
    sd.certificates![0] = pkijs.Certificate.fromBER(der);
  });
  const report = await verifyCms({ cms: patched, content: DOCUMENT, receivedAt: new Date() }, f.context);
  expect(report.reason).toBe('unsupported-algorithm');
  expect(report.signers[0].failures[0].message).toMatch(/parameter set 1\.2\.398\.3\.10\.1\.1\.1\.1\.9 is not supported/);
});
