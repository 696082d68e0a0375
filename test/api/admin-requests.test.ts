/**
 * 002 §§7–9: a request to the system administrator raised from a memo's execution. The memo is walked through its
 * real route to the responsible employee's execution task; then the request is raised, agreed by the Deputy
 * Chairman, given a deadline and answered by an administrator, and the answer rides on the responsible employee's
 * execution card. Every step is an audit event; every refusal is problem+json (403 logged, 422 naming the field).
 * Each test walks its own memo, so they pass alone and in any order.
 */
import { iinControlDigit } from '../../signing';
import { astanaDay } from '../../domain/calendar/astana-zone';
import { memoInExecution, memoSigner, type MemoWalk } from '../support/change-memo';
import { startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(120_000);

const HEAD_IIN = `75031230013${iinControlDigit('75031230013')}`;
let sys: TestSystem;
let walk: MemoWalk;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['initiator', 'head-a', 'reg', 'dept-head', 'officer', 'co-officer', 'deputy', 'deputy-sub', 'admin', 'outsider', 'aud'] as const;

beforeAll(async () => {
  const signer = memoSigner();
  sys = await startTestSystem({ verifyCms: signer.verifier });
  await sys.addPeople([
    { id: 'initiator' },
    { id: 'head-a', iin: HEAD_IIN },
    { id: 'reg', roles: ['employee', 'registrar'] },
    { id: 'dept-head', unitId: 'department' },
    { id: 'officer', unitId: 'department' },
    { id: 'co-officer', unitId: 'department' },
    { id: 'deputy' },
    { id: 'deputy-sub' },
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'outsider' },
    { id: 'aud', roles: ['employee', 'auditor'] },
  ]);
  await sys.models.Unit.updateOne({ _id: 'department' }, { $set: { name: { kk: 'Департамент', ru: 'Департамент' }, headEmployeeId: 'dept-head' } }, { upsert: true });
  await sys.models.Employee.updateOne({ _id: 'deputy' }, { $set: { positionId: 'deputy-chairman' } });
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
  walk = {
    http: sys.http,
    signer,
    token: (id) => tokens[id],
    author: 'initiator',
    unitHead: { id: 'head-a', key: signer.keyOf('Test head-a', HEAD_IIN) },
    registrar: 'reg',
    departmentHead: 'dept-head',
    responsible: 'officer',
    coExecutors: ['co-officer'],
  };
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const raise = (who: string, id: string, body: Record<string, unknown>) => sys.http.post(`/api/documents/${id}/admin-requests`).set(auth(who)).send(body);
const at = (id: string, requestId: string, step: string) => `/api/documents/${id}/admin-requests/${encodeURIComponent(requestId)}/${step}`;

async function raised(memo: { id: string; resolutionId: string }): Promise<string> {
  const res = await raise('officer', memo.id, { resolutionId: memo.resolutionId, change: 'Іздеуге БСН сүзгісін қосу', reason: 'Департаментте іздеу модулін өзгертуге құқық жоқ' }).expect(201);
  return res.body.id as string;
}

it('goes from the responsible employee through the Deputy Chairman to the administrator, and the answer rides on the execution card', async () => {
  const memo = await memoInExecution(walk);
  // The Deputy Chairman takes no part in the memo's route yet: he sees it once a request asks for his agreement.
  expect((await sys.http.get(`/api/documents/${memo.id}`).set(auth('deputy'))).status).toBe(404);
  const created = await raise('officer', memo.id, { resolutionId: memo.resolutionId, change: 'Іздеуге БСН сүзгісін қосу', reason: 'Департаментте іздеу модулін өзгертуге құқық жоқ' }).expect(201);
  expect(created.body).toMatchObject({ documentId: memo.id, resolutionId: memo.resolutionId, raisedBy: 'officer', state: 'awaiting-agreement', files: [] });
  const requestId = created.body.id as string;
  await sys.http.get(`/api/documents/${memo.id}`).set(auth('deputy')).expect(200);
  // Each reader is told what he may do with it now: the Deputy Chairman agrees; the administrator waits for that.
  const actionsOf = async (who: string) => ((await sys.http.get(`/api/documents/${memo.id}/admin-requests`).set(auth(who)).expect(200)).body[0].actions as string[]);
  expect(await actionsOf('deputy')).toEqual(['agree']);
  expect(await actionsOf('admin')).toEqual([]);
  expect(await actionsOf('officer')).toEqual([]);

  const agreed = await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy')).send({ decision: 'agree' }).expect(200);
  expect(agreed.body).toMatchObject({ state: 'with-administrator', agreement: { decision: 'agreed', by: 'deputy' } });
  expect(await actionsOf('admin')).toEqual(['deadline', 'answer']);
  expect(await actionsOf('deputy')).toEqual([]);

  const before = Date.now();
  const timed = await sys.http.post(at(memo.id, requestId, 'deadline')).set(auth('admin')).send({ days: 5, kind: 'working' }).expect(200);
  expect(timed.body.state).toBe('in-work');
  expect(timed.body.deadline).toMatchObject({ rule: { days: 5, kind: 'working' }, setBy: 'admin' });
  // Five working days are at least five calendar days and, with weekends and holidays, at most about two weeks.
  const due = Date.parse(timed.body.deadline.dueAt);
  expect(due).toBeGreaterThan(before + 5 * 86_400_000 - 86_400_000);
  expect(due).toBeLessThan(before + 20 * 86_400_000);
  expect(timed.body.deadline.breach).toBeUndefined();

  const file = await sys.http.post(`${at(memo.id, requestId, 'files')}?filename=${encodeURIComponent('жауап.pdf')}`).set(auth('admin')).set('Content-Type', 'application/octet-stream').send(pdf('answer')).expect(201);
  expect(file.body.files).toEqual([expect.objectContaining({ filename: 'жауап.pdf' })]);
  const fileId = file.body.files[0].id as string;
  const answered = await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: 'Сүзгі 2.4 нұсқасында қосылады' }).expect(200);
  expect(answered.body).toMatchObject({ state: 'answered', answer: { text: 'Сүзгі 2.4 нұсқасында қосылады', attachmentIds: [fileId], by: 'admin' } });

  // Whoever sees the memo reads the request and its answer.
  const listed = await sys.http.get(`/api/documents/${memo.id}/admin-requests`).set(auth('aud')).expect(200);
  expect(listed.body).toEqual([answered.body]);
  // The answer's file is one of the responsible employee's card files, and filing the card carries it.
  const files = await sys.http.get(`/api/documents/${memo.id}/execution-files`).query({ resolutionId: memo.resolutionId }).set(auth('officer')).expect(200);
  expect(files.body.items.map((f: { id: string }) => f.id)).toContain(fileId);
  const filed = await sys.http.post(`/api/documents/${memo.id}/actions/file-card`).set(auth('officer')).send({ resolutionId: memo.resolutionId, text: 'Жүйелік әкімшінің жауабы қоса беріледі', attachmentIds: [] }).expect(200);
  expect(filed.body.workflow.cards).toEqual([expect.objectContaining({ executorId: 'officer', attachmentIds: [fileId] })]);
  await sys.http.get(`/api/documents/${memo.id}/execution-files/${fileId}`).set(auth('deputy')).expect(200);

  // Each step told the person it waits for, in words under the bell (the worker mails it on their channel).
  const notices = async (who: string) => (await sys.http.get('/api/me/notifications').set(auth(who)).expect(200)).body;
  const noticeOf = (list: { items?: Array<{ documentId?: string; kind: string; text: { kk: { title: string } } }> }, kind: string) => (list.items ?? []).find((n) => n.documentId === memo.id && n.kind === kind);
  expect(noticeOf(await notices('deputy'), 'admin-request.to-agree')?.text.kk.title).toBe('Жүйелік әкімшіге өтінім келісуге');
  expect(noticeOf(await notices('admin'), 'admin-request.to-answer')).toBeDefined();
  expect(noticeOf(await notices('officer'), 'admin-request.decided')).toBeDefined();

  const events = await sys.models.AuditEvent.find({ documentId: memo.id, type: /^admin-request\./ }).lean();
  expect(events.map((e) => e.type).sort()).toEqual(['admin-request.agreed', 'admin-request.answered', 'admin-request.deadline-set', 'admin-request.file-added', 'admin-request.raised']);
  expect(events.every((e) => (e.data as { requestId?: string }).requestId === requestId)).toBe(true);
});

