/**
 * The read log (seed-004 ¶39): a card read, a download, a search and a refused read are recorded with who,
 * what, when and from where; auditors (only) ask who saw a document; the batches' hash chain names an altered
 * entry.
 */
import { createReadLog } from '../../api/services/read-log-service';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

jest.setTimeout(120_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'rl-author' }, { id: 'rl-outsider' }, { id: 'rl-auditor', roles: ['employee', 'auditor'] }, { id: 'rl-admin', roles: ['employee', 'administrator'] }]);
  for (const id of ['rl-author', 'rl-outsider', 'rl-auditor', 'rl-admin']) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

async function draft(title: string): Promise<string> {
  const res = await sys.http.post('/api/documents').set(as('rl-author')).send({ type: 'outgoing-letter', title, participants: {} }).expect(201);
  return res.body.id as string;
}

const readLog = (query: string, who = 'rl-auditor') => sys.http.get(`/api/oversight/read-log?${query}`).set(as(who));

it('a read of a document card appears in the read log: who, what, when, from which address', async () => {
  const id = await draft('Read log: card');
  const before = Date.now();
  await sys.http.get(`/api/documents/${id}`).set(as('rl-author')).expect(200);
  await sys.app.services.readLog.flush();
  const entries = (await readLog(`documentId=${id}`).expect(200)).body as Array<Record<string, unknown>>;
  expect(entries).toEqual([
    expect.objectContaining({ actorId: 'rl-author', actorName: 'Test rl-author', kind: 'card', documentId: id, status: 200, outcome: 'shown', source: expect.any(String) }),
  ]);
  expect(Date.parse(entries[0].at as string)).toBeGreaterThanOrEqual(before - 1000);
  expect(entries[0].atAstana).toMatch(/\+05:00$/);
});

it('a read by a non-participant is refused and still logged as refused', async () => {
  const id = await draft('Read log: outsider');
  await sys.http.get(`/api/documents/${id}`).set(as('rl-outsider')).expect(404);
  await sys.http.get(`/api/documents/${id}/attachments`).set(as('rl-outsider')).expect(404);
  const entries = (await readLog(`documentId=${id}&actorId=rl-outsider`).expect(200)).body as Array<Record<string, unknown>>;
  expect(entries.map((e) => [e.kind, e.resource ?? '', e.status, e.outcome]).sort()).toEqual([
    ['card', '', 404, 'refused'],
    ['view', 'attachments', 404, 'refused'],
  ]);
});

it('records a file download and a search with its words, not other sub-resources of the log itself', async () => {
  const id = await draft('Read log: download');
  const uploaded = await sys.http
    .post(`/api/documents/${id}/attachments?filename=letter.pdf`)
    .set(as('rl-author'))
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from('%PDF-1.4\n% read log\n%%EOF\n'))
    .expect(201);
  const attachmentId = uploaded.body.id as string;
  await sys.http.get(`/api/documents/${id}/attachments/${attachmentId}`).set(as('rl-author')).expect(200);
  const downloads = (await readLog(`documentId=${id}&kind=download`).expect(200)).body as Array<Record<string, unknown>>;
  expect(downloads).toEqual([expect.objectContaining({ actorId: 'rl-author', resource: `attachments/${attachmentId}`, outcome: 'shown' })]);
  await sys.http.get('/api/search?q=budget').set(as('rl-author')).expect(200);
  const searches = (await readLog('actorId=rl-author&kind=search').expect(200)).body as Array<Record<string, unknown>>;
  expect(searches[0]).toMatchObject({ kind: 'search', query: 'q=budget', outcome: 'shown' });
  await sys.http.get(`/api/documents/${id}/readers`).set(as('rl-auditor')).expect(200);
  const auditorReads = (await readLog(`documentId=${id}&actorId=rl-auditor`).expect(200)).body as unknown[];
  expect(auditorReads).toEqual([]);
});

