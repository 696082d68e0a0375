/**
 * Transfer of cases: open tasks, controls and drafts move to another employee through the workflow Update
 * `task.reassign`; then the first employee is left as is, dismissed, or deleted (pseudonymised, with the
 * audit chain still verifying).
 */
import { hashPassword } from '../../../domain/identity/password-hash';
import { pseudonymOf } from '../../../api/services/transfer-service';
import { makeIin } from '../../../db/seed/iin';
import { startTestSystem, type TestSystem } from '../../support/system';
import { until } from './people-harness';

jest.setTimeout(180_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['author', 'xenia', 'yerlan', 'zarina', 'boss', 'admin', 'auditor', 'stays', 'goes', 'erased'];

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([
    ...PEOPLE.filter((p) => !['admin', 'auditor'].includes(p)).map((id, i) => ({ id, iin: makeIin('1980-05-05', 'female', i * 3) })),
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'auditor', roles: ['employee', 'auditor'] },
  ]);
  await sys.models.Employee.updateMany({}, { $set: { passwordHash: await hashPassword('a long enough password') } });
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

async function letter(by: string, approvers: string[], submit = true): Promise<string> {
  const res = await sys.http.post('/api/documents').set(as(by)).send({ type: 'outgoing-letter', title: `Letter by ${by}`, participants: { approvers, signer: 'boss' } }).expect(201);
  if (submit) await sys.http.post(`/api/documents/${res.body.id}/actions/submit`).set(as(by)).send({}).expect(200);
  return res.body.id as string;
}

const transfer = (from: string, to: string, then: 'nothing' | 'dismiss' | 'delete') =>
  sys.http.post(`/api/org/employees/${from}/transfer`).set(as('admin')).send({ toEmployeeId: to, then, reason: 'reorganisation' });

const inboxIds = async (who: string, view: string) =>
  ((await sys.http.get(`/api/inbox?view=${view}`).set(as(who)).expect(200)).body.items as Array<{ documentId: string }>).map((i) => i.documentId);

describe('transfer, then nothing', () => {
  it('moves open tasks and drafts to the other employee, who can act on them; the first stays active', async () => {
    const task = await letter('author', ['xenia']);
    const draft = await letter('xenia', ['zarina'], false);
    await until(async () => expect(await inboxIds('xenia', 'for-approval')).toContain(task));

    const res = await transfer('xenia', 'yerlan', 'nothing').expect(200);
    expect(res.body).toMatchObject({ fromEmployeeId: 'xenia', toEmployeeId: 'yerlan', then: 'nothing', failed: [], status: 'active' });
    expect(res.body.documents).toEqual(
      expect.arrayContaining([
        { documentId: task, tasks: 1, resolutions: 0, authorship: false },
        { documentId: draft, tasks: 0, resolutions: 0, authorship: true },
      ]),
    );
    await until(async () => expect(await inboxIds('yerlan', 'for-approval')).toContain(task));
    expect(await inboxIds('xenia', 'for-approval')).not.toContain(task);
    await until(async () => expect(await inboxIds('yerlan', 'drafts')).toContain(draft));
    expect((await sys.models.Document.findById(draft).lean())?.authorId).toBe('yerlan');
    await sys.http.post(`/api/documents/${task}/actions/approve`).set(as('yerlan')).send({}).expect(200);
    await sys.http.post(`/api/documents/${draft}/actions/submit`).set(as('yerlan')).send({}).expect(200);

    const moved = await sys.models.AuditEvent.findOne({ documentId: task, type: 'task.reassigned' }).lean();
    expect(moved).toMatchObject({ actorId: 'admin', comment: 'reorganisation', data: expect.objectContaining({ from: 'xenia', to: 'yerlan' }) });
    // Repeating the transfer finds nothing left to move.
    expect((await transfer('xenia', 'yerlan', 'nothing').expect(200)).body.documents).toEqual([]);
    await sys.http.get('/api/me').set(as('xenia')).expect(200);
  });
});

describe('transfer, then dismiss', () => {
  it('dismisses the first employee: no sign-in, no session, no longer a unit head or a substitute', async () => {
    const task = await letter('author', ['goes']);
    await sys.models.Unit.updateOne({ _id: 'unit-goes' }, { $set: { name: { kk: 'G', ru: 'G' }, headEmployeeId: 'goes' } }, { upsert: true });
    await sys.http.post('/api/substitutions').set(as('admin')).send({ absentId: 'stays', substituteId: 'goes', from: new Date(Date.now() - 1000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }).expect(201);
    await until(async () => expect(await inboxIds('goes', 'for-approval')).toContain(task));

    const res = await transfer('goes', 'stays', 'dismiss').expect(200);
    expect(res.body).toMatchObject({ status: 'dismissed', unitsHeaded: ['unit-goes'], substitutionsCancelled: 1, failed: [] });
    await sys.http.get('/api/me').set(as('goes')).expect(401);
    expect((await sys.http.post('/api/auth/login').send({ login: 'goes', password: 'a long enough password' }).expect(403)).body.type).toMatch(/account-closed$/);
    expect((await sys.models.Unit.findById('unit-goes').lean())?.headEmployeeId).toBe('stays');
    await until(async () => expect(await inboxIds('stays', 'for-approval')).toContain(task));
    const dismissed = (await sys.http.get('/api/org/employees?status=dismissed').set(as('admin')).expect(200)).body as Array<{ id: string; dismissedAt?: string }>;
    expect(dismissed).toEqual([expect.objectContaining({ id: 'goes', dismissedAt: expect.any(String) })]);
  });

  it('refuses to dismiss the last administrator', async () => {
    await transfer('admin', 'stays', 'dismiss').expect(409);
  });
});

describe('transfer, then delete', () => {
  it('pseudonymises the record (id kept, personal data erased) and the audit chain still verifies', async () => {
    const task = await letter('erased', ['zarina']);
    await until(async () => expect(await inboxIds('zarina', 'for-approval')).toContain(task));
    const before = await sys.models.AuditEvent.countDocuments({ actorId: 'erased' });
    expect(before).toBeGreaterThan(0);

    const res = await transfer('erased', 'stays', 'delete').expect(200);
    expect(res.body.status).toBe('deleted');
    expect(res.body.documents).toEqual([expect.objectContaining({ documentId: task, authorship: true })]);
    const record = await sys.models.Employee.findById('erased').lean();
    expect(record).toMatchObject({ _id: 'erased', status: 'deleted', fullName: pseudonymOf('erased'), roles: [] });
    expect(record?.iin).toBeUndefined();
    expect(record?.passwordHash).toBeUndefined();
    expect((await sys.models.Document.findById(task).lean())?.authorId).toBe('stays');

    expect(await sys.models.AuditEvent.countDocuments({ actorId: 'erased' })).toBe(before); // history keeps the id
    const verdict = await sys.http.get('/api/audit/verify').set(as('auditor')).expect(200);
    expect(verdict.body).toMatchObject({ ok: true });
    const timeline = await sys.http.get(`/api/documents/${task}/history`).set(as('auditor')).expect(200);
    const submitted = (timeline.body.entries as Array<{ type: string; who?: string }>).find((e) => e.type === 'document.submitted');
    expect(submitted?.who).toBe(pseudonymOf('erased'));
    await transfer('erased', 'stays', 'nothing').expect(409);
  });
});
