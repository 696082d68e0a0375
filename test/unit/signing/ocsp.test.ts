import { createCrl, createTestCa, createTestOcspResponder, issueEndEntity, revoke } from '../../../client/dev-ca';
import type { Credential } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { createCrlRevocationSource, createOcspRevocationSource, createVerificationContext, verifyCms } from '../../../signing';
import type { OcspSourceOptions, OcspTransport } from '../../../signing';
import { ASSIGNEE, DOCUMENT } from './fixtures';
import type { TestCa } from '../../../client/dev-ca';

let ca: TestCa;
let good: Credential;
let revoked: Credential;
let goodCms: Uint8Array;
let revokedCms: Uint8Array;

beforeAll(async () => {
  ca = createTestCa({ keyType: 'ec', name: 'OCSP Test' });
  good = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  revoked = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  revoke(ca, revoked.serialHex, new Date(Date.now() - 10 * 60_000));
  const sign = (c: Credential) => signCms({ content: DOCUMENT, keyPem: c.keyPem, certPem: c.certPem, chainPems: [ca.intermediate.certPem] });
  goodCms = await sign(good);
  revokedCms = await sign(revoked);
});

const contextWith = (fetch: OcspTransport, extra: Partial<OcspSourceOptions> = {}) =>
  createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createOcspRevocationSource({ fetch, ...extra })] });
const verify = (cms: Uint8Array, context: ReturnType<typeof contextWith>) => verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context);

it('accepts a certificate the delegated responder reports good, and caches the answer', async () => {
  const responder = createTestOcspResponder(ca);
  let calls = 0;
  const context = contextWith(async (request) => {
    calls += 1;
    return responder(request);
  });
  const first = await verify(goodCms, context);
  expect(first.valid).toBe(true);
  expect(first.signers[0].revocation).toMatchObject({ status: 'good', source: 'ocsp' });
  await verify(goodCms, context);
  expect(calls).toBe(1);
});

it('accepts a response signed by the issuing CA itself', async () => {
  const report = await verify(goodCms, contextWith(createTestOcspResponder(ca, { signer: ca.intermediate })));
  expect(report.valid).toBe(true);
});

it('refuses a certificate the responder reports revoked', async () => {
  const report = await verify(revokedCms, contextWith(createTestOcspResponder(ca)));
  expect(report.reason).toBe('revoked');
  expect(report.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'ocsp' });
  expect(report.signers[0].revocation.revokedAt).toBeDefined();
});

describe('forged or unusable responses are refused', () => {
  it('a response signed by another CA’s responder', async () => {
    const stranger = createTestCa({ keyType: 'ec', name: 'Forger' });
    const report = await verify(revokedCms, contextWith(createTestOcspResponder(ca, { signer: stranger.ocspResponder, forceStatus: 'good' })));
    expect(report.reason).toBe('ocsp-response-invalid');
    expect(report.signers[0].revocation.status).toBe('unknown');
  });

  it('a response whose signed data was altered', async () => {
    const report = await verify(goodCms, contextWith(createTestOcspResponder(ca, { tamper: true })));
    expect(report.reason).toBe('ocsp-response-invalid');
  });

  it('a response from a certificate of the CA that lacks id-kp-OCSPSigning', async () => {
    const report = await verify(revokedCms, contextWith(createTestOcspResponder(ca, { signer: ca.tsa, forceStatus: 'good' })));
    expect(report.reason).toBe('ocsp-response-invalid');
    expect(report.signers[0].failures[0].message).toMatch(/OCSPSigning/);
  });

  it('a replayed response with another nonce', async () => {
    const responder = createTestOcspResponder(ca);
    const stale = await responder(await captureRequest(good));
    const report = await verify(goodCms, contextWith(async () => stale));
    expect(report.reason).toBe('ocsp-response-invalid');
    expect(report.signers[0].failures[0].message).toMatch(/nonce/);
  });

  it('garbage bytes', async () => {
    const report = await verify(goodCms, contextWith(async () => new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x00])));
    expect(report.reason).toBe('ocsp-response-invalid');
  });
});

