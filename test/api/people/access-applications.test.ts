/**
 * Access applications (seed-004 ¶¶13–16) as a document route: the applicant's head approves, an administrator
 * decides within 24 hours; registration and moves take effect when the route completes, a block at once.
 */
import { makeIin } from '../../../db/seed/iin';
import { startTestSystem, type TestSystem } from '../../support/system';
import { until } from './people-harness';

jest.setTimeout(180_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['applicant', 'head', 'boss', 'admin', 'member', 'mover', 'leaver', 'lister', 'stranger', 'auditor'];
const MEMBER_IIN = makeIin('1993-03-03', 'male', 3);

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.models.Unit.create([
    { _id: 'board', name: { kk: 'Басқарма', ru: 'Правление' }, headEmployeeId: 'boss' },
    { _id: 'hr', name: { kk: 'Кадр', ru: 'Кадры' }, parentId: 'board', headEmployeeId: 'head' },
    { _id: 'sales', name: { kk: 'Сату', ru: 'Продажи' } },
  ]);
  await sys.models.Position.create({ _id: 'sales-manager', title: { kk: 'Менеджер', ru: 'Менеджер' }, unitId: 'sales' });
  await sys.addPeople([
    { id: 'applicant', unitId: 'hr' },
    { id: 'member', unitId: 'hr', iin: MEMBER_IIN },
    // Each of these is the subject or applicant of one test only: a move or a block changes them for good.
    { id: 'mover', unitId: 'hr' },
    { id: 'leaver', unitId: 'hr' },
    { id: 'lister', unitId: 'hr' },
    { id: 'head', unitId: 'hr' },
    { id: 'boss', unitId: 'board' },
    { id: 'stranger', unitId: 'sales' },
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'auditor', roles: ['employee', 'auditor'] },
  ]);
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

const apply = (by: string, body: Record<string, unknown>) => sys.http.post('/api/access-applications').set(as(by)).send(body);
const decide = (who: string, id: string, action: 'approve' | 'reject', comment?: string) =>
  sys.http.post(`/api/documents/${id}/actions/${action}`).set(as(who)).send(comment ? { comment } : {});

