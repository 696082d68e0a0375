import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildSignedData } from '../../../signing/cms/build-signed-data';
import { createCrl, createTestCa, createTestTsa, issueEndEntity, revoke } from '../../../client/dev-ca';
import type { Credential } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { createCrlRevocationSource, iinControlDigit, verifyCms } from '../../../signing';
import type { VerificationReport } from '../../../signing';
import { ASSIGNEE, BIN, createFixture, dataContentInfo, DAY, DEPUTY, DOCUMENT, Fixture, mutateCms, OTHER_DOCUMENT, OUTSIDER, withControlDigit, withGostAlgorithm } from './fixtures';

let rsa: Fixture;
let ec: Fixture;
const receivedAt = () => new Date();

beforeAll(() => {
  rsa = createFixture('rsa');
  ec = createFixture('ec');
});

const expectValid = (report: VerificationReport) => {
  expect(report.signers.flatMap((s) => s.failures)).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.reason).toBeUndefined();
};

describe('valid signatures', () => {
  it('accepts our RSA signature and reports the signer', async () => {
    const report = await verifyCms({ cms: await rsa.sign(), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin], bin: BIN } }, rsa.context);
    expectValid(report);
    const [signer] = report.signers;
    expect(signer.subject).toEqual({ commonName: 'Ахметов Данияр', iin: ASSIGNEE.iin, bin: BIN, organisation: 'Qujat Demo LLP' });
    expect(signer.roles).toEqual(['organisation', 'first-head']);
    expect(signer.algorithm).toBe('RSA-PKCS1-v1_5/SHA-256');
    expect(signer.signingTimeSource).toBe('signingTime');
    expect(signer.revocation).toMatchObject({ status: 'good', source: 'crl' });
    expect(signer.chain).toHaveLength(3);
    expect(signer.serialNumber).toBe(rsa.signer.serialHex);
    expect(signer.warnings).toEqual([]);
    expect(report.contentSha256).toBe(crypto.createHash('sha256').update(DOCUMENT).digest('hex'));
  });

  it('signs with many certificates in turn, and again with the first: each signature names its own signer', async () => {
    // More signers than the builder keeps parsed, so the first one's certificate is parsed anew at the end.
    const iins = Array.from({ length: 40 }, (_, i) => `880421301${String(i).padStart(2, '0')}`)
      .filter((first11) => iinControlDigit(first11) !== undefined)
      .slice(0, 20)
      .map(withControlDigit);
    expect(iins).toHaveLength(20);
    const signers = iins.map((iin, i) => issueEndEntity(ec.ca, { fullName: `Қол қоюшы ${i}`, iin }, { purpose: 'sign' }));
    for (const i of [...signers.keys(), 0, 1]) {
      const signer = signers[i];
      const cms = await signCms({ content: DOCUMENT, keyPem: signer.keyPem, certPem: signer.certPem, chainPems: [ec.ca.intermediate.certPem] });
      const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [iins[i]] } }, ec.context);
      expectValid(report);
      expect(report.signers[0].serialNumber).toBe(signer.serialHex);
    }
  });

  it('accepts our ECDSA P-256 signature', async () => {
    const report = await verifyCms({ cms: await ec.sign(), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin] } }, ec.context);
    expectValid(report);
    expect(report.signers[0].algorithm).toBe('ECDSA-P256/SHA-256');
  });

  it('accepts RSA-PSS, attached content, base64 and PEM input', async () => {
    const pss = await rsa.sign({ pss: true });
    const pssReport = await verifyCms({ cms: Buffer.from(pss).toString('base64'), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expectValid(pssReport);
    expect(pssReport.signers[0].algorithm).toBe('RSA-PSS/SHA-256');
    const attachedPem = await signCms({ content: DOCUMENT, keyPem: rsa.signer.keyPem, certPem: rsa.signer.certPem, chainPems: [rsa.ca.intermediate.certPem], detached: false, pem: true });
    expect(attachedPem.startsWith('-----BEGIN CMS-----')).toBe(true);
    expectValid(await verifyCms({ cms: attachedPem, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context));
    const pkcs7Pem = attachedPem.replace(/CMS-----/g, 'PKCS7-----');
    expectValid(await verifyCms({ cms: pkcs7Pem, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context));
  });

  it('accepts the signature of a substitute listed in expectedSigner.iins', async () => {
    const deputy = issueEndEntity(rsa.ca, DEPUTY, { purpose: 'sign' });
    const report = await verifyCms(
      { cms: await rsa.sign({ credential: deputy }), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin, DEPUTY.iin], bin: BIN }, requiredRoles: { anyOf: ['first-head', 'right-to-sign'] } },
      rsa.context,
    );
    expectValid(report);
  });

  it('uses intermediates from the configuration when the CMS lacks them', async () => {
    const cms = await signCms({ content: DOCUMENT, keyPem: rsa.signer.keyPem, certPem: rsa.signer.certPem });
    const without = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(without.reason).toBe('untrusted-root');
    expectValid(await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.contextWith({ intermediatesPem: rsa.ca.intermediate.certPem })));
  });
});

