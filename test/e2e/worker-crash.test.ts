/**
 * Durability across worker crashes, with real processes: the worker is SIGKILLed while a document waits,
 * and between a state change and its read-model write. Nothing is lost and the inbox converges.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const repoRoot = path.resolve(__dirname, '..', '..');
let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const children: ChildProcess[] = [];

function spawnWorker(entry: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      MONGODB_DB: sys.db.name,
      TEMPORAL_TASK_QUEUE: sys.taskQueue,
      LOG_LEVEL: 'warn',
      QUJAT_TRUST_DIR: path.join(repoRoot, 'test-artifacts', 'no-trust'),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

beforeAll(async () => {
  // The answer must wait for the restarted worker (tens of seconds under load), not turn into a 202.
  sys = await startTestSystem({ withWorker: false, actionAnswerWaitMs: 150_000 });
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss' }]);
  for (const id of ['author', 'a1', 'a2', 'boss']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sys?.stop();
});

async function createAndSubmit(): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Crash-proof letter', participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
    .expect(201);
  const id = res.body.id as string;
  const submitted = await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  expect(submitted.body.status).toBe('on-approval');
  return id;
}

const inboxOf = async (who: string, view: string, id: string) =>
  ((await sys.http.get(`/api/inbox?view=${view}`).set(auth(who)).expect(200)).body.items as Array<{ documentId: string }>).filter((i) => i.documentId === id);

it('a worker killed while the document waits loses nothing: the next worker carries on', async () => {
  const first = spawnWorker('worker.ts');
  const id = await createAndSubmit();
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  first.kill('SIGKILL');
  await killed(first);

  // The approval is sent while no worker runs; it completes once a new worker is up.
  const approval = sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a2')).send({}).then((r) => r);
  spawnWorker('worker.ts');
  const res = await approval;
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('on-signing');
  expect(res.body.workflow.tasks.filter((t: { kind: string; state: string }) => t.kind === 'approve').map((t: { state: string }) => t.state)).toEqual(['done', 'done']);
  await eventually(async () => expect(await inboxOf('boss', 'for-signing', id)).toHaveLength(1));
  const card = await sys.models.Document.findById(id).lean();
  expect(card?.status).toBe('on-signing');
}, 180_000);

it('a worker killed between the state change and the inbox write: the inbox converges', async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const crashing = spawnWorker('test/support/crashing-worker.ts', { QUJAT_CRASH_BEFORE_PROJECTION_OF: 'approval.granted' });
  const id = await createAndSubmit();
  // .then() sends it now (supertest requests are lazy).
  const approval = sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).then((r) => r);
  await killed(crashing);
  expect(crashing.signalCode).toBe('SIGKILL');
  // The workflow has accepted the approval, but the read model has not heard of it.
  expect(await inboxOf('a1', 'for-approval', id)).toHaveLength(1);
  expect(await inboxOf('a2', 'for-approval', id)).toHaveLength(0);

  spawnWorker('worker.ts');
  expect((await approval).status).toBe(200);
  await eventually(async () => {
    expect(await inboxOf('a1', 'for-approval', id)).toHaveLength(0);
    expect(await inboxOf('a2', 'for-approval', id)).toHaveLength(1);
  }, 60_000);
  const events = await sys.models.AuditEvent.find({ documentId: id, type: 'approval.granted' }).lean();
  expect(events).toHaveLength(1); // the retried write did not double the audit event
}, 180_000);
