/**
 * First login (the user agreement and consent, seed-000 Annex 1), and the organisation API with its demo seed.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgreementService, loadAgreementTexts } from '../../../api/services/agreement-service';
import { connectDatabase } from '../../../db/connection';
import { createModels } from '../../../db/models';
import { DEMO_PEOPLE, demoPassword, seedDemoOrg } from '../../../db/seed/demo-org';
import { makeIin } from '../../../db/seed/iin';
import { startTestSystem, requiredEnv, type TestSystem } from '../../support/system';
import { withEds, type EdsHarness } from './people-harness';

jest.setTimeout(180_000);

let sys: TestSystem;
let eds: EdsHarness;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const IIN = { fresh: makeIin('1999-09-09', 'female', 1), signer: makeIin('1988-08-08', 'male', 2), other: makeIin('1977-07-07', 'male', 3), clerk: makeIin('1991-01-19', 'female', 4) };

beforeAll(async () => {
  sys = await startTestSystem();
  eds = withEds(sys);
  await sys.addPeople([
    { id: 'fresh', iin: IIN.fresh },
    { id: 'signer', iin: IIN.signer },
    { id: 'busy' },
    { id: 'leaver' },
    { id: 'clerk', iin: IIN.clerk },
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'auditor', roles: ['employee', 'auditor'] },
  ]);
  for (const id of ['fresh', 'signer', 'busy']) tokens[id] = (await sys.app.services.sessions.issue(id, 'test')).token; // not accepted yet
  for (const id of ['clerk', 'admin', 'auditor']) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

describe('the user agreement at first login', () => {
  it('gates every working endpoint until the current version is accepted, and records the acceptance', async () => {
    const gated = await sys.http.get('/api/inbox?view=for-approval').set(as('fresh')).expect(403);
    expect(gated.body.type).toMatch(/agreement-required$/);
    const me = await sys.http.get('/api/me').set(as('fresh')).expect(200);
    expect(me.body.agreement).toEqual({ currentVersion: 'v1', accepted: false });

    const kk = (await sys.http.get('/api/me/agreement').set(as('fresh')).expect(200)).body;
    const ru = (await sys.http.get('/api/me/agreement?language=ru').set(as('fresh')).expect(200)).body;
    expect(kk).toMatchObject({ version: 'v1', language: 'kk', text: expect.stringContaining('Дербес деректерді жинауға және өңдеуге келісім') });
    expect(ru.text).toContain('Согласие на сбор и обработку персональных данных');

    await sys.http.post('/api/me/agreement/accept').set(as('fresh')).send({ version: 'v0', language: 'kk' }).expect(409);
    await sys.http.post('/api/me/agreement/accept').set(as('fresh')).send({ version: 'v1', language: 'kk', sha256: '0'.repeat(64) }).expect(409);
    const accepted = await sys.http.post('/api/me/agreement/accept').set(as('fresh')).send({ version: 'v1', language: 'kk', sha256: kk.sha256 }).expect(201);
    expect(accepted.body).toMatchObject({ version: 'v1', signed: false });
    const again = await sys.http.post('/api/me/agreement/accept').set(as('fresh')).send({ version: 'v1', language: 'kk' }).expect(201);
    expect(again.body.acceptedAt).toBe(accepted.body.acceptedAt);

    await sys.http.get('/api/inbox?view=for-approval').set(as('fresh')).expect(200);
    expect(await sys.models.AuditEvent.exists({ type: 'agreement.accepted', actorId: 'fresh' })).toBeTruthy();
    expect(await sys.models.AuditEvent.exists({ type: 'access.refused', actorId: 'fresh' })).toBeTruthy();
  });

  it('accepts a consent signed with the person\'s own EDS and keeps it as proof; refuses someone else\'s signature', async () => {
    const auth = { Authorization: `Bearer ${tokens.signer}` };
    const { text, sha256 } = (await eds.http.get('/api/me/agreement').set(auth).expect(200)).body;
    const stranger = eds.issue({ fullName: 'Бөтен Кісі Кісіұлы', iin: IIN.other }, 'sign');
    const refused = await eds.http.post('/api/me/agreement/accept').set(auth).send({ version: 'v1', language: 'kk', sha256, cms: await eds.sign(stranger, text) }).expect(422);
    expect(refused.body.type).toMatch(/signature-invalid$/);

    const own = eds.issue({ fullName: 'Қолтаңба Иесі Ерұлы', iin: IIN.signer }, 'sign');
    const res = await eds.http.post('/api/me/agreement/accept').set(auth).send({ version: 'v1', language: 'kk', sha256, cms: await eds.sign(own, text) }).expect(201);
    expect(res.body.signed).toBe(true);
    const proof = (await sys.http.get('/api/org/employees/signer/consents').set(as('auditor')).expect(200)).body;
    expect(proof).toEqual([expect.objectContaining({ version: 'v1', status: 'active', textSha256: sha256, signature: expect.objectContaining({ cmsSha256: expect.stringMatching(/^[0-9a-f]{64}$/), cms: expect.any(String), signerIin: IIN.signer }) })]);
  });

  it('refuses to withdraw consent while the person has open work, allows it otherwise, and gates again', async () => {
    tokens.busy = await sys.tokenFor('busy');
    tokens.leaver = await sys.tokenFor('leaver'); // accepted, with no open work
    const draft = await sys.http.post('/api/documents').set(as('busy')).send({ type: 'outgoing-letter', title: 'Unfinished', participants: {} }).expect(201);
    const refused = await sys.http.post('/api/me/agreement/withdraw').set(as('busy')).send({ reason: 'leaving' }).expect(409);
    expect(refused.body.type).toMatch(/withdrawal-refused$/);
    expect(await sys.models.AuditEvent.exists({ type: 'consent.withdrawal-refused', actorId: 'busy' })).toBeTruthy();
    expect(draft.body.id).toBeTruthy();

    await sys.http.post('/api/me/agreement/withdraw').set(as('leaver')).send({ reason: 'I object' }).expect(200);
    expect((await sys.http.get('/api/inbox?view=for-approval').set(as('leaver')).expect(403)).body.type).toMatch(/agreement-required$/);
    expect((await sys.models.AgreementAcceptance.findOne({ employeeId: 'leaver' }).lean())?.status).toBe('withdrawn'); // the proof stays
  });

  it('asks again when a new version is published', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-'));
    fs.writeFileSync(path.join(dir, 'kk1.md'), 'v1 kk');
    fs.writeFileSync(path.join(dir, 'ru1.md'), 'v1 ru');
    fs.writeFileSync(path.join(dir, 'kk2.md'), 'v2 kk');
    fs.writeFileSync(path.join(dir, 'ru2.md'), 'v2 ru');
    const manifest = (current: string) => ({ current, versions: { v1: { publishedAt: '2026-01-01', texts: { kk: 'kk1.md', ru: 'ru1.md' } }, v2: { publishedAt: '2026-06-01', texts: { kk: 'kk2.md', ru: 'ru2.md' } } } });
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest('v1')));
    const record = async () => undefined;
    const v1 = createAgreementService({ models: sys.models, record, texts: loadAgreementTexts(dir) });
    const actor = { employeeId: 'clerk', roles: ['employee' as const], sessionId: 'none' };
    await v1.accept(actor, { version: 'v1', language: 'kk' }, 'test');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest('v2')));
    const v2 = createAgreementService({ models: sys.models, record, texts: loadAgreementTexts(dir) });
    expect(await v1.hasAccepted('clerk')).toBe(true);
    expect(await v2.hasAccepted('clerk')).toBe(false);
    await v2.accept(actor, { version: 'v2', language: 'ru' }, 'test');
    expect(await v2.hasAccepted('clerk')).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the consent through the employee record, points to an older acceptance on first use, and lets the record decide', async () => {
    await sys.addPeople([{ id: 'legacy' }]);
    const service = createAgreementService({ models: sys.models, record: async () => undefined });
    const version = service.current();
    // As written before the employee record pointed to the acceptance (random _id, no pointer).
    await sys.models.AgreementAcceptance.create({ _id: randomUUID(), employeeId: 'legacy', version, language: 'kk', textSha256: 'x', acceptedAt: new Date(), channel: 'password-session', status: 'active' });
    const old = await sys.models.AgreementAcceptance.findOne({ employeeId: 'legacy' }).lean();
    expect((await sys.models.Employee.findById('legacy').lean())?.agreement?.acceptanceId).toBeUndefined();
    expect(await service.hasAccepted('legacy')).toBe(true);
    expect((await sys.models.Employee.findById('legacy').lean())?.agreement).toEqual({ version, acceptanceId: old?._id });
    // A pointer left behind never outranks its record.
    await sys.models.AgreementAcceptance.updateOne({ _id: old?._id }, { $set: { status: 'withdrawn' } });
    expect(await service.hasAccepted('legacy')).toBe(false);
  });
});

describe('the organisation', () => {
  const admin = () => as('admin');
  let iinSerial = 5;

  /** A legal unit with a contracts sub-unit headed by its one lawyer, under ids of the test's own. */
  async function lawDepartment(tag: string) {
    const ids = { legal: `legal-${tag}`, contracts: `contracts-${tag}`, lawyer: `lawyer-${tag}`, email: `Lawyer-${tag}@Qujat-Fund.kz` };
    await sys.http.post('/api/org/units').set(admin()).send({ id: ids.legal, name: { kk: 'Заң', ru: 'Юридический' } }).expect(201);
    await sys.http.post('/api/org/units').set(admin()).send({ id: ids.contracts, name: { kk: 'Шарттар', ru: 'Договоры' }, parentId: ids.legal }).expect(201);
    await sys.http.post('/api/org/positions').set(admin()).send({ id: `lawyer-${tag}`, title: { kk: 'Заңгер', ru: 'Юрист' }, unitId: ids.contracts }).expect(201);
    const iin = makeIin('1984-04-04', 'male', iinSerial++);
    const created = await sys.http
      .post('/api/org/employees')
      .set(admin())
      .send({ id: ids.lawyer, fullName: 'Заңгер Болат Серікұлы', iin, email: ids.email, unitId: ids.contracts, positionId: `lawyer-${tag}`, roles: ['employee'], password: 'a long enough password' })
      .expect(201);
    await sys.http.patch(`/api/org/units/${ids.contracts}`).set(admin()).send({ headEmployeeId: ids.lawyer }).expect(200);
    return { ...ids, iin, created: created.body };
  }

  it('lets administrators build units, positions and employees; everyone reads, personal fields only for some', async () => {
    const law = await lawDepartment('build');
    expect(law.created).toMatchObject({ id: law.lawyer, iin: law.iin, email: 'lawyer-build@qujat-fund.kz', status: 'active' });

    const asClerk = (await sys.http.get(`/api/org/employees/${law.lawyer}`).set(as('clerk')).expect(200)).body;
    expect(asClerk).toEqual({ id: law.lawyer, fullName: 'Заңгер Болат Серікұлы', unitId: law.contracts, positionId: `lawyer-build`, status: 'active', language: 'kk' });
    expect((await sys.http.get(`/api/org/employees/${law.lawyer}`).set(as('auditor')).expect(200)).body.iin).toBe(law.iin);
    expect((await sys.http.get('/api/org/employees/clerk').set(as('clerk')).expect(200)).body.iin).toBe(IIN.clerk);

    const tree = (await sys.http.get('/api/org/tree').set(as('clerk')).expect(200)).body as Array<{ id: string; units: Array<{ id: string; headEmployeeId: string; employees: Array<{ id: string }> }> }>;
    const legal = tree.find((u) => u.id === law.legal)!;
    expect(legal.units[0]).toMatchObject({ id: law.contracts, headEmployeeId: law.lawyer, employees: [expect.objectContaining({ id: law.lawyer })] });
    const login = await sys.http.post('/api/auth/login').send({ login: 'lawyer-build@qujat-fund.kz', password: 'a long enough password' }).expect(201);
    expect(login.body.employeeId).toBe(law.lawyer);
    expect(await sys.models.AuditEvent.exists({ type: 'org.employee.created', 'data.employeeId': law.lawyer })).toBeTruthy();
    const updated = await sys.models.AuditEvent.findOne({ type: 'org.unit.updated', 'data.unitId': law.contracts }).lean();
    expect(updated?.data).toMatchObject({ headEmployeeId: { to: law.lawyer } });
  });

  it('refuses what would corrupt the tree: duplicate IINs, bad control digits, cycles, non-empty deletions, no administrator left', async () => {
    const law = await lawDepartment('guard');
    const base = { fullName: 'Тағы Біреу Біреуұлы', unitId: law.legal };
    expect((await sys.http.post('/api/org/employees').set(admin()).send({ ...base, iin: IIN.clerk })).status).toBe(409);
    const bad = await sys.http.post('/api/org/employees').set(admin()).send({ ...base, iin: '123456789012' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.iin', message: expect.stringMatching(/control digit/) });
    expect((await sys.http.patch(`/api/org/units/${law.legal}`).set(admin()).send({ parentId: law.contracts })).status).toBe(422);
    const notEmpty = await sys.http.delete(`/api/org/units/${law.legal}`).set(admin());
    expect(notEmpty.status).toBe(409);
    expect(notEmpty.body.type).toMatch(/\/unit-not-empty$/);
    // A held position is neither deleted nor moved away from its holders' unit; renamed, it stays theirs.
    const held = await sys.http.delete(`/api/org/positions/lawyer-guard`).set(admin());
    expect(held.status).toBe(409);
    expect(held.body.type).toMatch(/\/position-held$/);
    expect((await sys.http.patch(`/api/org/positions/lawyer-guard`).set(admin()).send({ unitId: law.legal })).body.type).toMatch(/\/position-held$/);
    await sys.http.patch(`/api/org/positions/lawyer-guard`).set(admin()).send({ title: { kk: 'Бас заңгер', ru: 'Главный юрист' }, unitId: law.contracts }).expect(200);
    const free = await sys.http.post('/api/org/positions').set(admin()).send({ title: { kk: 'Кеңесші', ru: 'Консультант' }, unitId: law.contracts }).expect(201);
    await sys.http.patch(`/api/org/positions/${free.body.id}`).set(admin()).send({ unitId: law.legal }).expect(200);
    await sys.http.delete(`/api/org/positions/${free.body.id}`).set(admin()).expect(204);
    expect((await sys.http.patch('/api/org/employees/admin').set(admin()).send({ roles: ['employee'] })).status).toBe(409);
  });

  it('never writes personal values into the audit trail', async () => {
    const law = await lawDepartment('private');
    await sys.http.patch(`/api/org/employees/${law.lawyer}`).set(admin()).send({ fullName: 'Жаңа Тегі Серікұлы', roles: ['employee', 'registrar'] }).expect(200);
    const event = await sys.models.AuditEvent.findOne({ type: 'org.employee.updated', 'data.employeeId': law.lawyer }).lean();
    expect(event?.data).toMatchObject({ changed: ['fullName', 'roles'], changes: { roles: { from: ['employee'], to: ['employee', 'registrar'] } } });
    expect(JSON.stringify(await sys.models.AuditEvent.find({}).lean())).not.toMatch(/Жаңа Тегі|Заңгер Болат|lawyer-[a-z]+@qujat-fund/i);
  });
});

