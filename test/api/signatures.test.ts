/**
 * Signing through the API with the real verification engine: a valid signature moves the route on; a
 * tampered, foreign or malformed one is refused with a precise reason and stored as invalid; content
 * changed after signing blocks registration.
 */
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { startTestSystem, type TestSystem } from '../support/system';

const iin = (first11: string) => `${first11}${iinControlDigit(first11)}`;
const BOSS_IIN = iin('75031230012');
const OTHER_IIN = iin('88042130045');

let sys: TestSystem;
let ca: TestCa;
let bossKey: Credential;
let otherKey: Credential;
let bossAuthKey: Credential;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  ca = createTestCa({ keyType: 'ec' });
  bossKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: BOSS_IIN, roles: ['first-head'] }, { purpose: 'sign' });
  bossAuthKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: BOSS_IIN }, { purpose: 'auth' });
  otherKey = issueEndEntity(ca, { fullName: 'Нурланов Ержан', iin: OTHER_IIN }, { purpose: 'sign' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier });
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'boss', iin: BOSS_IIN }, { id: 'reg', roles: ['employee', 'registrar'] }]);
  for (const id of ['author', 'a1', 'boss', 'reg']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

async function letterAtSigning(): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Signed letter', participants: { approvers: ['a1'], signer: 'boss' } })
    .expect(201);
  const id = res.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  const approved = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  expect(approved.body.status).toBe('on-signing');
  return id;
}

async function contentOf(id: string): Promise<Uint8Array> {
  const res = await sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth('boss')).expect(200);
  return new Uint8Array(Buffer.from(res.body.contentBase64, 'base64'));
}

const sign = (content: Uint8Array, key: Credential, pem = true) =>
  signCms({ content, keyPem: key.keyPem, certPem: key.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: pem as true });

it('a valid detached CMS by the signer moves the route on; registration follows', async () => {
  const id = await letterAtSigning();
  const cms = await sign(await contentOf(id), bossKey);
  const res = await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms }).expect(201);
  expect(res.body.document.status).toBe('on-registration');
  const list = await sys.http.get(`/api/documents/${id}/signatures`).set(auth('author')).expect(200);
  expect(list.body).toHaveLength(1);
  expect(list.body[0]).toMatchObject({ status: 'valid', submittedBy: 'boss' });
  expect(list.body[0].report.signers[0].subject.iin).toBe(BOSS_IIN);
  const registered = await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);
  expect(registered.body.registration.number).toMatch(/\d+$/);
});

it('refuses a signature over other content, by another person, with an auth key, or malformed', async () => {
  const id = await letterAtSigning();
  const content = await contentOf(id);
  const cases: Array<[string, string, string]> = [
    ['tampered content', await sign(new Uint8Array(Buffer.from('another document')), bossKey), 'digest-mismatch'],
    ["someone else's certificate", await sign(content, otherKey), 'signer-mismatch'],
    ['an authentication key', await sign(content, bossAuthKey), 'not-a-signing-key'],
  ];
  for (const [what, cms, code] of cases) {
    const res = await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms });
    expect({ what, status: res.status, refusal: res.body.refusal }).toEqual({ what, status: 422, refusal: 'SignatureInvalid' });
    expect(res.body.report.failures.map((f: { code: string }) => f.code)).toContain(code);
  }
  const malformed = await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms: 'not base64 at all !!!' });
  expect(malformed.status).toBe(422);
  expect(malformed.body.errors[0].field).toBe('body.cms');
  const stored = await sys.http.get(`/api/documents/${id}/signatures`).set(auth('boss')).expect(200);
  expect(stored.body.map((s: { status: string }) => s.status)).toEqual(['invalid', 'invalid', 'invalid']);
  const card = await sys.http.get(`/api/documents/${id}`).set(auth('boss')).expect(200);
  expect(card.body.status).toBe('on-signing');
});

it('a document changed after signing is not registered', async () => {
  const id = await letterAtSigning();
  await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms: await sign(await contentOf(id), bossKey) }).expect(201);
  // Someone alters the stored card behind the route's back.
  await sys.models.Document.updateOne({ _id: id }, { $set: { title: 'A different title' } });
  const res = await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({});
  expect(res.status).toBe(422);
  expect(res.body.detail).toMatch(/changed after it was signed/);
  expect(await sys.models.Registration.countDocuments({ _id: id })).toBe(0);
});