describe('integrity', () => {
  it('refuses tampered content (detached)', async () => {
    const tampered = Uint8Array.from(DOCUMENT);
    tampered[10] ^= 0x01;
    const report = await verifyCms({ cms: await rsa.sign(), content: tampered, receivedAt: receivedAt() }, rsa.context);
    expect(report.valid).toBe(false);
    expect(report.reason).toBe('digest-mismatch');
  });

  it('refuses a signature made over another document', async () => {
    const cms = await signCms({ content: OTHER_DOCUMENT, keyPem: rsa.signer.keyPem, certPem: rsa.signer.certPem, chainPems: [rsa.ca.intermediate.certPem] });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('digest-mismatch');
  });

  it('refuses attached content that differs from the stored content', async () => {
    const cms = await rsa.sign({ detached: false });
    const report = await verifyCms({ cms, content: OTHER_DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('content-mismatch');
  });

  it('refuses tampered encapsulated content even when the stored copy was tampered the same way', async () => {
    const tampered = Uint8Array.from(DOCUMENT);
    tampered[0] ^= 0x20;
    const cms = mutateCms(await rsa.sign({ detached: false }), (sd) => {
      sd.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tampered.slice().buffer });
    });
    const report = await verifyCms({ cms, content: tampered, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('digest-mismatch');
  });

  it('refuses a corrupted signature value', async () => {
    const cms = mutateCms(await rsa.sign(), (sd) => {
      const signature = new Uint8Array(sd.signerInfos[0].signature.valueBlock.valueHexView);
      signature[5] ^= 0xff;
      sd.signerInfos[0].signature = new asn1js.OctetString({ valueHex: signature.slice().buffer });
    });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('bad-signature');
  });

  it('refuses a signed attribute changed after signing', async () => {
    const cms = mutateCms(await ec.sign(), (sd) => {
      const attrs = sd.signerInfos[0].signedAttrs!;
      const time = attrs.attributes.find((a) => a.type === '1.2.840.113549.1.9.5')!;
      time.values = [new asn1js.UTCTime({ valueDate: new Date(Date.now() - 60_000) })];
      attrs.encodedValue = new ArrayBuffer(0);
    });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, ec.context);
    expect(report.reason).toBe('bad-signature');
  });
});

describe('certificates and chain', () => {
  it('refuses a certificate from an unknown root', async () => {
    const stranger = createTestCa({ keyType: 'ec', name: 'Stranger' });
    const credential = issueEndEntity(stranger, ASSIGNEE, { purpose: 'sign' });
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [stranger.intermediate.certPem, stranger.root.certPem] });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('untrusted-root');
    expect(report.signers[0].chain).toEqual([]);
  });

  it('refuses an expired certificate', async () => {
    const expired = issueEndEntity(rsa.ca, ASSIGNEE, { purpose: 'sign', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 30 * DAY) });
    const report = await verifyCms({ cms: await rsa.sign({ credential: expired }), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('certificate-expired');
  });

  it('refuses a certificate not yet valid', async () => {
    const future = issueEndEntity(rsa.ca, ASSIGNEE, { purpose: 'sign', notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const report = await verifyCms({ cms: await rsa.sign({ credential: future }), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('certificate-not-yet-valid');
  });

  it('refuses a signing time claimed long before receipt', async () => {
    const report = await verifyCms({ cms: await rsa.sign({ signingTime: new Date(Date.now() - 3 * DAY) }), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('signing-time-implausible');
  });

  it('uses the receipt time when the CMS has no signingTime', async () => {
    const at = new Date();
    const report = await verifyCms({ cms: await rsa.sign({ signingTime: null }), content: DOCUMENT, receivedAt: at }, rsa.context);
    expectValid(report);
    expect(report.signers[0]).toMatchObject({ signingTimeSource: 'receipt', signingTime: at.toISOString() });
  });
});

describe('timestamps', () => {
  let expiredSigner: Credential;
  beforeAll(() => {
    expiredSigner = issueEndEntity(rsa.ca, ASSIGNEE, { purpose: 'sign', notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - 60 * 60_000) });
  });

  it('judges validity at a genuine timestamp genTime', async () => {
    const genTime = new Date(Date.now() - 12 * 60 * 60_000);
    const tsa = createTestTsa(rsa.ca);
    const cms = await rsa.sign({ credential: expiredSigner, signingTime: genTime, timestamp: (signature) => tsa.timestamp(signature, genTime) });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expectValid(report);
    expect(report.signers[0]).toMatchObject({ signingTimeSource: 'timestamp', signingTime: genTime.toISOString() });
  });

  it('refuses a timestamp from an untrusted TSA', async () => {
    const genTime = new Date(Date.now() - 12 * 60 * 60_000);
    const stranger = createTestCa({ keyType: 'ec', name: 'Fake TSA' });
    const tsa = createTestTsa(stranger);
    const cms = await rsa.sign({ credential: expiredSigner, signingTime: genTime, timestamp: (signature) => tsa.timestamp(signature, genTime) });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('timestamp-invalid');
  });

  it('refuses a timestamp that covers another signature', async () => {
    const tsa = createTestTsa(rsa.ca);
    const cms = await rsa.sign({ timestamp: () => tsa.timestamp(new Uint8Array([1, 2, 3])) });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('timestamp-invalid');
    expect(report.signers[0].failures[0].message).toMatch(/different signature/);
  });
});

describe('revocation by CRL', () => {
  it('refuses a revoked certificate', async () => {
    const ca = createTestCa({ keyType: 'ec', name: 'Revoking' });
    const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    revoke(ca, credential.serialHex, new Date(Date.now() - 60_000));
    const context = rsa.contextWith({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem] });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, context);
    expect(report.reason).toBe('revoked');
    expect(report.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });
    // Received before the revocation (e.g. re-verified later for an audit): still valid, with a warning.
    const early = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(Date.now() - 2 * 60_000), policy: { signingTimeFutureSkewMs: DAY } }, context);
    expect(early.valid).toBe(true);
    expect(early.signers[0].warnings.map((w) => w.code)).toContain('revoked-after-signing');
  });

  it('refuses when no revocation data is available, unless the policy allows it', async () => {
    const context = rsa.contextWith({ revocationSources: [] });
    const cms = await rsa.sign();
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, context);
    expect(report.reason).toBe('revocation-unknown');
    expect(report.signers[0].revocation).toMatchObject({ status: 'unknown', source: 'none' });
    const tolerant = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt(), policy: { requireRevocationCheck: false } }, context);
    expect(tolerant.valid).toBe(true);
    expect(tolerant.signers[0].warnings.map((w) => w.code)).toEqual(['revocation-unknown']);
  });
});