describe('registering a new account', () => {
  it('goes to the applicant\'s head, then to an administrator with a 24-hour deadline, and creates the account when approved', async () => {
    const iin = makeIin('1996-02-29', 'female', 7);
    const filed = await apply('applicant', {
      action: 'register',
      subjectId: 'newcomer',
      person: { fullName: 'Жаңа Қызметкер Ерланқызы', iin, email: 'Newcomer@Qujat-Fund.kz', language: 'ru' },
      unitId: 'sales',
      positionId: 'sales-manager',
      reason: 'Hired as sales manager',
    }).expect(201);
    const id = filed.body.id as string;
    expect(filed.body).toMatchObject({ action: 'register', subjectId: 'newcomer', decision: 'awaiting-head', effect: { outcome: 'pending' } });

    await decide('head', id, 'approve').expect(200);
    const atAdmin = await until(async () => {
      const doc = await sys.http.get(`/api/documents/${id}`).set(as('admin')).expect(200);
      expect(doc.body.workflow.stage.id).toBe('administrator-decision');
      return doc.body.workflow.stage;
    });
    // 24 hours from the moment the stage began (the deadline is computed as the stage starts).
    expect(Math.abs(atAdmin.deadline.dueAtMs - atAdmin.startedAtMs - 24 * 3_600_000)).toBeLessThan(5_000);
    expect((await sys.http.get(`/api/access-applications/${id}`).set(as('applicant')).expect(200)).body.decision).toBe('awaiting-administrator');

    await decide('admin', id, 'approve').expect(200);
    const account = await until(async () => {
      const found = await sys.models.Employee.findById('newcomer').lean();
      expect(found).toBeTruthy();
      return found!;
    });
    expect(account).toMatchObject({ fullName: 'Жаңа Қызметкер Ерланқызы', iin, email: 'newcomer@qujat-fund.kz', unitId: 'sales', positionId: 'sales-manager', roles: ['employee'], status: 'active' });
    const done = await until(async () => {
      const app = await sys.http.get(`/api/access-applications/${id}`).set(as('applicant')).expect(200);
      expect(app.body.effect.outcome).toBe('applied');
      return app.body;
    });
    expect(done.decision).toBe('granted');
    expect(await sys.models.AuditEvent.findOne({ type: 'access.application.applied', documentId: id }).lean()).toMatchObject({ data: expect.objectContaining({ decidedBy: 'admin' }) });
  });

  it('is refused with a reason: the application returns to the applicant and no account is made', async () => {
    const filed = await apply('applicant', { action: 'register', subjectId: 'refused-one', person: { fullName: 'Басқа Адам Адамұлы', iin: makeIin('1990-10-10', 'male', 9) }, unitId: 'sales', reason: 'Temporary contractor' }).expect(201);
    const id = filed.body.id as string;
    await decide('head', id, 'approve').expect(200);
    await until(async () => expect((await sys.http.get(`/api/access-applications/${id}`).set(as('admin')).expect(200)).body.decision).toBe('awaiting-administrator'));
    await decide('admin', id, 'reject', 'Contractors get no account; use the shared mailbox').expect(200);
    const app = await sys.http.get(`/api/access-applications/${id}`).set(as('applicant')).expect(200);
    expect(app.body.decision).toBe('refused');
    expect(await sys.models.Employee.exists({ _id: 'refused-one' })).toBeNull();
  });

  it('refuses an IIN with a wrong control digit, and a taken one', async () => {
    const bad = await apply('applicant', { action: 'register', person: { fullName: 'Қате Адам Адамұлы', iin: '900101300001' }, unitId: 'sales', reason: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('body.person.iin');
    const taken = await apply('applicant', { action: 'register', person: { fullName: 'Тағы Біреу Адамұлы', iin: MEMBER_IIN }, unitId: 'sales', reason: 'x' });
    expect(taken.status).toBe(409);
  });
});

describe('moving and blocking', () => {
  it('moves an account to another unit and position when the route completes', async () => {
    // The head of hr applies for a member of hr: the application goes to the head above (the board's).
    const filed = await apply('head', { action: 'move', subjectId: 'mover', unitId: 'sales', positionId: 'sales-manager', reason: 'Transferred to sales' }).expect(201);
    const id = filed.body.id as string;
    await decide('head', id, 'approve').expect(403); // nobody approves their own application
    await decide('boss', id, 'approve').expect(200);
    await until(async () => expect((await sys.models.Document.findById(id).lean())?.stageId).toBe('administrator-decision'));
    await decide('admin', id, 'approve').expect(200);
    await until(async () => expect((await sys.models.Employee.findById('mover').lean())).toMatchObject({ unitId: 'sales', positionId: 'sales-manager' }));
  });

  it('blocks at once on filing: the account is blocked and its sessions end before any approval', async () => {
    const blockedToken = tokens.leaver;
    await sys.http.get('/api/me').set({ Authorization: `Bearer ${blockedToken}` }).expect(200);
    const filed = await apply('head', { action: 'block', subjectId: 'leaver', reason: 'Absent for more than 2 months' }).expect(201);
    expect(filed.body).toMatchObject({ action: 'block', effect: { outcome: 'applied' }, decision: expect.stringMatching(/^awaiting-/) });
    expect((await sys.models.Employee.findById('leaver').lean())?.status).toBe('blocked');
    await sys.http.get('/api/me').set({ Authorization: `Bearer ${blockedToken}` }).expect(401);
    expect(await sys.models.AuditEvent.exists({ type: 'org.employee.blocked', 'data.employeeId': 'leaver' })).toBeTruthy();
  });

  it('refuses an application nobody above the applicant could sign', async () => {
    const res = await apply('boss', { action: 'block', subjectId: 'boss', reason: 'leave' }).expect(422);
    expect(res.body.type).toMatch(/no-head-above$/);
    expect((await sys.models.Employee.findById('boss').lean())?.status).toBe('active');
  });

  it('refuses to move or block someone who is neither oneself nor under one\'s lead', async () => {
    await apply('stranger', { action: 'block', subjectId: 'head', reason: 'mischief' }).expect(403);
    expect((await sys.models.Employee.findById('head').lean())?.status).toBe('active');
  });

  it('lists applications: one\'s own for employees, all for administrators and auditors', async () => {
    const own = await apply('lister', { action: 'register', subjectId: 'listed-one', person: { fullName: 'Тізім Адам Адамұлы', iin: makeIin('1991-11-11', 'female', 8) }, unitId: 'sales', reason: 'Listed' }).expect(201);
    const others = await apply('head', { action: 'move', subjectId: 'member', unitId: 'sales', reason: 'Listed too' }).expect(201);
    const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
    expect((await sys.http.get('/api/access-applications').set(as('stranger')).expect(200)).body).toEqual([]);
    expect(idsOf((await sys.http.get('/api/access-applications').set(as('lister')).expect(200)).body)).toEqual([own.body.id]);
    for (const reader of ['auditor', 'admin']) {
      const all = idsOf((await sys.http.get('/api/access-applications').set(as(reader)).expect(200)).body);
      expect(all).toEqual(expect.arrayContaining([own.body.id, others.body.id]));
    }
  });
});
