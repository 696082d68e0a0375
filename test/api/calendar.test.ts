/**
 * The calendar administrators keep: overrides per day, the computed calendar, recalculation of running
 * deadlines, and the discipline report.
 */
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'admin', roles: ['employee', 'administrator'] }, { id: 'ctl', roles: ['employee', 'controller'] }, { id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss' }]);
  for (const id of ['admin', 'ctl', 'author', 'a1']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

it('shows the Kazakh calendar of a year, with its source', async () => {
  const res = await sys.http.get('/api/calendar?year=2026').set(auth('author')).expect(200);
  expect(res.body.daysOff).toEqual(expect.arrayContaining(['2026-01-01', '2026-03-23', '2026-12-16']));
  expect(res.body.source.library).toBe('date-holidays');
  expect(res.body.version).toMatch(/^[0-9a-f]{64}$/);
  expect((await sys.http.get('/api/calendar?year=1999').set(auth('author'))).status).toBe(422);
});

it('lets administrators only declare moved days, and validates the date', async () => {
  expect((await sys.http.put('/api/calendar/overrides/2026-12-26').set(auth('author')).send({ kind: 'working-day', reason: 'Decree' })).status).toBe(403);
  const bad = await sys.http.put('/api/calendar/overrides/2026-02-30').set(auth('admin')).send({ kind: 'working-day', reason: 'Decree' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('params.date');
  const res = await sys.http.put('/api/calendar/overrides/2026-12-26').set(auth('admin')).send({ kind: 'working-day', reason: 'Decree No. 1 (test)' }).expect(200);
  expect(res.body.workingWeekends).toContain('2026-12-26');
  const off = await sys.http.put('/api/calendar/overrides/2026-12-28').set(auth('admin')).send({ kind: 'day-off', reason: 'Decree No. 1 (test)' }).expect(200);
  expect(off.body.daysOff).toContain('2026-12-28');
  const removed = await sys.http.delete('/api/calendar/overrides/2026-12-28').set(auth('admin')).expect(200);
  expect(removed.body.daysOff).not.toContain('2026-12-28');
});

it('recalculates running deadlines and reports discipline per department', async () => {
  const doc = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Deadline letter', participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
    .expect(201);
  const submitted = await sys.http.post(`/api/documents/${doc.body.id}/actions/submit`).set(auth('author')).send({}).expect(200);
  expect(submitted.body.workflow.stage.deadline.dueAtMs).toBeGreaterThan(Date.now());
  expect((await sys.http.post('/api/calendar/recalculate').set(auth('ctl'))).status).toBe(403);
  const recalculated = await sys.http.post('/api/calendar/recalculate').set(auth('admin')).expect(200);
  expect(recalculated.body.documents).toBeGreaterThanOrEqual(1);
  expect(recalculated.body.failed).toEqual([]);
  const events = await sys.models.AuditEvent.find({ documentId: doc.body.id, type: 'deadline.recalculated' }).lean();
  expect(events).toHaveLength(1);
  expect(events[0].actorId).toBe('admin');

  // An overdue task: move a1's inbox entry's due date into the past, as a breached deadline would be.
  await sys.models.InboxEntry.updateMany({ documentId: doc.body.id, ownerId: 'a1' }, { $set: { dueAt: new Date(Date.now() - 3_600_000) } });
  const overdue = await sys.http.get('/api/inbox?view=overdue').set(auth('a1')).expect(200);
  expect(overdue.body.items.map((i: { documentId: string }) => i.documentId)).toContain(doc.body.id);
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const report = await sys.http.get(`/api/reports/discipline?from=${from}&to=${to}`).set(auth('ctl')).expect(200);
  expect(report.body).toEqual([expect.objectContaining({ unitId: 'unit-a', overdueNow: 1, overdueDocuments: [doc.body.id] })]);
  expect((await sys.http.get(`/api/reports/discipline?from=${from}&to=${to}`).set(auth('author'))).status).toBe(403);
});

it("lets administrators load a year's decree table and reports coverage, with a kk/ru warning field", async () => {
  const body = { basis: 'Government decree (test)', daysOff: [{ date: '2031-01-03', reason: 'moved from Sunday 2031-01-05' }], workingDays: [{ date: '2031-01-05', reason: 'worked instead' }] };
  expect((await sys.http.put('/api/calendar/years/2031').set(auth('author')).send(body)).status).toBe(403);
  const bad = await sys.http.put('/api/calendar/years/2031').set(auth('admin')).send({ ...body, workingDays: [{ date: '2032-01-05', reason: 'x' }] });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('body.workingDays[0].date');
  expect((await sys.http.get('/api/calendar?year=2031').set(auth('author')).expect(200)).body.loaded).toBe(false);
  const loaded = await sys.http.put('/api/calendar/years/2031').set(auth('admin')).send(body).expect(200);
  expect(loaded.body).toMatchObject({ year: 2031, loaded: true, basis: 'Government decree (test)' });
  expect(loaded.body.daysOff).toContain('2031-01-03');
  expect(loaded.body.workingWeekends).toContain('2031-01-05');
  expect((await sys.http.get('/api/calendar?year=2023').set(auth('author')).expect(200)).body).toMatchObject({ loaded: true, workingWeekends: ['2023-07-01'] });
  const status = await sys.http.get('/api/calendar/status').set(auth('author')).expect(200);
  expect(status.body).toMatchObject({ yearLoaded: expect.any(Boolean), nextYear: status.body.year + 1, nextYearLoaded: expect.any(Boolean) });
  if (status.body.warning) expect(status.body.warning).toEqual({ kk: expect.stringContaining(String(status.body.nextYear)), ru: expect.stringContaining(String(status.body.nextYear)) });
});