describe('key usage, identity and roles', () => {
  it('refuses an authentication key used for signing', async () => {
    const auth = issueEndEntity(rsa.ca, ASSIGNEE, { purpose: 'auth' });
    const report = await verifyCms({ cms: await rsa.sign({ credential: auth }), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin] } }, rsa.context);
    expect(report.reason).toBe('not-a-signing-key');
    expect(report.signers[0].failures[0].message).toMatch(/clientAuth/);
  });

  it('refuses the certificate of someone other than the assignee', async () => {
    const outsider = issueEndEntity(rsa.ca, OUTSIDER, { purpose: 'sign' });
    const report = await verifyCms({ cms: await rsa.sign({ credential: outsider }), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin] } }, rsa.context);
    expect(report.reason).toBe('signer-mismatch');
  });

  it('refuses a personal certificate or another organisation when our BIN is expected', async () => {
    const personal = issueEndEntity(rsa.ca, { ...ASSIGNEE, bin: undefined }, { purpose: 'sign' });
    const report = await verifyCms({ cms: await rsa.sign({ credential: personal }), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin], bin: BIN } }, rsa.context);
    expect(report.reason).toBe('organisation-mismatch');
    const other = await verifyCms({ cms: await rsa.sign(), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin], bin: withControlDigit('99999999999') } }, rsa.context);
    expect(other.reason).toBe('organisation-mismatch');
  });

  it('refuses a signer without the required role', async () => {
    const report = await verifyCms({ cms: await rsa.sign(), content: DOCUMENT, receivedAt: receivedAt(), requiredRoles: ['right-to-sign'] }, rsa.context);
    expect(report.reason).toBe('role-missing');
    expectValid(await verifyCms({ cms: await rsa.sign(), content: DOCUMENT, receivedAt: receivedAt(), requiredRoles: ['first-head', '1.2.398.3.3.4.1.2'] }, rsa.context));
  });

  it('only warns about an IIN with a wrong control digit', async () => {
    const wrong = ASSIGNEE.iin.slice(0, 11) + String((Number(ASSIGNEE.iin[11]) + 1) % 10);
    const credential = issueEndEntity(rsa.ca, { ...ASSIGNEE, iin: wrong }, { purpose: 'sign' });
    const report = await verifyCms({ cms: await rsa.sign({ credential }), content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [wrong] } }, rsa.context);
    expect(report.valid).toBe(true);
    expect(report.signers[0].warnings.map((w) => w.code)).toEqual(['iin-checksum']);
  });
});

