/**
 * Substitution on a signed route, through the API with the real verification engine and the real workflow:
 * while the deputy stands in for the absent chairman (and others for the approver and the registrar), the
 * deputy signs with their own key "on behalf of" the chairman, the route is registered, and the audit says who
 * acted for whom. When a substitution ends with the task still open, the former substitute is refused and the
 * owner acts.
 */
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from './people/people-harness';

jest.setTimeout(180_000);

const iin = (first11: string) => `${first11}${iinControlDigit(first11)}`;
const CHAIR_IIN = iin('75031230012');
const DEPUTY_IIN = iin('82071540023');
const HOUR = 3_600_000;

let sys: TestSystem;
let ca: TestCa;
let chairKey: Credential;
let deputyKey: Credential;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['author', 'a1', 'a1-sub', 'chair', 'deputy', 'reg', 'reg-sub', 'auditor'];

beforeAll(async () => {
  ca = createTestCa({ keyType: 'ec' });
  chairKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: CHAIR_IIN, roles: ['first-head'] }, { purpose: 'sign' });
  deputyKey = issueEndEntity(ca, { fullName: 'Сапарова Айгерим', iin: DEPUTY_IIN, roles: ['right-to-sign'] }, { purpose: 'sign' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier });
  await sys.addPeople([
    { id: 'author' },
    { id: 'a1' },
    { id: 'a1-sub' },
    { id: 'chair', iin: CHAIR_IIN },
    { id: 'deputy', iin: DEPUTY_IIN },
    { id: 'reg', roles: ['employee', 'registrar'] },
    { id: 'reg-sub', roles: ['employee', 'registrar'] },
    { id: 'auditor', roles: ['employee', 'auditor'] },
  ]);
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

async function appoint(absentId: string, substituteId: string): Promise<string> {
  const res = await sys.http
    .post('/api/substitutions')
    .set(as(absentId))
    .send({ absentId, substituteId, from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString(), documentTypes: [] })
    .expect(201);
  return res.body.id as string;
}

async function newLetter(title: string): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(as('author'))
    .send({ type: 'outgoing-letter', title, participants: { approvers: ['a1'], signer: 'chair' } })
    .expect(201);
  await sys.http.post(`/api/documents/${res.body.id}/actions/submit`).set(as('author')).send({}).expect(200);
  return res.body.id as string;
}

async function signedBy(id: string, who: string, key: Credential): Promise<string> {
  const res = await sys.http.get(`/api/documents/${id}/content-to-sign`).set(as(who)).expect(200);
  const content = new Uint8Array(Buffer.from(res.body.contentBase64, 'base64'));
  return signCms({ content, keyPem: key.keyPem, certPem: key.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
}

const auditEvent = (documentId: string, type: string) =>
  until(async () => {
    const found = await sys.models.AuditEvent.findOne({ documentId, type }).lean();
    expect(found).toBeTruthy();
    return found!;
  });

describe('while the approver, the chairman and the registrar are away', () => {
  const substitutions: string[] = [];
  beforeAll(async () => {
    substitutions.push(await appoint('a1', 'a1-sub'), await appoint('chair', 'deputy'), await appoint('reg', 'reg-sub'));
  });
  afterAll(async () => {
    await sys.models.Substitution.deleteMany({ _id: { $in: substitutions } });
  });

  it('their substitutes approve, sign with their own keys and register, each "on behalf of" the owner', async () => {
    const id = await newLetter('Signed by the deputy');
    const approved = await sys.http.post(`/api/documents/${id}/actions/approve`).set(as('a1-sub')).send({ onBehalfOf: 'a1' }).expect(200);
    expect(approved.body.status).toBe('on-signing');

    const cms = await signedBy(id, 'deputy', deputyKey);
    const signed = await sys.http.post(`/api/documents/${id}/signatures`).set(as('deputy')).send({ cms, onBehalfOf: 'chair' }).expect(201);
    expect(signed.body.document.status).toBe('on-registration');
    const signTask = (signed.body.document.workflow.tasks as Array<{ kind: string; assigneeId: string; actedBy?: string; onBehalfOf?: string; state: string }>).find((t) => t.kind === 'sign');
    expect(signTask).toMatchObject({ assigneeId: 'chair', actedBy: 'deputy', onBehalfOf: 'chair', state: 'done' });

    const list = await sys.http.get(`/api/documents/${id}/signatures`).set(as('author')).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ status: 'valid', submittedBy: 'deputy', onBehalfOf: 'chair' });
    expect(list.body[0].report.signers[0].subject.iin).toBe(DEPUTY_IIN);

    const registered = await sys.http.post(`/api/documents/${id}/actions/register`).set(as('reg-sub')).send({ onBehalfOf: 'reg' }).expect(200);
    expect(registered.body.registration.number).toMatch(/\d+$/);

    expect(await auditEvent(id, 'approval.granted')).toMatchObject({ actorId: 'a1-sub', onBehalfOf: 'a1' });
    expect(await auditEvent(id, 'signature.accepted')).toMatchObject({ actorId: 'deputy', onBehalfOf: 'chair' });
    const registration = await until(async () => {
      const found = await sys.models.AuditEvent.findOne({ documentId: id, type: { $regex: /^document\.registered|^registration\./ } }).lean();
      expect(found).toBeTruthy();
      return found!;
    });
    expect(registration).toMatchObject({ actorId: 'reg-sub', onBehalfOf: 'reg' });
    const timeline = await sys.http.get(`/api/documents/${id}/history`).set(as('auditor')).expect(200);
    expect(timeline.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'signature.accepted', who: 'Test deputy on behalf of Test chair' })]));
  });

  it('a substitute presenting the chairman\'s own key is refused: the certificate must name who acts', async () => {
    const id = await newLetter('Key sharing');
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(as('a1')).send({}).expect(200);
    const cms = await signedBy(id, 'deputy', chairKey);
    const res = await sys.http.post(`/api/documents/${id}/signatures`).set(as('deputy')).send({ cms, onBehalfOf: 'chair' });
    expect(res.status).toBe(422);
    expect(res.body.report.failures.map((f: { code: string }) => f.code)).toContain('signer-mismatch');
    const card = await sys.http.get(`/api/documents/${id}`).set(as('chair')).expect(200);
    expect(card.body.status).toBe('on-signing');
  });
});