describe('the demo organisation seed', () => {
  it('seeds an empty database once, idempotently, never in production; demo people sign in with the documented passwords', async () => {
    const db = await connectDatabase(requiredEnv('MONGODB_URI'), `${process.env.QUJAT_TEST_DB_PREFIX ?? 'qt'}_demo_${randomUUID().slice(0, 6)}`);
    try {
      const models = createModels(db);
      const fastHash = async (password: string) => (await import('../../../domain/identity/password-hash')).hashPassword(password, { N: 1024, r: 8, p: 1 });
      expect(await seedDemoOrg(models, { env: { NODE_ENV: 'production' }, hash: fastHash })).toMatchObject({ seeded: false, reason: 'production' });
      const first = await seedDemoOrg(models, { env: {}, hash: fastHash });
      expect(first).toEqual({ seeded: true, created: { units: 7, positions: DEMO_PEOPLE.length, employees: DEMO_PEOPLE.length } });
      expect(await seedDemoOrg(models, { env: {}, hash: fastHash })).toEqual({ seeded: true, created: { units: 0, positions: 0, employees: 0 } });
      const deputy = await models.Employee.findById('deputy').lean();
      expect(deputy).toMatchObject({ positionId: 'deputy-chairman', unitId: 'deputy-block' });
      const { verifyPassword } = await import('../../../domain/identity/password-hash');
      expect(await verifyPassword(demoPassword('admin'), (await models.Employee.findById('admin').lean())!.passwordHash!)).toBe(true);
      await models.Employee.create({ _id: 'someone-real', fullName: 'Нақты Адам', unitId: 'board' });
      await models.Unit.deleteMany({});
      expect(await seedDemoOrg(models, { env: {}, hash: fastHash })).toMatchObject({ seeded: false, reason: 'organisation-exists' });
      expect(await models.Unit.countDocuments()).toBe(0);
    } finally {
      await db.dropDatabase();
      await db.close();
    }
  });
});