describe('an authentic "good" answer past its window is decided as a stale CRL is', () => {
  const expired = { thisUpdateOffsetMs: -3 * 60 * 60_000, nextUpdateMs: 60 * 60_000 };
  const staleCrl = () => createCrl(ca, { thisUpdate: new Date(Date.now() - 10 * 86_400_000), nextUpdate: new Date(Date.now() - 86_400_000) });
  const crlContext = () => createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [staleCrl()] })] });
  const tolerant = (context: ReturnType<typeof contextWith>) =>
    verifyCms({ cms: goodCms, content: DOCUMENT, receivedAt: new Date(), policy: { requireRevocationCheck: false } }, context);

  it('no current evidence: revocation unknown, refused by default, a warning when checking is not required', async () => {
    const ocsp = contextWith(createTestOcspResponder(ca, expired));
    const byDefault = await verify(goodCms, ocsp);
    expect(byDefault.reason).toBe('revocation-unknown');
    expect(byDefault.signers[0].revocation.status).toBe('unknown');
    expect(byDefault.signers[0].failures[0].message).toMatch(/expired at nextUpdate/);
    const allowed = await tolerant(ocsp);
    expect(allowed.valid).toBe(true);
    expect(allowed.signers[0].warnings.map((w) => w.code)).toEqual(['revocation-unknown']);
  });

  it('gets the same decision as a stale CRL, under both policies', async () => {
    const ocsp = contextWith(createTestOcspResponder(ca, expired));
    const decision = (r: Awaited<ReturnType<typeof verify>>) => ({ valid: r.valid, reason: r.reason, status: r.signers[0].revocation.status, codes: r.signers[0].failures.map((f) => f.code) });
    expect(decision(await verify(goodCms, ocsp))).toEqual(decision(await verify(goodCms, crlContext())));
    expect(decision(await tolerant(ocsp))).toEqual(decision(await tolerant(crlContext())));
  });

  it('lets a later source answer, keeping the stale answer as a warning', async () => {
    const context = createVerificationContext({
      trustedRootsPem: ca.root.certPem,
      revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca, expired) }), createCrlRevocationSource({ crls: [createCrl(ca)] })],
    });
    const report = await verify(goodCms, context);
    expect(report.valid).toBe(true);
    expect(report.signers[0].revocation.source).toBe('crl');
    expect(report.signers[0].warnings.map((w) => w.code)).toContain('ocsp-stale');
  });
});

describe('a "revoked" answer past its validity window', () => {
  const expired = { thisUpdateOffsetMs: -3 * 60 * 60_000, nextUpdateMs: 60 * 60_000 };

  it('still proves the revocation, under the default policy and when checking is not required', async () => {
    const context = contextWith(createTestOcspResponder(ca, expired));
    const report = await verify(revokedCms, context);
    expect(report.reason).toBe('revoked');
    expect(report.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'ocsp' });
    const tolerant = await verifyCms({ cms: revokedCms, content: DOCUMENT, receivedAt: new Date(), policy: { requireRevocationCheck: false } }, context);
    expect(tolerant.reason).toBe('revoked');
  });

  it('does not prove a hold (certificateHold can be lifted)', async () => {
    const report = await verify(revokedCms, contextWith(createTestOcspResponder(ca, { ...expired, revocationReason: 6 })));
    expect(report.reason).toBe('revocation-unknown'); // as a hold on a stale CRL
    expect(report.signers[0].failures[0].message).toMatch(/expired/);
  });

  it('a current hold is a revocation', async () => {
    const report = await verify(revokedCms, contextWith(createTestOcspResponder(ca, { revocationReason: 6 })));
    expect(report.reason).toBe('revoked');
  });
});

it('reports revocation-unknown when the responder is unreachable or does not know the certificate', async () => {
  const down = await verify(goodCms, contextWith(async () => Promise.reject(new Error('ECONNREFUSED'))));
  expect(down.reason).toBe('revocation-unknown');
  expect(down.signers[0].failures[0].message).toMatch(/ECONNREFUSED/);
  const unknown = await verify(goodCms, contextWith(createTestOcspResponder(ca, { forceStatus: 'unknown' })));
  expect(unknown.reason).toBe('revocation-unknown');
});

it('falls back to the CRL when OCSP cannot answer, keeping the OCSP problem as a warning', async () => {
  const context = createVerificationContext({
    trustedRootsPem: ca.root.certPem,
    revocationSources: [createOcspRevocationSource({ fetch: createTestOcspResponder(ca, { tamper: true }) }), createCrlRevocationSource({ crls: [createCrl(ca)] })],
  });
  const report = await verify(goodCms, context);
  expect(report.valid).toBe(true);
  expect(report.signers[0].revocation.source).toBe('crl');
  expect(report.signers[0].warnings.map((w) => w.code)).toContain('ocsp-response-invalid');
  expect((await verify(revokedCms, context)).reason).toBe('revoked');
});

/** The DER of an OCSP request for `credential`, as the verifier would send it (with its own nonce). */
async function captureRequest(credential: Credential): Promise<Uint8Array> {
  let captured: Uint8Array | undefined;
  const cms = credential === good ? goodCms : revokedCms;
  await verify(cms, contextWith(async (request) => {
    captured = request;
    throw new Error('captured');
  }));
  return captured!;
}