describe('envelope', () => {
  it('refuses malformed base64 and PEM', async () => {
    for (const cms of ['not base64 at all!', '-----BEGIN CMS-----\nAAAA\n-----END PKCS7-----', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', 'MIIB', '']) {
      const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
      expect([cms, report.reason]).toEqual([cms, 'malformed-encoding']);
      expect(report.signers).toEqual([]);
    }
    const truncated = (await rsa.sign()).slice(0, 200);
    expect((await verifyCms({ cms: truncated, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context)).reason).toBe('malformed-encoding');
  });

  it('refuses a CMS that is not SignedData', async () => {
    const report = await verifyCms({ cms: dataContentInfo(), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('not-signed-data');
    const certificate = await verifyCms({ cms: rsa.signer.certDer, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(certificate.reason).toBe('not-signed-data');
  });

  it('refuses a CMS above the size limit', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    const cms = await rsa.sign({ detached: false, content: big });
    const report = await verifyCms({ cms, content: big, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('too-large');
    expect((await verifyCms({ cms: Buffer.from(cms).toString('base64'), content: big, receivedAt: receivedAt() }, rsa.context)).reason).toBe('too-large');
    const roomy = rsa.contextWith({ maxCmsBytes: 4 * 1024 * 1024 });
    expectValid(await verifyCms({ cms, content: big, receivedAt: receivedAt() }, roomy));
  });

  it('refuses a GOST signature when no external verifier is configured', async () => {
    const report = await verifyCms({ cms: withGostAlgorithm(await rsa.sign()), content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('unsupported-algorithm');
    expect(report.signers[0].failures[0].message).toMatch(/external verifier/);
  });

  it('verifies and lists every SignerInfo', async () => {
    const outsider = issueEndEntity(rsa.ca, OUTSIDER, { purpose: 'sign' });
    const cms = await buildSignedData({
      content: DOCUMENT,
      detached: true,
      signers: [
        { key: rsa.signer.privateKey, certificateDer: rsa.signer.certDer, chainDers: [rsa.ca.intermediate.certDer] },
        { key: outsider.privateKey, certificateDer: outsider.certDer },
      ],
    });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin] } }, rsa.context);
    expect(report.signers.map((s) => [s.subject.iin, s.valid])).toEqual([
      [ASSIGNEE.iin, true],
      [OUTSIDER.iin, false],
    ]);
    expect(report.reason).toBe('signer-mismatch');
    const both = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt(), expectedSigner: { iins: [ASSIGNEE.iin, OUTSIDER.iin] } }, rsa.context);
    expectValid(both);
  });

  it('reports a signer whose certificate is missing from the CMS', async () => {
    const cms = mutateCms(await rsa.sign(), (sd) => {
      const signerSerial = rsa.signer.serialHex;
      sd.certificates = sd.certificates!.filter((c) => c instanceof pkijs.Certificate && Buffer.from(c.serialNumber.valueBlock.valueHexView).toString('hex') !== signerSerial);
    });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: receivedAt() }, rsa.context);
    expect(report.reason).toBe('signer-certificate-missing');
  });
});
