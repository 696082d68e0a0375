/**
 * Routes as versioned data through the designer API: invalid definitions are refused with the path of the
 * mistake, dry runs show who would be asked, publishing makes an immutable version, and a running document
 * keeps the version it started with.
 */
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'designer', roles: ['employee', 'designer'] }, { id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss' }, { id: 'head-a' }]);
  for (const id of ['designer', 'author']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

const letter = () => structuredClone(STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!);

it('is for designers only', async () => {
  const res = await sys.http.get('/api/routes').set(auth('author'));
  expect(res.status).toBe(403);
});

it('refuses invalid definitions with the path of each mistake', async () => {
  const cases: Array<[string, (d: Record<string, unknown> & { stages: Array<Record<string, unknown>> }) => void, string]> = [
    ['unknown stage type', (d) => (d.stages[0].type = 'voting'), 'body.stages.0.type'],
    ['participant kind', (d) => ((d.stages[1].participants as unknown[])[0] = { kind: 'boss-of-the-boss' }), 'body.stages.1.participants.0.kind'],
    ['duplicate stage id', (d) => (d.stages[2].id = 'approval'), 'body.stages.2.id'],
    ['deadline rule', (d) => (d.stages[0].deadline = { days: 0, kind: 'working' }), 'body.stages.0.deadline'],
    ['unknown field', (d) => (d.stages[0].colour = 'red'), 'body.stages.0'],
    ['no stages', (d) => (d.stages = []), 'body.stages'],
  ];
  for (const [what, mutate, field] of cases) {
    const definition = letter() as unknown as Record<string, unknown> & { stages: Array<Record<string, unknown>> };
    mutate(definition);
    const res = await sys.http.put('/api/routes/outgoing-letter/draft').set(auth('designer')).send(definition);
    expect({ what, status: res.status }).toEqual({ what, status: 422 });
    expect({ what, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ what, fields: expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}`))]) });
  }
  const controlWithoutExecution = { key: 'bad', title: { kk: 'x', ru: 'x' }, stages: [{ id: 'c', type: 'control-removal', participants: [{ kind: 'author' }] }] };
  const res = await sys.http.post('/api/routes/validate').set(auth('designer')).send(controlWithoutExecution);
  expect(res.status).toBe(422);
  expect(res.body.errors[0].field).toBe('body.stages.0.type');
});

it('dry-runs a definition against a sample document', async () => {
  const res = await sys.http
    .post('/api/routes/dry-run')
    .set(auth('designer'))
    .send({ definition: letter(), sample: { authorId: 'author', participants: { approvers: ['a1', 'a2'], signer: 'boss' } } })
    .expect(200);
  expect(res.body.stages.map((s: { id: string; participants: string[] }) => [s.id, s.participants])).toEqual([
    ['approval', ['a1', 'a2']],
    ['signing', ['boss']],
    ['registration', []],
  ]);
  expect(res.body.stages[2].problems).toEqual(['nobody would be asked at this stage']);
});

it('publishes immutable versions; a running document keeps the version it started with', async () => {
  const started = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Started on v1', participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
    .expect(201);
  expect(started.body.route).toEqual({ key: 'outgoing-letter', version: 1 });

  // v2: one approver is enough.
  const v2 = letter();
  v2.stages[0] = { ...v2.stages[0], type: 'approval', mode: 'parallel', quorum: 'any' } as (typeof v2.stages)[number];
  await sys.http.put('/api/routes/outgoing-letter/draft').set(auth('designer')).send(v2).expect(200);
  const published = await sys.http.post('/api/routes/outgoing-letter/publish').set(auth('designer')).expect(201);
  expect(published.body.version).toBe(2);

  const fresh = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Started on v2', participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
    .expect(201);
  expect(fresh.body.route.version).toBe(2);

  // The old document still follows v1 (sequential, both approvers), the new one v2 (any one).
  await sys.http.post(`/api/documents/${started.body.id}/actions/submit`).set(auth('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${fresh.body.id}/actions/submit`).set(auth('author')).send({}).expect(200);
  tokens.a1 = await sys.tokenFor('a1');
  const oldAfter = await sys.http.post(`/api/documents/${started.body.id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  const newAfter = await sys.http.post(`/api/documents/${fresh.body.id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  expect(oldAfter.body.status).toBe('on-approval');
  expect(newAfter.body.status).toBe('on-signing');

  const versions = await sys.http.get('/api/routes/outgoing-letter').set(auth('designer')).expect(200);
  expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  const v1 = await sys.http.get('/api/routes/outgoing-letter/versions/1').set(auth('designer')).expect(200);
  expect(v1.body.definition.stages[0].mode).toBe('sequential');
});
