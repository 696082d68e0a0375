/**
 * The first vertical slice through every layer, against the real Temporal and database servers:
 * HTTP → validation → service → Workflow Update (validator decides) → activities → read model.
 */
import { idempotentDocumentId } from '../../api/services/document-service';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss' }, { id: 'outsider' }, { id: 'reg', roles: ['employee', 'registrar'] }]);
  for (const id of ['author', 'a1', 'a2', 'boss', 'outsider', 'reg']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

const letter = { type: 'outgoing-letter', title: 'On office supplies', participants: { approvers: ['a1', 'a2'], signer: 'boss' } };

async function createLetter(): Promise<string> {
  const res = await sys.http.post('/api/documents').set(auth('author')).send(letter).expect(201);
  return res.body.id as string;
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringContaining('https://'), title: expect.any(String) });
}

describe('bad input is a clear 4xx problem, never a 500', () => {
  it('refuses anonymous callers', async () => {
    expectProblem(await sys.http.post('/api/documents').send(letter), 401);
  });

  it('names the missing title', async () => {
    const res = await sys.http.post('/api/documents').set(auth('author')).send({ type: 'outgoing-letter' });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.title' })]));
  });

  it('names an unknown document type', async () => {
    const res = await sys.http.post('/api/documents').set(auth('author')).send({ ...letter, type: 'no-such-type' });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.type' })]);
  });

  it('names an unknown participant', async () => {
    const res = await sys.http.post('/api/documents').set(auth('author')).send({ ...letter, participants: { approvers: ['a1', 'ghost'] } });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.participants.approvers.1' })]);
  });

  it('answers malformed JSON with 400 and a wrong content type with 415', async () => {
    expectProblem(await sys.http.post('/api/documents').set(auth('author')).set('Content-Type', 'application/json').send('{"title": '), 400);
    expectProblem(await sys.http.post('/api/documents').set(auth('author')).set('Content-Type', 'text/plain').send('hello'), 415);
  });

  it('refuses MongoDB operators smuggled into fields', async () => {
    const res = await sys.http.post('/api/documents').set(auth('author')).send({ ...letter, title: { $gt: '' } });
    expectProblem(res, 422);
    expect(res.body.errors[0].field).toBe('body.title');
  });

  it('answers unknown API paths with a 404 problem', async () => {
    expectProblem(await sys.http.get('/api/nothing-here').set(auth('author')), 404);
  });
});