it('a substitution that ends while the signing task is open: the former substitute is refused, the chairman signs', async () => {
  const substitution = await appoint('chair', 'deputy');
  const id = await newLetter('Chairman back early');
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(as('a1')).send({}).expect(200);
  const deputyCms = await signedBy(id, 'deputy', deputyKey);
  await sys.http.post(`/api/substitutions/${substitution}/cancel`).set(as('chair')).send({ reason: 'back early' }).expect(200);

  const refused = await sys.http.post(`/api/documents/${id}/signatures`).set(as('deputy')).send({ cms: deputyCms, onBehalfOf: 'chair' });
  expect([403, 404]).toContain(refused.status);
  expect((await sys.http.get(`/api/documents/${id}/signatures`).set(as('chair')).expect(200)).body).toEqual([]);

  const signed = await sys.http.post(`/api/documents/${id}/signatures`).set(as('chair')).send({ cms: await signedBy(id, 'chair', chairKey) }).expect(201);
  expect(signed.body.document.status).toBe('on-registration');
  expect(await auditEvent(id, 'signature.accepted')).toMatchObject({ actorId: 'chair' });
  expect((await auditEvent(id, 'signature.accepted')).onBehalfOf ?? undefined).toBeUndefined();
});

it('a substitution that ends while the approver still sees the document: the former substitute is refused as no substitute', async () => {
  // The deputy is an approver of this letter, so the letter stays visible to them after the substitution ends.
  const substitution = await appoint('chair', 'deputy');
  const created = await sys.http
    .post('/api/documents')
    .set(as('author'))
    .send({ type: 'outgoing-letter', title: 'Deputy approves, chairman signs', participants: { approvers: ['deputy'], signer: 'chair' } })
    .expect(201);
  const id = created.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(as('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(as('deputy')).send({}).expect(200);
  const deputyCms = await signedBy(id, 'deputy', deputyKey);
  await sys.http.post(`/api/substitutions/${substitution}/cancel`).set(as('chair')).send({ reason: 'back early' }).expect(200);

  const refused = await sys.http.post(`/api/documents/${id}/signatures`).set(as('deputy')).send({ cms: deputyCms, onBehalfOf: 'chair' });
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toMatch(/not a substitute for chair/);
  // Refused before anything was stored: no stray "pending" signature on the card.
  expect((await sys.http.get(`/api/documents/${id}/signatures`).set(as('chair')).expect(200)).body).toEqual([]);
  await sys.http.post(`/api/documents/${id}/signatures`).set(as('chair')).send({ cms: await signedBy(id, 'chair', chairKey) }).expect(201);
});
