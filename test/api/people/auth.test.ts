/** Signing in and out: passwords (lock, rate limit, blocked accounts) and EDS (challenge, wrong person, key purpose). */
import { hashPassword } from '../../../domain/identity/password-hash';
import { makeIin } from '../../../db/seed/iin';
import { startTestSystem, type TestSystem } from '../../support/system';
import { withEds, type EdsHarness } from './people-harness';

jest.setTimeout(120_000);

let sys: TestSystem;
let eds: EdsHarness;
const IIN = { alma: makeIin('1985-03-14', 'female', 11), bolat: makeIin('1979-07-02', 'male', 22), outsider: makeIin('1990-01-01', 'male', 33) };

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  eds = withEds(sys);
  await sys.addPeople([
    { id: 'alma', iin: IIN.alma },
    { id: 'bolat', iin: IIN.bolat },
    { id: 'locky', iin: makeIin('1970-01-01', 'male', 44) },
    { id: 'flood', iin: makeIin('1971-01-01', 'male', 55) },
    { id: 'admin', roles: ['employee', 'administrator'] },
  ]);
  const hash = await hashPassword('a long enough password');
  await sys.models.Employee.updateMany({}, { $set: { passwordHash: hash } });
  await sys.models.Employee.updateOne({ _id: 'alma' }, { $set: { email: 'alma@qujat-fund.kz' } });
});
afterAll(() => sys?.stop());

const login = (login: string, password = 'a long enough password') => sys.http.post('/api/auth/login').send({ login, password });
const auditTypes = async (employeeId?: string) => (await sys.models.AuditEvent.find(employeeId ? { actorId: employeeId } : {}).sort({ _id: 1 }).lean()).map((e) => e.type);

describe('password sign-in', () => {
  it('signs in by id or e-mail, says the agreement is still to accept, and logout revokes the session', async () => {
    const res = await login('ALMA@qujat-fund.kz').expect(201);
    expect(res.body).toMatchObject({ employeeId: 'alma', agreementRequired: true, roles: ['employee'] });
    const auth = { Authorization: `Bearer ${res.body.token}` };
    expect((await sys.http.get('/api/me').set(auth).expect(200)).body.session.method).toBe('password');
    await sys.http.post('/api/auth/logout').set(auth).expect(204);
    await sys.http.get('/api/me').set(auth).expect(401);
    expect(await auditTypes('alma')).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('refuses a wrong password without saying whether the login exists', async () => {
    const wrong = await login('alma', 'not the password').expect(401);
    const unknown = await login('nobody-at-all').expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('locks the account for 15 minutes after 5 failures in a row, even for the right password', async () => {
    for (let i = 0; i < 5; i++) await login('locky', 'wrong password').expect(401);
    const locked = await login('locky').expect(403);
    expect(locked.body.type).toMatch(/account-locked$/);
    expect(Date.parse(locked.body.lockedUntil) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await auditTypes('locky')).toContain('auth.account-locked');
    // 15 minutes later (the lock's end moved into the past): the right password works and the count restarts.
    await sys.models.Employee.updateOne({ _id: 'locky' }, { $set: { 'loginGuard.lockedUntil': new Date(Date.now() - 1000) } });
    await login('locky').expect(201);
    expect((await sys.models.Employee.findById('locky').lean())?.loginGuard?.failures).toBe(0);
  });

  it('rate-limits attempts per address and login with Retry-After', async () => {
    for (let i = 0; i < 10; i++) await login('flood', 'wrong password');
    const limited = await login('flood').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await auditTypes()).toContain('auth.rate-limited');
  });

  it('blocking takes effect at once: live sessions end and sign-in is refused', async () => {
    const token = (await login('bolat').expect(201)).body.token as string;
    const admin = await sys.tokenFor('admin');
    await sys.http.patch('/api/org/employees/bolat').set('Authorization', `Bearer ${admin}`).send({ status: 'blocked' }).expect(200);
    await sys.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await login('bolat').expect(403)).body.type).toMatch(/account-blocked$/);
    expect(await sys.models.Session.countDocuments({ employeeId: 'bolat', revokedAt: { $exists: false } })).toBe(0);
    await sys.http.patch('/api/org/employees/bolat').set('Authorization', `Bearer ${admin}`).send({ status: 'active' }).expect(200);
    await login('bolat').expect(201);
  });
});

describe('EDS sign-in', () => {
  const challenge = async () => (await eds.http.post('/api/auth/eds/challenge').expect(201)).body.challenge as string;

  it('signs in with a CMS over a one-time challenge made with the AUTH key; the challenge cannot be used twice', async () => {
    const key = eds.issue({ fullName: 'Сейітова Алма Нұрқызы', iin: IIN.alma }, 'auth');
    const text = await challenge();
    const cms = await eds.sign(key, text);
    const res = await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms, login: 'alma' }).expect(201);
    expect(res.body.employeeId).toBe('alma');
    expect((await eds.http.get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200)).body.session.method).toBe('eds');
    expect((await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms }).expect(401)).body.type).toMatch(/challenge-invalid$/);
  });

  it('refuses a wrong person\'s certificate and records it against the claimed account', async () => {
    const bolatsKey = eds.issue({ fullName: 'Жұмабаев Болат Серікұлы', iin: IIN.bolat }, 'auth');
    const text = await challenge();
    const res = await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms: await eds.sign(bolatsKey, text), login: 'alma' }).expect(401);
    expect(res.body.type).toMatch(/wrong-person$/);
    const event = await sys.models.AuditEvent.findOne({ type: 'auth.eds-wrong-person' }).lean();
    expect(event).toMatchObject({ actorId: 'alma' });
    expect(JSON.stringify(event?.data)).not.toContain(IIN.bolat); // the other person's IIN is not written into the trail
  });

  it('refuses a signing key (not for sign-in), an unknown person, and a signature over another text', async () => {
    const signingKey = eds.issue({ fullName: 'Сейітова Алма Нұрқызы', iin: IIN.alma }, 'sign');
    let text = await challenge();
    expect((await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms: await eds.sign(signingKey, text) }).expect(401)).body.type).toMatch(/not-an-auth-key$/);

    const stranger = eds.issue({ fullName: 'Бөгде Адам Адамұлы', iin: IIN.outsider }, 'auth');
    text = await challenge();
    expect((await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms: await eds.sign(stranger, text) }).expect(401)).body.type).toMatch(/unknown-certificate$/);

    const almaKey = eds.issue({ fullName: 'Сейітова Алма Нұрқызы', iin: IIN.alma }, 'auth');
    text = await challenge();
    const other = await challenge();
    expect((await eds.http.post('/api/auth/eds/login').send({ challenge: text, cms: await eds.sign(almaKey, other) }).expect(401)).body.type).toMatch(/eds-invalid$/);
  });

  it('answers 503 when the server has no trust anchors for EDS', async () => {
    await sys.http.post('/api/auth/eds/challenge').expect(503);
  });
});
