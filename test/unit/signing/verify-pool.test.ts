import { createCrl, createTestCa, createTestOcspResponder, issueEndEntity, revoke } from '../../../client/dev-ca';
import type { Credential, TestCa } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { createOcspRevocationSource, createVerificationContextFromConfig, createVerifyPool, verifyCms } from '../../../signing';
import type { VerificationReport, VerifyPool, VerificationContextConfig } from '../../../signing';
import { ASSIGNEE, DOCUMENT, OUTSIDER, withGostAlgorithm } from './fixtures';

let ca: TestCa;
let signer: Credential;
let revoked: Credential;
let outsider: Credential;
let pool: VerifyPool;
let config: VerificationContextConfig;

beforeAll(() => {
  ca = createTestCa({ keyType: 'ec', name: 'Pool Test' });
  signer = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  revoked = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  outsider = issueEndEntity(ca, OUTSIDER, { purpose: 'sign' });
  revoke(ca, revoked.serialHex, new Date(Date.now() - 60_000));
  // The CRL travels to the workers as bytes; the OCSP responder stays on this thread and is bridged.
  config = { trustedRootsPem: ca.root.certPem, intermediatesPem: ca.intermediate.certPem, crl: { crls: [createCrl(ca)] }, revocationOrder: ['crl'] };
  pool = createVerifyPool({ size: 2, context: config, revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca) })] });
});

afterAll(() => pool.close());

/** Times differ between runs; everything else must be identical. */
const comparable = (report: VerificationReport) => ({ ...report, verifiedAt: 'T', signers: report.signers.map((s) => ({ ...s, revocation: { ...s.revocation, checkedAt: 'T' } })) });

it('returns the same reports as in-process verification', async () => {
  const local = createVerificationContextFromConfig(config, { revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca) })] });
  const sign = (c: Credential) => signCms({ content: DOCUMENT, keyPem: c.keyPem, certPem: c.certPem });
  const receivedAt = new Date();
  const inputs = [
    { cms: await sign(signer), content: DOCUMENT, receivedAt, expectedSigner: { iins: [ASSIGNEE.iin] } },
    { cms: await sign(revoked), content: DOCUMENT, receivedAt },
    { cms: await sign(outsider), content: DOCUMENT, receivedAt, expectedSigner: { iins: [ASSIGNEE.iin] } },
    { cms: withGostAlgorithm(await sign(signer)), content: DOCUMENT, receivedAt },
    { cms: 'garbage', content: DOCUMENT, receivedAt },
  ];
  const pooled = await Promise.all(inputs.map((input) => pool.verify(input)));
  const inProcess = await Promise.all(inputs.map((input) => verifyCms(input, local)));
  expect(pooled.map((r) => r.reason)).toEqual([undefined, 'revoked', 'signer-mismatch', 'unsupported-algorithm', 'malformed-encoding']);
  expect(pooled.map(comparable)).toEqual(inProcess.map(comparable));
});

it('consults a main-thread revocation source when the configured ones cannot answer', async () => {
  const other = createTestCa({ keyType: 'ec', name: 'Pool OCSP Only' });
  const credential = issueEndEntity(other, ASSIGNEE, { purpose: 'sign' });
  let asked = 0;
  const responder = createTestOcspResponder(other);
  const ocspPool = createVerifyPool({
    size: 1,
    context: { trustedRootsPem: other.root.certPem },
    revocationSources: [createOcspRevocationSource({ fetch: (request) => (asked++, responder(request)) })],
  });
  try {
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [other.intermediate.certPem] });
    const report = await ocspPool.verify({ cms, content: DOCUMENT, receivedAt: new Date() });
    expect(report.valid).toBe(true);
    expect(report.signers[0].revocation.source).toBe('ocsp');
    expect(asked).toBe(1);
  } finally {
    await ocspPool.close();
  }
});

it('handles concurrent verifications and rejects after close', async () => {
  const cms = await signCms({ content: DOCUMENT, keyPem: signer.keyPem, certPem: signer.certPem });
  const reports = await Promise.all(Array.from({ length: 20 }, () => pool.verify({ cms, content: DOCUMENT, receivedAt: new Date() })));
  expect(reports.every((r) => r.valid)).toBe(true);
  const closing = createVerifyPool({ size: 1, context: config });
  await closing.close();
  await expect(closing.verify({ cms, content: DOCUMENT, receivedAt: new Date() })).rejects.toThrow(/closed/);
});

it('refuses work instead of respawning forever when workers cannot start', async () => {
  const broken = createVerifyPool({ size: 1, context: { trustedRootsPem: 'no certificates here' } });
  try {
    await expect(broken.verify({ cms: 'x', content: DOCUMENT, receivedAt: new Date() })).rejects.toThrow(/failed to start: .*no trusted root/);
    await expect(broken.verify({ cms: 'x', content: DOCUMENT, receivedAt: new Date() })).rejects.toThrow(/failed to start/);
  } finally {
    await broken.close();
  }
});

it('starts a thread with the first verification, stops it when idle and starts another for later work', async () => {
  const cms = await signCms({ content: DOCUMENT, keyPem: signer.keyPem, certPem: signer.certPem });
  const lazy = createVerifyPool({ size: 2, idleMs: 200, concurrencyPerWorker: 1, context: config });
  try {
    expect(lazy.threads).toBe(0);
    expect((await lazy.verify({ cms, content: DOCUMENT, receivedAt: new Date() })).valid).toBe(true);
    expect(lazy.threads).toBe(1);
    // Two at once with one in flight per thread: the second thread starts, and not a third.
    const both = Promise.all([1, 2, 3].map(() => lazy.verify({ cms, content: DOCUMENT, receivedAt: new Date() })));
    expect(lazy.threads).toBe(2);
    expect((await both).every((r) => r.valid)).toBe(true);
    for (let waited = 0; lazy.threads > 0 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(lazy.threads).toBe(0);
    expect((await lazy.verify({ cms, content: DOCUMENT, receivedAt: new Date() })).valid).toBe(true);
    expect(lazy.threads).toBe(1);
  } finally {
    await lazy.close();
  }
  expect(lazy.threads).toBe(0);
});
