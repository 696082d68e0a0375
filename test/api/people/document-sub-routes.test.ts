/**
 * One answer for outsiders: every endpoint under /api/documents/{id} (taken from the OpenAPI document, so a new
 * sub-resource is covered the day it is added) answers a signed-in non-participant exactly as it answers for a
 * document that does not exist — the card's 404 — and never a 403 that would confirm the document is there. A
 * registrar sees a document whose route ends in their journal only once it has reached registration.
 */
import { startTestSystem, type TestSystem } from '../../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'boss' }, { id: 'outsider' }, { id: 'reg', roles: ['employee', 'registrar'] }]);
  for (const id of ['author', 'a1', 'boss', 'outsider', 'reg']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

async function letter(title: string): Promise<string> {
  const created = await sys.http.post('/api/documents').set(auth('author')).send({ type: 'outgoing-letter', title, participants: { approvers: ['a1'], signer: 'boss' } }).expect(201);
  return created.body.id as string;
}

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

async function call(method: Method, path: string, who: string) {
  const req = sys.http[method](path).set(auth(who));
  return method === 'get' || method === 'delete' ? req : req.send({});
}

it('answers every document sub-resource to a non-participant as it answers for a missing document: the card’s 404', async () => {
  const id = await letter('Not for outsiders');
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  const spec = (await sys.http.get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/api/documents/{id}'))
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method as Method, path })));
  expect(routes.length).toBeGreaterThan(20);
  const card = await call('get', `/api/documents/${id}`, 'outsider');
  expect(card.status).toBe(404);
  const differing: string[] = [];
  for (const { method, path } of routes) {
    const fill = (docId: string) => path.replace('{id}', docId).replace(/\{[^}]+\}/g, 'x1');
    const real = await call(method, fill(id), 'outsider');
    const missing = await call(method, fill('no-such-document'), 'outsider');
    const shape = (r: { status: number; body: { type?: string; title?: string } }) => `${r.status} ${r.body?.type ?? ''} ${r.body?.title ?? ''}`;
    if (real.status === 403 || shape(real) !== shape(missing)) differing.push(`${method.toUpperCase()} ${path}: ${shape(real)} vs missing ${shape(missing)}`);
    else if (method === 'get' && real.status !== 404 && real.status !== 422) differing.push(`${method.toUpperCase()} ${path}: ${real.status}, not the card's 404`);
  }
  expect(differing).toEqual([]);
  // A participant still gets the role refusal where the role is what is missing.
  expect((await call('get', `/api/documents/${id}/history`, 'author')).status).toBe(403);
}, 180_000);

it('shows a registrar a document only once it has reached registration, not while it is a draft or on approval', async () => {
  const id = await letter('For the registry later');
  expect((await call('get', `/api/documents/${id}`, 'reg')).status).toBe(404);
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  expect((await call('get', `/api/documents/${id}`, 'reg')).status).toBe(404);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  const signing = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
  expect(signing.body.status).toBe('on-signing');
  expect((await call('get', `/api/documents/${id}`, 'reg')).status).toBe(404);
  const search = await sys.http.get('/api/search').query({ q: 'registry later' }).set(auth('reg')).expect(200);
  expect(search.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  // The card as the projection writes it when the route enters registration (signing needs a real CMS here).
  await sys.models.Document.updateOne({ _id: id }, { $set: { status: 'on-registration' } });
  expect((await call('get', `/api/documents/${id}`, 'reg')).status).toBe(200);
});
