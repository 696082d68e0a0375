/**
 * What the registry's daily screens read: a journal page with each registration's card heading, filtered by
 * registration day (Astana), and the dispatch desk listing the year's outgoing registrations by where their
 * delivery stands. Registrations are written directly: the registration workflow has its own tests.
 */
import { seedJournals } from '../../db/seed/journals';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
// A year nobody else registers in, so the counts below are this file's own.
const YEAR = 2031;

beforeAll(async () => {
  sys = await startTestSystem();
  await seedJournals(sys.models);
  await sys.addPeople([{ id: 'admin', roles: ['employee', 'administrator'] }, { id: 'reg', roles: ['employee', 'registrar'] }, { id: 'auditor', roles: ['employee', 'auditor'] }, { id: 'author' }]);
  for (const id of ['admin', 'reg', 'auditor', 'author']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

/** A registered document of ours: the card, and its line in the journal (registered at the given instant). */
async function registered(id: string, journal: string, seq: number, at: string, card: { title: string; correspondent?: string; type?: string }) {
  const number = `01-13/${seq}`;
  await sys.models.Document.create({
    _id: id,
    type: card.type ?? 'outgoing-letter',
    title: card.title,
    correspondent: card.correspondent,
    authorId: 'author',
    workflowId: `document-${id}`,
    route: { key: 'test', version: 1 },
    status: 'registered',
    registration: { journal, number, registeredAt: new Date(at) },
  });
  await sys.models.Registration.create({ _id: id, journal, year: YEAR, seq, suffix: 0, number, registrarId: 'reg', registeredAt: new Date(at) });
  return number;
}

describe('a journal page', () => {
  it('shows each registration with its card, and filters by registration day in Astana time', async () => {
    // 19:30 UTC on 9 March is 00:30 on 10 March in Astana: the filter must count it on the 10th.
    await registered('desk-j1', 'internal', 1, `${YEAR}-03-09T10:00:00Z`, { title: 'Іссапар туралы', type: 'memo' });
    await registered('desk-j2', 'internal', 2, `${YEAR}-03-09T19:30:00Z`, { title: 'Демалыс кестесі', type: 'memo' });
    await registered('desk-j3', 'internal', 3, `${YEAR}-03-12T05:00:00Z`, { title: 'Оқу жоспары', type: 'memo' });

    const all = await sys.http.get('/api/journals/internal/registrations').query({ year: YEAR }).set(auth('reg')).expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items[0]).toMatchObject({ documentId: 'desk-j1', number: '01-13/1', title: 'Іссапар туралы', documentType: 'memo', status: 'registered' });

    const tenth = await sys.http.get('/api/journals/internal/registrations').query({ year: YEAR, from: `${YEAR}-03-10`, to: `${YEAR}-03-10` }).set(auth('reg')).expect(200);
    expect(tenth.body.items.map((r: { documentId: string }) => r.documentId)).toEqual(['desk-j2']);
    const ninthOn = await sys.http.get('/api/journals/internal/registrations').query({ year: YEAR, from: `${YEAR}-03-09` }).set(auth('reg')).expect(200);
    expect(ninthOn.body.total).toBe(3);

    expectProblem(await sys.http.get('/api/journals/internal/registrations').query({ year: YEAR, from: `${YEAR}-03-12`, to: `${YEAR}-03-01` }).set(auth('reg')), 422, 'query.to');
    expectProblem(await sys.http.get('/api/journals/internal/registrations').query({ from: '12.03.2031' }).set(auth('reg')), 422, 'query.from');
    expectProblem(await sys.http.get('/api/journals/internal/registrations').query({ year: YEAR }).set(auth('author')), 403);
  });
});

describe('the dispatch desk', () => {
  it("lists the year's outgoing registrations as to send, awaiting receipt and received, to the registry and auditors only", async () => {
    await registered('desk-o1', 'outgoing', 11, `${YEAR}-04-01T05:00:00Z`, { title: 'Ақпарат беру туралы', correspondent: '«Әлем» ЖШС' });
    await registered('desk-o2', 'outgoing', 12, `${YEAR}-04-02T05:00:00Z`, { title: 'Шарт туралы', correspondent: '«Альфа» ЖШС' });
    await registered('desk-o3', 'outgoing', 13, `${YEAR}-04-03T05:00:00Z`, { title: 'Жауап хат', correspondent: '«Бета» АҚ' });
    // An incoming registration is not the desk's business.
    await registered('desk-i1', 'incoming', 14, `${YEAR}-04-03T06:00:00Z`, { title: 'Кіріс хат', type: 'incoming-paper' });
    await sys.models.Delivery.create({ _id: 'desk-o2', recipient: '«Альфа» ЖШС', sentAt: new Date(`${YEAR}-04-02T07:00:00Z`), sentBy: 'reg' });
    await sys.models.Delivery.create({ _id: 'desk-o3', recipient: '«Бета» АҚ', sentAt: new Date(`${YEAR}-04-03T07:00:00Z`), sentBy: 'reg', receipt: { receivedAt: new Date(`${YEAR}-04-03T09:00:00Z`), recipientNumber: 'ВХ-5' } });

    const desk = await sys.http.get('/api/deliveries').query({ year: YEAR }).set(auth('reg')).expect(200);
    expect(desk.body.counts).toEqual({ 'to-send': 1, 'awaiting-receipt': 1, 'receipt-received': 1, 'not-delivered': 0 });
    expect(desk.body.items.map((i: { documentId: string; status: string }) => [i.documentId, i.status])).toEqual([
      ['desk-o3', 'receipt-received'],
      ['desk-o2', 'awaiting-receipt'],
      ['desk-o1', 'to-send'],
    ]);
    expect(desk.body.items[0]).toMatchObject({ number: '01-13/13', title: 'Жауап хат', correspondent: '«Бета» АҚ', delivery: { receipt: { recipientNumber: 'ВХ-5' } } });

    const toSend = await sys.http.get('/api/deliveries').query({ year: YEAR, status: 'to-send' }).set(auth('auditor')).expect(200);
    expect(toSend.body).toMatchObject({ total: 1, items: [{ documentId: 'desk-o1', title: 'Ақпарат беру туралы' }] });
    expect(toSend.body.items[0].delivery).toBeUndefined();

    expectProblem(await sys.http.get('/api/deliveries').set(auth('author')), 403);
    expectProblem(await sys.http.get('/api/deliveries').query({ status: 'lost' }).set(auth('reg')), 422, 'query.status');
  });
});

describe('the issued notices', () => {
  it('lists receipts and refusals newest first with the card they are about, to the registry and auditors only', async () => {
    await registered('desk-n1', 'incoming', 21, `${YEAR}-05-01T05:00:00Z`, { title: 'Сұрау салу', correspondent: '«Гамма» ЖШС', type: 'incoming-electronic' });
    const notice = (id: string, kind: 'receipt' | 'rejection', at: string) =>
      sys.models.Notice.create({ _id: `${id}:${kind}`, documentId: id, kind, language: 'kk', fields: {}, text: `${kind} ${id}`, sha256: '0'.repeat(64), template: { key: 't', version: 1 }, issuedAt: new Date(at) });
    await notice('desk-n1', 'receipt', `${YEAR}-05-01T05:01:00Z`);
    await notice('desk-n2', 'rejection', `${YEAR}-05-02T05:00:00Z`);

    const all = await sys.http.get('/api/notices').set(auth('reg')).expect(200);
    const mine = all.body.filter((n: { documentId: string }) => n.documentId.startsWith('desk-n'));
    expect(mine.map((n: { documentId: string; kind: string }) => [n.documentId, n.kind])).toEqual([
      ['desk-n2', 'rejection'],
      ['desk-n1', 'receipt'],
    ]);
    expect(mine[1]).toMatchObject({ title: 'Сұрау салу', correspondent: '«Гамма» ЖШС', number: '01-13/21', text: 'receipt desk-n1' });
    const refusals = await sys.http.get('/api/notices').query({ kind: 'rejection' }).set(auth('auditor')).expect(200);
    expect(refusals.body.every((n: { kind: string }) => n.kind === 'rejection')).toBe(true);
    expectProblem(await sys.http.get('/api/notices').set(auth('author')), 403);
    expectProblem(await sys.http.get('/api/notices').query({ kind: 'other' }).set(auth('reg')), 422, 'query.kind');
  });
});