it('refuses a request from anyone but the responsible executor, and input that is not a request, naming the field', async () => {
  const memo = await memoInExecution(walk);
  const ok = { resolutionId: memo.resolutionId, change: 'Өріс қосу', reason: 'Құқық жоқ' };
  const refusalsBefore = await sys.models.AuditEvent.countDocuments({ type: 'access.refused' });
  expectProblem(await raise('co-officer', memo.id, ok), 403); // a co-executor, not the responsible one
  expectProblem(await raise('dept-head', memo.id, ok), 403); // the resolution's author
  expectProblem(await raise('outsider', memo.id, ok), 404); // cannot see the memo
  expect(await sys.models.AuditEvent.countDocuments({ type: 'access.refused' })).toBe(refusalsBefore + 3);
  expectProblem(await raise('officer', memo.id, { ...ok, change: '  ' }), 422, 'body.change');
  expectProblem(await raise('officer', memo.id, { resolutionId: memo.resolutionId }), 422, 'body.reason');
  expectProblem(await raise('officer', memo.id, { ...ok, resolutionId: 'R99' }), 422, 'body.resolutionId');
  // Another kind of document has no such requests.
  const other = await sys.http.post('/api/documents').set(auth('officer')).send({ type: 'internal-memo', title: 'Басқа жазба' }).expect(201);
  expectProblem(await raise('officer', other.body.id, ok), 409);
  // Once the card is filed the execution is over (the memo waits for removal from control): no new request.
  const filed = await sys.http.post(`/api/documents/${memo.id}/actions/file-card`).set(auth('officer')).send({ resolutionId: memo.resolutionId, text: 'Орындалды', attachmentIds: [] }).expect(200);
  expect(filed.body.status).toBe('awaiting-control-removal');
  expectProblem(await raise('officer', memo.id, ok), 409);
  expect(await sys.models.AdminRequest.countDocuments({ documentId: memo.id })).toBe(0);
});