it('answers "who saw this document" to auditors only', async () => {
  const id = await draft('Read log: readers');
  await sys.http.get(`/api/documents/${id}`).set(as('rl-author')).expect(200);
  await sys.http.get(`/api/documents/${id}`).set(as('rl-author')).expect(200);
  await sys.http.get(`/api/documents/${id}`).set(as('rl-outsider')).expect(404);
  const res = await sys.http.get(`/api/documents/${id}/readers`).set(as('rl-auditor')).expect(200);
  const readers = res.body.readers as Array<Record<string, unknown>>;
  expect(readers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ actorId: 'rl-author', reads: 2, refused: 0 }),
      expect.objectContaining({ actorId: 'rl-outsider', reads: 0, refused: 1 }),
    ]),
  );
  // The author sees the document but is not an auditor: 403; an outsider gets the card's 404; an administrator 403.
  await sys.http.get(`/api/documents/${id}/readers`).set(as('rl-author')).expect(403);
  await sys.http.get(`/api/documents/${id}/readers`).set(as('rl-outsider')).expect(404);
  await sys.http.get(`/api/documents/${id}/readers`).set(as('rl-admin')).expect(403);
  await readLog(`documentId=${id}`, 'rl-admin').expect(403);
});

it('writes reads in batches off the request path and the chain names an altered entry', async () => {
  const id = await draft('Read log: chain');
  await Promise.all([1, 2, 3].map(() => sys.http.get(`/api/documents/${id}`).set(as('rl-author')).expect(200)));
  // Not written yet by the time the answers are out (the batch waits), written by the flush.
  await sys.app.services.readLog.flush();
  const entries = await eventually(async () => {
    const rows = await sys.models.ReadLogEntry.find({ documentId: id }).lean();
    expect(rows).toHaveLength(3);
    return rows;
  });
  const clean = (await sys.http.get('/api/oversight/read-log/verify').set(as('rl-auditor')).expect(200)).body;
  expect(clean).toMatchObject({ ok: true, unchainedBatches: [] });
  expect(clean.batches).toBeGreaterThan(0);

  await sys.models.ReadLogEntry.collection.updateOne({ _id: entries[0]._id } as never, { $set: { actorId: 'rl-outsider' } });
  const altered = (await sys.http.get('/api/oversight/read-log/verify').set(as('rl-admin')).expect(200)).body;
  expect(altered).toMatchObject({ ok: false, firstProblem: { problem: 'entries-altered', batchKey: entries[0].batchKey } });
  await sys.models.ReadLogEntry.collection.updateOne({ _id: entries[0]._id } as never, { $set: { actorId: 'rl-author' } });

  await sys.models.ReadLogEntry.collection.deleteOne({ _id: entries[1]._id } as never);
  const removed = (await sys.http.get('/api/oversight/read-log/verify').set(as('rl-auditor')).expect(200)).body;
  expect(removed).toMatchObject({ ok: false, firstProblem: { problem: 'entries-altered', batchKey: entries[1].batchKey, foundCount: entries.filter((e) => e.batchKey === entries[1].batchKey).length - 1 } });
  await sys.models.ReadLogEntry.collection.insertOne(entries[1] as never);
  expect((await sys.http.get('/api/oversight/read-log/verify').set(as('rl-auditor')).expect(200)).body.ok).toBe(true);
});

it('keeps entries in memory until their batch is written, then writes them with one insert and one link', async () => {
  const log = createReadLog(sys.models, { flushDelayMs: 60_000, batchSize: 50 });
  const documentId = `queued-${Date.now()}`;
  for (let i = 0; i < 3; i++) log.record({ at: new Date(), actorId: 'rl-author', kind: 'card', documentId, status: 200, outcome: 'shown' });
  expect(await sys.models.ReadLogEntry.countDocuments({ documentId })).toBe(0);
  const inserts = jest.spyOn(sys.models.ReadLogEntry, 'insertMany');
  await log.close();
  expect(inserts).toHaveBeenCalledTimes(1);
  inserts.mockRestore();
  const rows = await sys.models.ReadLogEntry.find({ documentId }).lean();
  expect(rows).toHaveLength(3);
  expect(new Set(rows.map((r) => r.batchKey)).size).toBe(1);
  expect(await sys.models.ReadLogLink.exists({ batchKey: rows[0].batchKey })).toBeTruthy();
});
