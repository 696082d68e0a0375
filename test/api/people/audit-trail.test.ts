/**
 * The tamper-evident trail and what auditors do with it: verify the chain (an altered or removed event is
 * named), read a document's business timeline, export its Temporal history, replay it against the current
 * code, and read the card as it was at an instant T (with the snapshot's hash checked against the chain).
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { replayDocumentHistory } from '../../../client/replay/document-replay';
import { startTestSystem, type TestSystem } from '../../support/system';
import { until } from './people-harness';

jest.setTimeout(180_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const PEOPLE = ['author', 'approver', 'deputy', 'boss', 'auditor', 'admin', 'outsider'];

let documentId: string;
let submittedAt: Date;
let approvedAt: Date;

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([
    ...['author', 'approver', 'deputy', 'boss', 'outsider'].map((id) => ({ id })),
    { id: 'auditor', roles: ['employee', 'auditor'] },
    { id: 'admin', roles: ['employee', 'administrator'] },
  ]);
  for (const id of PEOPLE) tokens[id] = await sys.tokenFor(id);
  await sys.http.post('/api/substitutions').set(as('approver')).send({ absentId: 'approver', substituteId: 'deputy', from: new Date(Date.now() - 1000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }).expect(201);

  const created = await sys.http.post('/api/documents').set(as('author')).send({ type: 'outgoing-letter', title: 'Audited letter', participants: { approvers: ['approver'], signer: 'boss' } }).expect(201);
  documentId = created.body.id;
  await sys.http.post(`/api/documents/${documentId}/actions/submit`).set(as('author')).send({}).expect(200);
  submittedAt = new Date();
  await new Promise((r) => setTimeout(r, 1500));
  await sys.http.post(`/api/documents/${documentId}/actions/approve`).set(as('deputy')).send({ onBehalfOf: 'approver', comment: 'ok' }).expect(200);
  approvedAt = new Date();
  await until(async () => expect(await sys.models.DocumentSnapshot.countDocuments({ documentId })).toBe(3)); // created, submitted, approved
});
afterAll(() => sys?.stop());

describe('the hash chain', () => {
  it('verifies while nothing was touched', async () => {
    const res = await sys.http.get('/api/audit/verify').set(as('auditor')).expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(5);
  });

  it('names the event altered directly in the database, and verifies again once it is restored', async () => {
    const victim = await sys.models.AuditEvent.findOne({ documentId, type: 'approval.granted' }).lean();
    expect(victim).toBeTruthy();
    await sys.models.AuditEvent.collection.updateOne({ _id: victim!._id } as never, { $set: { actorId: 'approver', onBehalfOf: null } });
    const res = await sys.http.get('/api/audit/verify').set(as('auditor')).expect(200);
    expect(res.body).toMatchObject({ ok: false, brokenAt: { seq: victim!.seq, problem: 'content-altered', eventKey: victim!.eventKey, type: 'approval.granted', documentId } });
    await sys.models.AuditEvent.collection.replaceOne({ _id: victim!._id } as never, victim!);
    expect((await sys.http.get('/api/audit/verify').set(as('auditor')).expect(200)).body.ok).toBe(true);
  });

  it('names a removed event as missing', async () => {
    const victim = await sys.models.AuditEvent.findOne({ documentId, type: 'document.submitted' }).lean();
    await sys.models.AuditEvent.collection.deleteOne({ _id: victim!._id } as never);
    const res = await sys.http.get('/api/audit/verify').set(as('admin')).expect(200);
    expect(res.body).toMatchObject({ ok: false, brokenAt: { seq: victim!.seq, problem: 'missing-event' } });
    await sys.models.AuditEvent.collection.insertOne(victim! as never);
    expect((await sys.http.get('/api/audit/verify').set(as('admin')).expect(200)).body.ok).toBe(true);
  });

  it('is for auditors and administrators only', async () => {
    await sys.http.get('/api/audit/verify').set(as('author')).expect(403);
  });

  it('records sign-ins, agreement, organisation changes and refusals as events', async () => {
    await sys.http.get('/api/audit/verify').set(as('outsider')).expect(403);
    await sys.http.post('/api/org/units').set(as('admin')).send({ id: 'new-unit', name: { kk: 'Жаңа', ru: 'Новый' } }).expect(201);
    const events = (await sys.http.get('/api/audit/events?limit=1000').set(as('auditor')).expect(200)).body.items as Array<{ type: string; actorId?: string; atAstana: string }>;
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['substitution.created', 'access.refused', 'org.unit.created', 'document.submitted', 'approval.granted']));
    expect(events.find((e) => e.type === 'access.refused' && e.actorId === 'outsider')).toBeTruthy();
    expect(events[0].atAstana).toMatch(/\+0[56]:00$/);
  });
});

describe('a document\'s history', () => {
  it('gives auditors the business timeline: Updates from the workflow joined with the audit events', async () => {
    const res = await sys.http.get(`/api/documents/${documentId}/history`).set(as('auditor')).expect(200);
    expect(res.body).toMatchObject({ documentId, route: { key: 'outgoing-letter', version: 1 }, workflowHistoryAvailable: true });
    const entries = res.body.entries as Array<Record<string, unknown>>;
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'workflow', type: 'update:approval.approve', outcome: 'completed', who: 'Test deputy on behalf of Test approver' }),
        expect.objectContaining({ source: 'audit', type: 'approval.granted', who: 'Test deputy on behalf of Test approver', route: { key: 'outgoing-letter', version: 1 } }),
        expect.objectContaining({ source: 'audit', type: 'stage.started', stageId: 'approval' }),
      ]),
    );
    expect(entries.some((e) => e.type === 'document.snapshot-recorded')).toBe(false);
    const times = entries.map((e) => e.at as string);
    expect([...times].sort()).toEqual(times);
    await sys.http.get(`/api/documents/${documentId}/history`).set(as('author')).expect(403);
  });

  it('exports the Temporal history, which replays deterministically and reproduces every recorded state', async () => {
    const res = await sys.http.get(`/api/documents/${documentId}/history/export`).set(as('auditor')).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?document-.*-history\.json"?$/);
    const history = historyFromJSON(JSON.parse(res.text));
    const report = await replayDocumentHistory(history, { workflowId: `document:${documentId}` });
    expect(report).toMatchObject({ deterministic: true, statesMatchRecorded: true });
    expect(report.stateAt?.state).toMatchObject({ status: 'on-signing' });
  });

  it('replays through the API and shows the card as it was at T, agreeing with the stored snapshot', async () => {
    const between = new Date(submittedAt.getTime() + 500).toISOString();
    const res = await sys.http.post(`/api/documents/${documentId}/replay`).set(as('auditor')).send({ at: between }).expect(200);
    expect(res.body).toMatchObject({ deterministic: true, statesMatchRecorded: true, snapshot: { verified: true, matchesReplay: true } });
    expect(res.body.stateAt.state).toMatchObject({ status: 'on-approval', tasks: [expect.objectContaining({ assigneeId: 'approver', state: 'open' })] });

    const atT = await sys.http.get(`/api/documents/${documentId}/history/state`).query({ at: between }).set(as('auditor')).expect(200);
    expect(atT.body).toMatchObject({ verified: true, state: { status: 'on-approval' }, card: { title: 'Audited letter' } });
    expect(atT.body.seq).toBe(res.body.stateAt.seq);
    const now = await sys.http.get(`/api/documents/${documentId}/history/state`).query({ at: approvedAt.toISOString() }).set(as('auditor')).expect(200);
    expect(now.body.state).toMatchObject({ status: 'on-signing', tasks: expect.arrayContaining([expect.objectContaining({ actedBy: 'deputy', onBehalfOf: 'approver' })]) });
    await sys.http.get(`/api/documents/${documentId}/history/state`).query({ at: '2001-01-01T00:00:00Z' }).set(as('auditor')).expect(404);
  });

  it('gives the card\'s title as it was at T, rolled back through the card edits made after T', async () => {
    const draft = await sys.http.post('/api/documents').set(as('author')).send({ type: 'outgoing-letter', title: 'Title before', participants: { approvers: ['approver'], signer: 'boss' } }).expect(201);
    const id = draft.body.id as string;
    await until(async () => expect(await sys.models.DocumentSnapshot.countDocuments({ documentId: id })).toBe(1));
    await new Promise((r) => setTimeout(r, 50));
    const beforeEdit = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));
    await sys.http.patch(`/api/documents/${id}`).set(as('author')).send({ version: 0, changes: { title: 'Title after' } }).expect(200);

    const atT = await sys.http.get(`/api/documents/${id}/history/state`).query({ at: beforeEdit }).set(as('auditor')).expect(200);
    expect(atT.body).toMatchObject({ verified: true, state: { status: 'draft' }, card: { title: 'Title before' } });
    const latest = await sys.http.get(`/api/documents/${id}/history/state`).set(as('auditor')).expect(200);
    expect(latest.body.card).toEqual({ title: 'Title after' });
  });

  it('detects a snapshot edited in the database', async () => {
    const atT = await sys.http.get(`/api/documents/${documentId}/history/state`).set(as('auditor')).expect(200);
    const key = { _id: `${documentId}:${atT.body.seq}` } as never;
    const original = await sys.models.DocumentSnapshot.collection.findOne(key);
    await sys.models.DocumentSnapshot.collection.updateOne(key, { $set: { 'state.status': 'executed' } });
    try {
      const tampered = await sys.http.get(`/api/documents/${documentId}/history/state`).set(as('auditor')).expect(200);
      expect(tampered.body).toMatchObject({ verified: false, state: { status: 'executed' } });
    } finally {
      // The other tests read this snapshot: put it back as it was.
      await sys.models.DocumentSnapshot.collection.replaceOne(key, original!);
    }
    const restored = await sys.http.get(`/api/documents/${documentId}/history/state`).set(as('auditor')).expect(200);
    expect(restored.body).toMatchObject({ verified: true, state: { status: atT.body.state.status } });
  });
});
