/**
 * What the visual designer asks of the API besides saving: a dry run that names its findings as codes (the
 * UI says them in kk/ru), and the running documents that stay on an older version when a route is published.
 */
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([
    { id: 'designer', roles: ['employee', 'designer'] },
    { id: 'author' },
    { id: 'a1' },
    { id: 'a2' },
    { id: 'boss' },
  ]);
  for (const id of ['designer', 'author']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

const route = (key: string, quorum: 'all' | 'any') => ({
  key,
  title: { kk: 'Сынақ хат', ru: 'Пробное письмо' },
  stages: [
    {
      id: 'approval',
      type: 'approval',
      mode: 'parallel',
      quorum,
      participants: [{ kind: 'card-field', field: 'approvers' }],
      onReject: 'create-point',
      deadline: { days: 3, kind: 'calendar' },
    },
    {
      id: 'signing',
      type: 'signing',
      mode: 'sequential',
      participants: [{ kind: 'card-field', field: 'signer' }],
      onReject: 'create-point',
    },
  ],
});

it('dry-runs without starting anything and names each finding as a code', async () => {
  const definition = {
    key: 'dry',
    title: { kk: 'Сынақ', ru: 'Проба' },
    stages: [
      {
        id: 'self',
        type: 'approval',
        mode: 'sequential',
        quorum: 'all',
        participants: [{ kind: 'author' }],
        onReject: 'create-point',
      },
      {
        id: 'with-author',
        type: 'approval',
        mode: 'parallel',
        quorum: 'any',
        participants: [{ kind: 'author' }, { kind: 'card-field', field: 'approvers' }],
        onReject: 'create-point',
      },
      {
        id: 'nobody',
        type: 'acknowledgement',
        participants: [{ kind: 'position', positionId: 'no-such-position' }],
      },
    ],
  };
  const before = await sys.models.Document.countDocuments({});
  const res = await sys.http
    .post('/api/routes/dry-run')
    .set(auth('designer'))
    .send({ definition, sample: { authorId: 'author', participants: { approvers: ['a1'] } } })
    .expect(200);
  expect(
    res.body.stages.map((s: { id: string; participants: string[]; problemCodes: string[] }) => [
      s.id,
      s.participants,
      s.problemCodes,
    ]),
  ).toEqual([
    ['self', ['author'], ['author-only-approver']],
    ['with-author', ['author', 'a1'], ['author-skipped']],
    ['nobody', [], ['nobody']],
  ]);
  expect(res.body.stages[2].problems).toHaveLength(1);
  expect(await sys.models.Document.countDocuments({})).toBe(before);

  const invalid = await sys.http
    .post('/api/routes/dry-run')
    .set(auth('designer'))
    .send({ definition: { ...definition, stages: [] }, sample: { authorId: 'author' } });
  expect(invalid.status).toBe(422);
  expect(invalid.body.errors[0].field).toBe('body.definition.stages');
  const author = await sys.http
    .post('/api/routes/dry-run')
    .set(auth('author'))
    .send({ definition, sample: { authorId: 'author' } });
  expect(author.status).toBe(403);
});

it('lists the running documents that stay on the older version after publishing', async () => {
  const key = `impact-${Date.now().toString(36)}`;
  const put = (q: 'all' | 'any') =>
    sys.http.put(`/api/routes/${key}/draft`).set(auth('designer')).send(route(key, q)).expect(200);
  const publish = async () =>
    (await sys.http.post(`/api/routes/${key}/publish`).set(auth('designer')).expect(201)).body
      .version as number;
  const running = async () =>
    (await sys.http.get(`/api/routes/${key}/running-documents`).set(auth('designer')).expect(200)).body;

  await put('all');
  expect(await running()).toEqual({
    key,
    latestVersion: null,
    running: 0,
    onOlderVersions: 0,
    documents: [],
  });
  expect(await publish()).toBe(1);
  await sys.http
    .put(`/api/document-types/${key}`)
    .set(auth('designer'))
    .send({ title: { kk: 'Сынақ хат', ru: 'Пробное письмо' }, routeKey: key })
    .expect(200);
  const create = async (title: string) =>
    (
      await sys.http
        .post('/api/documents')
        .set(auth('author'))
        .send({ type: key, title, participants: { approvers: ['a1', 'a2'], signer: 'boss' } })
        .expect(201)
    ).body as {
      id: string;
      draftNumber?: string;
    };
  const first = await create('Бірінші');
  const second = await create('Екінші');
  await sys.http.post(`/api/documents/${second.id}/actions/submit`).set(auth('author')).send({}).expect(200);

  const beforePublish = await running();
  expect(beforePublish).toMatchObject({ latestVersion: 1, running: 2, onOlderVersions: 0, documents: [] });

  await put('any');
  expect(await publish()).toBe(2);
  const third = await create('Үшінші');
  const after = await running();
  expect(after).toMatchObject({ key, latestVersion: 2, running: 3, onOlderVersions: 2 });
  expect(after.documents.map((d: { id: string; version: number }) => [d.id, d.version]).sort()).toEqual(
    [
      [first.id, 1],
      [second.id, 1],
    ].sort(),
  );
  expect(after.documents.find((d: { id: string }) => d.id === second.id)).toMatchObject({
    title: 'Екінші',
    status: 'on-approval',
    number: second.draftNumber ?? null,
  });
  expect(after.documents.some((d: { id: string }) => d.id === third.id)).toBe(false);

  const refused = await sys.http.get(`/api/routes/${key}/running-documents`).set(auth('author'));
  expect(refused.status).toBe(403);
  expect(refused.headers['content-type']).toMatch(/problem\+json/);
});
