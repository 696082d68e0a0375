import { createCrl, createTestCa, issueEndEntity, revoke } from '../../../client/dev-ca';
import type { TestCa } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { parseCertificate } from '../../../signing/certs/parsed-certificate';
import { createCrlRevocationSource, createVerificationContext, CrlIndexCache, verifyCms } from '../../../signing';
import { ASSIGNEE, DAY, DOCUMENT } from './fixtures';

let ca: TestCa;
beforeEach(() => {
  // A CA of each test's own: revocations one test records must not show up on another test's lists.
  ca = createTestCa({ keyType: 'ec', name: 'CRL Test' });
});

it('indexes a 100 000-entry CRL once and answers every later lookup from that index', async () => {
  const target = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  revoke(ca, target.serialHex, new Date(Date.now() - 60_000));
  const crl = createCrl(ca, { extraEntries: 100_000 });
  const cache = new CrlIndexCache();
  const source = createCrlRevocationSource({ crls: [crl], indexCache: cache });
  expect(cache.builds).toBe(1);
  expect(cache.get(crl).revoked.size).toBe(100_001);

  const certificate = parseCertificate(target.certDer);
  const issuer = parseCertificate(ca.intermediate.certDer);
  const now = new Date();
  const first = await source.check({ certificate, issuer, now }); // includes the one-off signature check
  expect(first).toMatchObject({ status: 'revoked', source: 'crl' });
  const lookups = 2_000;
  for (let i = 0; i < lookups; i += 1) await source.check({ certificate, issuer, now });
  expect(cache.builds).toBe(1);
  // Speed is the signatures benchmark's business; here, the index is built once and never rebuilt per lookup.
});

it('refuses a CRL that the issuing CA did not sign', async () => {
  const forger = createTestCa({ keyType: 'ec', name: 'CRL Forger' });
  const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  // Same issuer name, wrong key: a CRL "from" our CA signed by someone else.
  const forged = createCrl(ca, { signer: { ...forger.intermediate, certDer: ca.intermediate.certDer } });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [forged] })] });
  const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem] });
  const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context);
  expect(report.reason).toBe('crl-invalid');
});

it('does not use a stale CRL', async () => {
  const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  const stale = createCrl(ca, { thisUpdate: new Date(Date.now() - 10 * DAY), nextUpdate: new Date(Date.now() - DAY) });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [stale] })] });
  const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem] });
  const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context);
  expect(report.reason).toBe('revocation-unknown');
  expect(report.signers[0].failures[0].message).toMatch(/not current/);
});

it('fetches CRLs through the pluggable fetcher with the distribution points', async () => {
  const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  const crl = createCrl(ca);
  const requested: string[][] = [];
  const source = createCrlRevocationSource({
    fetchCrls: async ({ distributionPoints }) => {
      requested.push(distributionPoints);
      return [crl];
    },
  });
  const answer = await source.check({ certificate: parseCertificate(credential.certDer), issuer: parseCertificate(ca.intermediate.certDer), now: new Date() });
  expect(answer).toMatchObject({ status: 'good', source: 'crl' });
  expect(requested).toEqual([[ca.crlUrl]]);
});

describe('a CRL past its nextUpdate', () => {
  const staleDates = () => ({ thisUpdate: new Date(Date.now() - 10 * DAY), nextUpdate: new Date(Date.now() - DAY) });
  const setup = async (options: { onHold?: boolean } = {}) => {
    const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    revoke(ca, credential.serialHex, new Date(Date.now() - 20 * DAY));
    const stale = createCrl(ca, { ...staleDates(), onHold: options.onHold ? [credential.serialHex] : [] });
    const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [stale] })] });
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem] });
    return { context, cms };
  };

  it('still proves a revocation it lists, under the default policy', async () => {
    const { context, cms } = await setup();
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context);
    expect(report.valid).toBe(false);
    expect(report.reason).toBe('revoked');
    expect(report.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });
  });

  it('still proves a revocation it lists when revocation checking is not required', async () => {
    const { context, cms } = await setup();
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), policy: { requireRevocationCheck: false } }, context);
    expect(report.valid).toBe(false);
    expect(report.reason).toBe('revoked');
  });

  it('a listed revocation dated after the signature existed leaves the signature valid, with a warning', async () => {
    // A hierarchy from a month ago: the signature was received 15 days ago, the revocation 12 days ago.
    const older = createTestCa({ keyType: 'ec', name: 'CRL Old', now: new Date(Date.now() - 30 * DAY) });
    const credential = issueEndEntity(older, ASSIGNEE, { purpose: 'sign', now: new Date(Date.now() - 20 * DAY) });
    const receivedAt = new Date(Date.now() - 15 * DAY);
    revoke(older, credential.serialHex, new Date(Date.now() - 12 * DAY));
    const stale = createCrl(older, staleDates());
    const context = createVerificationContext({ trustedRootsPem: older.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [stale] })] });
    const cms = await signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [older.intermediate.certPem], signingTime: receivedAt });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt }, context);
    expect(report.signers[0].failures).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });
    expect(report.signers[0].warnings.map((w) => w.code)).toContain('revoked-after-signing');
  });

  it('does not prove a hold, which the CA may have lifted since', async () => {
    const { context, cms } = await setup({ onHold: true });
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context);
    expect(report.reason).toBe('revocation-unknown');
    const tolerant = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), policy: { requireRevocationCheck: false } }, context);
    expect(tolerant.valid).toBe(true);
    expect(tolerant.signers[0].warnings.map((w) => w.code)).toContain('revocation-unknown');
  });

  it('keeps a permanent revocation that a newer list no longer carries (dropped after expiry)', async () => {
    const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    revoke(ca, credential.serialHex, new Date(Date.now() - 20 * DAY));
    const old = createCrl(ca, staleDates());
    ca.revoked.delete(credential.serialHex);
    const fresh = createCrl(ca);
    const source = createCrlRevocationSource({ crls: [fresh, old] });
    const answer = await source.check({ certificate: parseCertificate(credential.certDer), issuer: parseCertificate(ca.intermediate.certDer), now: new Date() });
    expect(answer).toMatchObject({ status: 'revoked', source: 'crl' });
  });

  it('lets a newer current list lift a hold', async () => {
    const credential = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
    revoke(ca, credential.serialHex, new Date(Date.now() - 20 * DAY));
    const held = createCrl(ca, { thisUpdate: new Date(Date.now() - 2 * DAY), onHold: [credential.serialHex] });
    ca.revoked.delete(credential.serialHex);
    const released = createCrl(ca);
    const source = createCrlRevocationSource({ crls: [held, released] });
    const answer = await source.check({ certificate: parseCertificate(credential.certDer), issuer: parseCertificate(ca.intermediate.certDer), now: new Date() });
    expect(answer).toMatchObject({ status: 'good', source: 'crl' });
  });
});