it('lets only the Deputy Chairman (or his substitute) agree or return, and only an administrator time and answer', async () => {
  const memo = await memoInExecution(walk);
  const requestId = await raised(memo);
  const refusalsBefore = await sys.models.AuditEvent.countDocuments({ type: 'access.refused' });
  expectProblem(await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('officer')).send({ decision: 'agree' }), 403);
  expectProblem(await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('admin')).send({ decision: 'agree' }), 403);
  expectProblem(await sys.http.post(at(memo.id, requestId, 'deadline')).set(auth('officer')).send({ days: 3, kind: 'working' }), 403);
  expectProblem(await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('deputy')).send({ text: 'Жауап' }), 403);
  expect(await sys.models.AuditEvent.countDocuments({ type: 'access.refused' })).toBe(refusalsBefore + 4);
  // Not agreed yet: the administrator has nothing to do.
  expectProblem(await sys.http.post(at(memo.id, requestId, 'deadline')).set(auth('admin')).send({ days: 3, kind: 'working' }), 409);
  expectProblem(await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: 'Жауап' }), 409);
  // A return needs its reason.
  expectProblem(await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy')).send({ decision: 'return' }), 422, 'body.comment');
  expectProblem(await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy')).send({ decision: 'maybe' }), 422, 'body.decision');

  // The Deputy Chairman's substitute returns it, on his behalf; a second decision is refused.
  await sys.models.Substitution.create({ _id: `sub-${requestId}`, absentId: 'deputy', substituteId: 'deputy-sub', from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 86_400_000), createdBy: 'admin' });
  const returned = await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy-sub')).send({ decision: 'return', comment: 'Өзгерістің құнын көрсетіңіз' }).expect(200);
  expect(returned.body).toMatchObject({ state: 'returned', agreement: { decision: 'returned', by: 'deputy-sub', onBehalfOf: 'deputy', comment: 'Өзгерістің құнын көрсетіңіз' } });
  expectProblem(await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy')).send({ decision: 'agree' }), 409);
  expect(await sys.models.AuditEvent.countDocuments({ documentId: memo.id, type: 'admin-request.returned' })).toBe(1);
});

it('takes the deadline as a last day or as days on the calendar, refuses a bad one by its field, and shows a breach', async () => {
  const memo = await memoInExecution(walk);
  const requestId = await raised(memo);
  await sys.http.post(at(memo.id, requestId, 'agreement')).set(auth('deputy')).send({ decision: 'agree' }).expect(200);
  const deadline = (body: Record<string, unknown>) => sys.http.post(at(memo.id, requestId, 'deadline')).set(auth('admin')).send(body);
  expectProblem(await deadline({}), 422, 'body.dueOn');
  expectProblem(await deadline({ days: 3 }), 422, 'body.kind');
  expectProblem(await deadline({ kind: 'calendar' }), 422, 'body.days');
  expectProblem(await deadline({ days: 0, kind: 'calendar' }), 422, 'body.days');
  expectProblem(await deadline({ dueOn: '2026-02-30' }), 422, 'body.dueOn');
  expectProblem(await deadline({ dueOn: '2020-01-10' }), 422, 'body.dueOn');
  expectProblem(await deadline({ dueOn: '2099-01-10', days: 2, kind: 'working' }), 422, 'body.dueOn');

  const today = astanaDay(new Date());
  const set = await deadline({ dueOn: today }).expect(200);
  expect(set.body.deadline).toMatchObject({ dueOn: today });
  expect(astanaDay(new Date(set.body.deadline.dueAt))).toBe(today);
  expect(set.body.deadline.breach).toBeUndefined();
  // The administrator moves it; both settings are audited.
  const moved = await deadline({ days: 10, kind: 'calendar' }).expect(200);
  expect(Date.parse(moved.body.deadline.dueAt)).toBeGreaterThan(Date.parse(set.body.deadline.dueAt));
  expect(await sys.models.AuditEvent.countDocuments({ documentId: memo.id, type: 'admin-request.deadline-set' })).toBe(2);

  // Past its deadline and still unanswered, the request shows the breach; answered late, it keeps showing it.
  await sys.models.AdminRequest.updateOne({ _id: requestId }, { $set: { 'deadline.dueAt': new Date(Date.now() - 60_000) } });
  const [overdue] = (await sys.http.get(`/api/documents/${memo.id}/admin-requests`).set(auth('officer')).expect(200)).body;
  expect(overdue.deadline.breach).toBe('overdue');
  expectProblem(await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: ' ' }), 422, 'body.text');
  expectProblem(await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: 'Жауап', attachmentIds: ['no-such-file'] }), 422, 'body.attachmentIds.0');
  const late = await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: 'Орындалды' }).expect(200);
  expect(late.body.deadline.breach).toBe('answered-late');
  expectProblem(await sys.http.post(at(memo.id, requestId, 'answer')).set(auth('admin')).send({ text: 'Тағы' }), 409);
  expectProblem(await deadline({ days: 1, kind: 'working' }), 409);
});
