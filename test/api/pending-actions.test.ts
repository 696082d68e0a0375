/**
 * An action whose consequences cannot finish is answered, not left hanging: a letter submitted while its
 * only approver has left (the stage has nobody to act, so the route retries until the org tree is fixed)
 * gets 202 with what the route waits for; once the approver is back, the route goes on by itself.
 */
import { eventually, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem({ actionAnswerWaitMs: 1_500 });
  await sys.addPeople([{ id: 'author' }, { id: 'leaver' }, { id: 'boss' }]);
  for (const id of ['author', 'boss']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

it('answers 202 with the cause while a stage has nobody to act, and the route resumes once it has', async () => {
  const created = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Pending approver', participants: { approvers: ['leaver'], signer: 'boss' } })
    .expect(201);
  const id = created.body.id as string;
  await sys.models.Employee.updateOne({ _id: 'leaver' }, { $set: { status: 'blocked' } });

  const submitted = await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({});
  expect(submitted.status).toBe(202);
  expect(submitted.body).toMatchObject({ id, pending: { updateId: expect.any(String), waitingFor: [expect.objectContaining({ activity: 'resolveStageParticipants' })] } });
  expect(submitted.body.pending.waitingFor[0].lastFailure ?? '').toMatch(/nobody to act/);

  await sys.models.Employee.updateOne({ _id: 'leaver' }, { $set: { status: 'active' } });
  await eventually(async () => {
    const card = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(card.body.status).toBe('on-approval');
  }, 30_000);
}, 60_000);

it('answers an action that finishes in time with 200 and no pending part', async () => {
  const created = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Prompt', participants: { approvers: ['boss'], signer: 'boss' } })
    .expect(201);
  const submitted = await sys.http.post(`/api/documents/${created.body.id}/actions/submit`).set(auth('author')).send({}).expect(200);
  expect(submitted.body.pending).toBeUndefined();
  expect(submitted.body.status).toBe('on-approval');
});

it("gives an approval stage whose only approver is the author to the author's head, never passing it unapproved", async () => {
  await sys.addPeople([{ id: 'head-a' }]);
  tokens['head-a'] = await sys.tokenFor('head-a');
  const created = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Self-approval', participants: { approvers: ['author'], signer: 'boss' } })
    .expect(201);
  const id = created.body.id as string;
  const submitted = await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  expect(submitted.body.status).toBe('on-approval');
  const open = (submitted.body.workflow.tasks as { assigneeId: string; state: string; kind: string }[]).filter((t) => t.state === 'open');
  expect(open).toEqual([expect.objectContaining({ assigneeId: 'head-a', kind: 'approve' })]);
  const approved = await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('head-a')).send({}).expect(200);
  expect(approved.body.status).toBe('on-signing');
}, 60_000);
