/**
 * Account lifecycle (seed-004 ¶¶14, 16; Annex 6 §3): a block on dismissal takes effect when filed — the live
 * session's very next request and the next sign-in are refused — even when nobody could sign its route; a person
 * away for more than two months blocks their own account, and only they, only for such a period.
 */
import { hashPassword } from '../../domain/identity/password-hash';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(180_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['oa-head', 'oa-leaver', 'oa-leaver2', 'oa-away', 'oa-away2', 'oa-peer', 'oa-top', 'oa-topstaff', 'oa-admin'];

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.models.Unit.create([
    { _id: 'oa-board', name: { kk: 'Басқарма', ru: 'Правление' }, headEmployeeId: 'oa-top' },
    { _id: 'oa-unit', name: { kk: 'Бөлім', ru: 'Отдел' }, parentId: 'oa-board', headEmployeeId: 'oa-head' },
  ]);
  await sys.addPeople([
    { id: 'oa-top', unitId: 'oa-board' },
    { id: 'oa-topstaff', unitId: 'oa-board' },
    { id: 'oa-head', unitId: 'oa-unit' },
    { id: 'oa-leaver', unitId: 'oa-unit' },
    { id: 'oa-leaver2', unitId: 'oa-unit' },
    { id: 'oa-away', unitId: 'oa-unit' },
    { id: 'oa-away2', unitId: 'oa-unit' },
    { id: 'oa-peer', unitId: 'oa-unit' },
    { id: 'oa-admin', unitId: 'oa-unit', roles: ['employee', 'administrator'] },
  ]);
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

const apply = (by: string, body: Record<string, unknown>) => sys.http.post('/api/access-applications').set(as(by)).send(body);

describe('scenario 9: immediate blocking on dismissal', () => {
  it('9: the account is blocked when the application is filed; its live session and its next sign-in are refused', async () => {
    await sys.models.Employee.updateOne({ _id: 'oa-leaver' }, { $set: { passwordHash: await hashPassword('leaver-password-1') } });
    const live = tokens['oa-leaver'];
    await sys.http.get('/api/me').set(as('oa-leaver')).expect(200);

    const filed = await apply('oa-head', { action: 'block', subjectId: 'oa-leaver', ground: 'dismissal', reason: 'Dismissed by order № 12-к' }).expect(201);
    expect(filed.body).toMatchObject({ action: 'block', ground: 'dismissal', effect: { outcome: 'applied', appliedAt: expect.any(String) }, decision: 'awaiting-head' });

    // The very next request of the session that was live a moment ago.
    const refused = await sys.http.get('/api/me').set({ Authorization: `Bearer ${live}` }).expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await sys.models.Session.countDocuments({ employeeId: 'oa-leaver', revokedAt: { $exists: false } })).toBe(0);
    const login = await sys.http.post('/api/auth/login').send({ login: 'oa-leaver', password: 'leaver-password-1' }).expect(403);
    expect(login.body.token).toBeUndefined();
    expect((await sys.models.Employee.findById('oa-leaver').lean())?.status).toBe('blocked');
    const blocked = await sys.models.AuditEvent.findOne({ type: 'org.employee.blocked', 'data.employeeId': 'oa-leaver' }).lean();
    expect(blocked).toMatchObject({ actorId: 'oa-head', data: { sessionsRevoked: expect.any(Number) } });
    expect(String((blocked?.data as { reason?: string }).reason)).toContain('dismissal');
  });

  it('9: a block on dismissal stands even when nobody heads a unit above the applicant to sign its route', async () => {
    const filed = await apply('oa-top', { action: 'block', subjectId: 'oa-topstaff', ground: 'dismissal', reason: 'Dismissed' }).expect(201);
    expect(filed.body).toMatchObject({ ground: 'dismissal', decision: 'not-routed', effect: { outcome: 'applied' } });
    await sys.http.get('/api/me').set(as('oa-topstaff')).expect(401);
    // Any other block from the same applicant is still refused unfiled: its route could not start.
    const other = await apply('oa-top', { action: 'block', subjectId: 'oa-head', ground: 'violation', reason: 'Violation' }).expect(422);
    expect(other.body.type).toMatch(/no-head-above$/);
    expect((await sys.models.Employee.findById('oa-head').lean())?.status).toBe('active');
  });

  it('9: nobody files a dismissal block on their own account (a head or an administrator does)', async () => {
    const res = await apply('oa-leaver2', { action: 'block', subjectId: 'oa-leaver2', ground: 'dismissal', reason: 'Leaving' }).expect(403);
    expect(res.body.detail).toContain('body.ground');
    expect((await sys.models.Employee.findById('oa-leaver2').lean())?.status).toBe('active');
  });
});

describe('a block on absence of more than two months (Annex 6 §3)', () => {
  it('the holder blocks their own account for an absence longer than two months; it takes effect at once', async () => {
    const filed = await apply('oa-away', { action: 'block', subjectId: 'oa-away', ground: 'absence', absentFrom: '2027-01-10', absentUntil: '2027-03-11', reason: 'Long study leave' }).expect(201);
    expect(filed.body).toMatchObject({ ground: 'absence', absentFrom: '2027-01-10', absentUntil: '2027-03-11', effect: { outcome: 'applied' } });
    await sys.http.get('/api/me').set(as('oa-away')).expect(401);
  });

  it('refuses an absence of two months or less, naming the field, and blocks nothing', async () => {
    const res = await apply('oa-away2', { action: 'block', subjectId: 'oa-away2', ground: 'absence', absentFrom: '2027-01-10', absentUntil: '2027-03-10', reason: 'Leave' }).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.absentUntil' })]);
    const missing = await apply('oa-away2', { action: 'block', subjectId: 'oa-away2', ground: 'absence', reason: 'Leave' }).expect(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'body.absentFrom' })]);
    const malformed = await apply('oa-away2', { action: 'block', subjectId: 'oa-away2', ground: 'absence', absentFrom: '10.01.2027', absentUntil: '2027-06-01', reason: 'Leave' }).expect(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'body.absentFrom' })]);
    expect((await sys.models.Employee.findById('oa-away2').lean())?.status).toBe('active');
  });

  it('an absence block is the holder\'s own: a head or an administrator files it on another ground', async () => {
    await apply('oa-head', { action: 'block', subjectId: 'oa-peer', ground: 'absence', absentFrom: '2027-01-01', absentUntil: '2027-06-01', reason: 'Away' }).expect(403);
    await apply('oa-admin', { action: 'block', subjectId: 'oa-peer', ground: 'absence', absentFrom: '2027-01-01', absentUntil: '2027-06-01', reason: 'Away' }).expect(403);
    expect((await sys.models.Employee.findById('oa-peer').lean())?.status).toBe('active');
  });
});
