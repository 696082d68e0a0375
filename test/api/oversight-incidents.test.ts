/**
 * Incidents and maintenance (seed-004 ¶¶41–44, Annex 7): scenario 10's one-hour threshold, the journal's
 * export, and maintenance windows shown to every signed-in user before and during the window, gone after.
 */
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(120_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  await sys.addPeople([{ id: 'in-admin', roles: ['employee', 'administrator'] }, { id: 'in-auditor', roles: ['employee', 'auditor'] }, { id: 'in-clerk' }]);
  for (const id of ['in-admin', 'in-auditor', 'in-clerk']) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

const outage = (startedMinutesAgo: number, extra: Record<string, unknown> = {}) => ({
  section: 'power',
  cause: 'Substation feeder tripped',
  actions: 'Switched to the backup line; restarted the database servers',
  requiredMinutes: 120,
  responsibleId: 'in-admin',
  startedAt: minutesAgo(startedMinutesAgo),
  ...extra,
});

describe('scenario 10: incidents and the one-hour threshold', () => {
  it('10: a 61-minute outage creates log (audit) and emergency-journal records with start time, cause and measures', async () => {
    const opened = await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(61)).expect(201);
    expect(opened.body).toMatchObject({ section: 'power', inEmergencyJournal: false, number: expect.any(Number) });
    const closed = await sys.http.post(`/api/oversight/incidents/${opened.body.id}/close`).set(as('in-admin')).send({ endedAt: new Date().toISOString() }).expect(200);
    expect(closed.body).toMatchObject({ inEmergencyJournal: true, minutes: 61 });
    const journal = (await sys.http.get('/api/oversight/incidents?journal=emergency').set(as('in-auditor')).expect(200)).body as Array<Record<string, unknown>>;
    expect(journal).toEqual(expect.arrayContaining([expect.objectContaining({ id: opened.body.id, cause: 'Substation feeder tripped', startedAt: opened.body.startedAt })]));
    const logged = await sys.models.AuditEvent.findOne({ type: 'incident.over-one-hour', 'data.incidentId': opened.body.id }).lean();
    expect(logged?.data).toMatchObject({ startedAt: opened.body.startedAt, cause: 'Substation feeder tripped', measures: expect.stringContaining('backup line'), minutes: 61 });
  });

  it('10: a 59-minute outage does not require them', async () => {
    const recorded = await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(59, { endedAt: new Date().toISOString() })).expect(201);
    expect(recorded.body).toMatchObject({ inEmergencyJournal: false, minutes: 59 });
    const journal = (await sys.http.get('/api/oversight/incidents?journal=emergency').set(as('in-admin')).expect(200)).body as Array<{ id: string }>;
    expect(journal.map((i) => i.id)).not.toContain(recorded.body.id);
    expect(await sys.models.AuditEvent.exists({ type: 'incident.over-one-hour', 'data.incidentId': recorded.body.id })).toBeNull();
    expect(await sys.models.AuditEvent.exists({ type: 'incident.recorded', 'data.incidentId': recorded.body.id })).toBeTruthy();
  });

  it('refuses a bad incident naming the field, and anyone but an administrator', async () => {
    const early = await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(10, { endedAt: minutesAgo(20) })).expect(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'body.endedAt' })]);
    const unknownSection = await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(10, { section: 'meteor' })).expect(422);
    expect(unknownSection.body.errors[0].field).toBe('body.section');
    const nobody = await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(10, { responsibleId: 'nobody' })).expect(422);
    expect(nobody.body.errors[0].field).toBe('body.responsibleId');
    await sys.http.post('/api/oversight/incidents').set(as('in-clerk')).send(outage(10)).expect(403);
    await sys.http.post('/api/oversight/incidents').set(as('in-auditor')).send(outage(10)).expect(403);
    await sys.http.get('/api/oversight/incidents').set(as('in-clerk')).expect(403);
  });

  it('exports the journal as CSV with Annex 7 columns and the cause, in Astana time', async () => {
    const startedAt = '2026-03-02T04:00:00Z'; // 09:00 in Astana
    await sys.http.post('/api/oversight/incidents').set(as('in-admin')).send(outage(0, { section: 'flooding', startedAt, endedAt: '2026-03-02T06:30:00Z', cause: 'Pipe burst, "main" line' })).expect(201);
    const res = await sys.http.get('/api/oversight/incidents.csv?journal=emergency&language=ru').set(as('in-auditor')).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.text.replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('Раздел,№,Действия,"Необходимое время (макс.), мин",Ответственный,Дата/время начала,Дата/время окончания,Причина');
    expect(rows.find((r) => r.startsWith('Затопление'))).toContain('02.03.2026 09:00,02.03.2026 11:30,"Pipe burst, ""main"" line"');
  });
});

describe('maintenance windows (¶44)', () => {
  it('shows an announced window to every signed-in user before and during it, in kk and ru, and not after it', async () => {
    const soon = await sys.http
      .post('/api/maintenance-windows')
      .set(as('in-admin'))
      .send({ startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), text: { kk: 'Жоспарлы жұмыстар', ru: 'Плановые работы' } })
      .expect(201);
    const brief = await sys.http
      .post('/api/maintenance-windows')
      .set(as('in-admin'))
      .send({ startsAt: minutesAgo(1), endsAt: new Date(Date.now() + 1500).toISOString(), text: { kk: 'Қазір жүріп жатыр', ru: 'Идут работы' } })
      .expect(201);
    const banner = (await sys.http.get('/api/maintenance-windows/current').set(as('in-clerk')).expect(200)).body as Array<Record<string, unknown>>;
    expect(banner).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: soon.body.id, state: 'announced', text: { kk: 'Жоспарлы жұмыстар', ru: 'Плановые работы' } }),
        expect.objectContaining({ id: brief.body.id, state: 'now' }),
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const after = (await sys.http.get('/api/maintenance-windows/current').set(as('in-clerk')).expect(200)).body as Array<{ id: string }>;
    expect(after.map((w) => w.id)).toContain(soon.body.id);
    expect(after.map((w) => w.id)).not.toContain(brief.body.id);
    await sys.http.post(`/api/maintenance-windows/${soon.body.id}/cancel`).set(as('in-admin')).expect(204);
    const cancelled = (await sys.http.get('/api/maintenance-windows/current').set(as('in-clerk')).expect(200)).body as Array<{ id: string }>;
    expect(cancelled.map((w) => w.id)).not.toContain(soon.body.id);
    expect(await sys.models.AuditEvent.exists({ type: 'maintenance.announced', 'data.windowId': soon.body.id })).toBeTruthy();
  });

  it('refuses a window that ends before it starts (naming the field) and anyone but an administrator', async () => {
    const body = { startsAt: new Date(Date.now() + 7_200_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), text: { kk: 'а', ru: 'б' } };
    const res = await sys.http.post('/api/maintenance-windows').set(as('in-admin')).send(body).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.endsAt' })]);
    const noRu = await sys.http.post('/api/maintenance-windows').set(as('in-admin')).send({ ...body, text: { kk: 'а' } }).expect(422);
    expect(noRu.body.errors[0].field).toBe('body.text.ru');
    await sys.http.post('/api/maintenance-windows').set(as('in-clerk')).send(body).expect(403);
    await sys.http.get('/api/maintenance-windows/current').expect(401);
  });
});
