/**
 * 002 §11: after a change, the responsible employee runs a training where needed and records its minutes (date,
 * topic, attendees) against the change notification. Only the notification's sender records them, only once it was
 * sent, with real attendees and a date not in the future; whoever sees the notification reads them; an outsider gets
 * the card's 404; every record is an audit event.
 */
import { startTestSystem, type TestSystem } from './../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'officer' }, { id: 'u1' }, { id: 'u2' }, { id: 'outsider' }, { id: 'aud', roles: ['employee', 'auditor'] }]);
  for (const id of ['officer', 'outsider', 'aud']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

async function notification(status: string): Promise<string> {
  const created = await sys.http.post('/api/documents').set(auth('officer')).send({ type: 'edms-change-notification', title: 'ЭҚЖ өзгерісі: жаңа іздеу' }).expect(201);
  // The card as the projection writes it once the notification has gone out (the route itself is tested elsewhere).
  if (status !== 'draft') await sys.models.Document.updateOne({ _id: created.body.id }, { $set: { status } });
  return created.body.id as string;
}

it('records the minutes against the sent notification and lists them to whoever sees it, with an audit event', async () => {
  const id = await notification('on-acknowledgement');
  const minutes = { heldOn: '2026-11-30', topic: 'Жаңа іздеу терезесі', attendeeIds: ['u1', 'u2', 'u1'] };
  const recorded = await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('officer')).send(minutes).expect(201);
  expect(recorded.body).toMatchObject({ documentId: id, heldOn: '2026-11-30', topic: 'Жаңа іздеу терезесі', attendeeIds: ['u1', 'u2'], recordedBy: 'officer' });
  const listed = await sys.http.get(`/api/documents/${id}/training-minutes`).set(auth('aud')).expect(200);
  expect(listed.body).toEqual([recorded.body]);
  expect(await sys.models.AuditEvent.countDocuments({ documentId: id, type: 'training.minutes-recorded' })).toBe(1);
});

it('refuses minutes from anyone but the sender, before sending, on another kind of document, and with bad data', async () => {
  const id = await notification('on-acknowledgement');
  const ok = { heldOn: '2026-11-30', topic: 'Оқыту', attendeeIds: ['u1'] };
  expect((await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('aud')).send(ok)).status).toBe(403);
  expect((await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('outsider')).send(ok)).status).toBe(404);
  expect((await sys.http.get(`/api/documents/${id}/training-minutes`).set(auth('outsider'))).status).toBe(404);
  const unknown = await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('officer')).send({ ...ok, attendeeIds: ['u1', 'nobody'] });
  expect(unknown.status).toBe(422);
  expect(unknown.body.errors[0].field).toBe('body.attendeeIds[1]');
  const future = await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('officer')).send({ ...ok, heldOn: '2999-01-01' });
  expect(future.body.errors[0].field).toBe('body.heldOn');
  const missing = await sys.http.post(`/api/documents/${id}/training-minutes`).set(auth('officer')).send({ heldOn: '2026-11-30', topic: '' });
  expect(missing.status).toBe(422);
  expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.topic', 'body.attendeeIds']));
  const draft = await notification('draft');
  expect((await sys.http.post(`/api/documents/${draft}/training-minutes`).set(auth('officer')).send(ok)).status).toBe(409);
  const memo = await sys.http.post('/api/documents').set(auth('officer')).send({ type: 'internal-memo', title: 'Басқа құжат' }).expect(201);
  expect((await sys.http.post(`/api/documents/${memo.body.id}/training-minutes`).set(auth('officer')).send(ok)).status).toBe(409);
});