describe('a create sent again with its Idempotency-Key', () => {
  const withKey = (who: string, key: string) => ({ ...auth(who), 'Idempotency-Key': key });

  it('gives the same document, marked as replayed, and starts one route', async () => {
    const key = `retry-${Date.now()}`;
    const mine = { ...letter, title: `Sent twice ${key}` }; // a title of its own: other tests create letters with keys too
    const first = await sys.http.post('/api/documents').set(withKey('author', key)).send(mine).expect(201);
    const again = await sys.http.post('/api/documents').set(withKey('author', key)).send(mine).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await sys.models.Document.countDocuments({ title: mine.title, authorId: 'author', 'idempotency.requestHash': { $exists: true } })).toBe(1);
    // Another author's identical key is another document.
    const other = await sys.http.post('/api/documents').set(withKey('a1', key)).send({ ...mine, participants: { approvers: ['a2'], signer: 'boss' } }).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('refuses the key reused for a different body, naming the header', async () => {
    const key = `reuse-${Date.now()}`;
    await sys.http.post('/api/documents').set(withKey('author', key)).send(letter).expect(201);
    const res = await sys.http.post('/api/documents').set(withKey('author', key)).send({ ...letter, title: 'Something else' });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
  });

  it('refuses a malformed key, naming the header', async () => {
    const res = await sys.http.post('/api/documents').set(withKey('author', 'bad key!')).send(letter);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
  });

  it('finishes a create that died after saving the card, before starting the route', async () => {
    const key = `half-done-${Date.now()}`;
    const id = idempotentDocumentId('author', key);
    // What a first request left behind when its process died between the card and the workflow start.
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../domain/audit/canonical-json');
    const input = { ...letter, language: 'kk', fields: {} };
    await sys.models.Document.create({
      _id: id, ...input, authorId: 'author', route: { key: 'outgoing-letter', version: 1 }, workflowId: `document:${id}`, status: 'draft', participantIds: ['author'],
      idempotency: { requestHash: createHash('sha256').update(canonicalJson(input)).digest('hex') },
    });
    const res = await sys.http.post('/api/documents').set(withKey('author', key)).send(letter).expect(201);
    expect(res.body).toMatchObject({ id, workflow: { status: 'draft', authorId: 'author' } });
    expect((await sys.temporal.workflow.getHandle(`document:${id}`).describe()).status.name).toBe('RUNNING');
  });
});

describe('a document walks its route through the API', () => {
  it('creates a draft and starts its workflow; the card carries the live state', async () => {
    const id = await createLetter();
    const res = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(res.body).toMatchObject({ id, status: 'draft', route: { key: 'outgoing-letter', version: 1 }, workflow: { status: 'draft', authorId: 'author' } });
    const description = await sys.temporal.workflow.getHandle(`document:${id}`).describe();
    expect(description.status.name).toBe('RUNNING');
    // Outsiders do not even learn that it exists.
    expectProblem(await sys.http.get(`/api/documents/${id}`).set(auth('outsider')), 404);
  });

  it('refuses actions not allowed now with 403/409 and a reason; allows the right ones', async () => {
    const id = await createLetter();
    let res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('author')).send({});
    expectProblem(res, 409);
    expect(res.body.detail).toMatch(/draft/);

    res = await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({ comment: 'please' }).expect(200);
    expect(res.body.status).toBe('on-approval');

    res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('outsider')).send({});
    expect(res.status).toBe(404); // no part in it: cannot even see it

    // The registrar of its journal sees it only once it reaches registration: before that, as for anyone outside it.
    res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('reg')).send({});
    expectProblem(res, 404);

    res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({});
    expectProblem(res, 409);
    expect(res.body.refusal).toBe('WrongStage');

    await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
    res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({});
    expectProblem(res, 409);
    expect(res.body.refusal).toBe('AlreadyDone');

    res = await sys.http.post(`/api/documents/${id}/actions/reject`).set(auth('a2')).send({});
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.comment' })]);

    res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({}).expect(200);
    expect(res.body.status).toBe('on-signing');

    // The refusal of an outsider (and of the registrar, still outside it) is in the audit trail, though both got a 404.
    const refusals = await sys.models.AuditEvent.find({ type: 'access.refused', 'data.path': `/api/documents/${id}/actions/approve` }).lean();
    expect(refusals.map((r) => r.actorId).sort()).toEqual(['outsider', 'reg']);
  });

  it('keeps inboxes in step: approvers see their task, the signer sees it after approval', async () => {
    const id = await createLetter();
    await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
    const view = async (who: string, v: string) =>
      (await sys.http.get(`/api/inbox?view=${v}`).set(auth(who)).expect(200)).body.items.filter((i: { documentId: string }) => i.documentId === id);
    await eventually(async () => expect(await view('a1', 'for-approval')).toHaveLength(1));
    expect(await view('a2', 'for-approval')).toHaveLength(0); // sequential: not yet a2's turn
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({}).expect(200);
    await eventually(async () => expect(await view('boss', 'for-signing')).toHaveLength(1));
    expect(await view('a1', 'for-approval')).toHaveLength(0);
    // Withdrawal takes it back to the author's drafts and out of the signer's inbox.
    await sys.http.post(`/api/documents/${id}/actions/withdraw`).set(auth('author')).send({}).expect(200);
    await eventually(async () => expect(await view('author', 'drafts')).toHaveLength(1));
    expect(await view('boss', 'for-signing')).toHaveLength(0);
    const counts = (await sys.http.get('/api/inbox/counts').set(auth('author')).expect(200)).body;
    expect(counts.drafts).toBeGreaterThanOrEqual(1);
  });

  it('validates inbox queries', async () => {
    const res = await sys.http.get('/api/inbox?view=everything').set(auth('a1'));
    expectProblem(res, 422);
    expect(res.body.errors[0].field).toBe('query.view');
  });

  it('reports health of both servers', async () => {
    const res = await sys.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ ok: true, temporal: { ok: true }, mongodb: { ok: true } });
  });

  it('writes an audit chain that verifies', async () => {
    const id = await createLetter();
    await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
    const verdict = await createAuditChainVerdict();
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThan(5);
  });
});

async function createAuditChainVerdict() {
  const { createAuditChain } = await import('../../domain/audit/audit-chain');
  return createAuditChain(sys.models.AuditEvent).verify();
}

it('sends the card fields given at creation back in the document view (the card and the duplicate check read them)', async () => {
  const created = await sys.http
    .post('/api/documents')
    .set(auth('reg'))
    .send({ type: 'incoming-paper', title: 'Сұрау', correspondent: '«Альфа» ЖШС', participants: { executor: 'boss' }, fields: { senderNumber: '12/345', senderDate: '2026-11-20' } })
    .expect(201);
  expect(created.body.fields).toEqual({ senderNumber: '12/345', senderDate: '2026-11-20' });
  const read = await sys.http.get(`/api/documents/${created.body.id}`).set(auth('reg')).expect(200);
  expect(read.body.fields).toEqual({ senderNumber: '12/345', senderDate: '2026-11-20' });
});

it('answers a create with the same document view as reading the new card afterwards', async () => {
  const created = await sys.http.post('/api/documents').set(auth('author')).send({ ...letter, summary: 'Two boxes of paper' }).expect(201);
  // The answer waits for the workflow's first pass, whose projection is written by then.
  expect((await sys.models.Document.findById(created.body.id).lean())?.projectedSeq).toBeGreaterThanOrEqual(0);
  const read = await sys.http.get(`/api/documents/${created.body.id}`).set(auth('author')).expect(200);
  expect(created.body).toEqual(read.body);
});
