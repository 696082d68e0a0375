/**
 * Substitution: periods, chains (A → B → C while B is away too), scopes by document type, the hand-back of
 * tasks after the period, "X on behalf of Y", and the history.
 */
import { createSubstitutionService } from '../../../api/services/substitution-service';
import { startTestSystem, type TestSystem } from '../../support/system';
import { until } from './people-harness';

jest.setTimeout(180_000);

let sys: TestSystem;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([
    { id: 'author' },
    { id: 'anna' },
    { id: 'bek' },
    { id: 'chingis' },
    { id: 'dana' },
    { id: 'outsider' },
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'auditor', roles: ['employee', 'auditor'] },
  ]);
  for (const id of ['author', 'anna', 'bek', 'chingis', 'dana', 'outsider', 'admin', 'auditor']) tokens[id] = await sys.tokenFor(id);
});
afterAll(() => sys?.stop());

async function appoint(by: string, absentId: string, substituteId: string, fromMs: number, toMs: number, documentTypes: string[] = []) {
  return sys.http.post('/api/substitutions').set(as(by)).send({ absentId, substituteId, from: iso(fromMs), to: iso(toMs), documentTypes });
}

async function letterFor(approver: string): Promise<string> {
  const created = await sys.http
    .post('/api/documents')
    .set(as('author'))
    .send({ type: 'outgoing-letter', title: `For ${approver}`, participants: { approvers: [approver], signer: 'dana' } })
    .expect(201);
  await sys.http.post(`/api/documents/${created.body.id}/actions/submit`).set(as('author')).send({}).expect(200);
  return created.body.id as string;
}

async function inbox(who: string) {
  return (await sys.http.get('/api/inbox?view=for-approval').set(as(who)).expect(200)).body.items as Array<{ documentId: string; ownerId: string; onBehalfOf?: string }>;
}

describe('resolution of substitutes (service, against the database)', () => {
  const t0 = new Date('2030-01-10T00:00:00Z');
  const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
  const service = () => createSubstitutionService(sys.models);

  beforeAll(async () => {
    const row = (id: string, absentId: string, substituteId: string, fromH: number, toH: number, documentTypes: string[] = [], cancelledH?: number) => ({
      _id: id,
      absentId,
      substituteId,
      from: at(fromH),
      to: at(toH),
      documentTypes,
      createdBy: 'admin',
      ...(cancelledH !== undefined && { cancelledAt: at(cancelledH) }),
    });
    await sys.models.Substitution.create([
      row('s1', 'p-a', 'p-b', 0, 10), // A away, B stands in
      row('s2', 'p-b', 'p-c', 5, 20), // B away too from hour 5, C stands in
      row('s3', 'p-a', 'p-d', 0, 10, ['order']), // D covers A's orders only
      row('s4', 'p-d', 'p-e', 0, 10, ['order', 'memo']), // E covers D's orders and memos
      row('s5', 'p-f', 'p-g', 0, 10, [], 3), // cancelled at hour 3
    ]);
  });

  it('counts a substitution from its start up to its end, and not outside it', async () => {
    expect(await service().representedBy('p-b', at(-1))).toEqual([]);
    expect(await service().representedBy('p-b', at(0))).toEqual(['p-a']);
    expect(await service().representedBy('p-b', at(10))).toEqual([]);
  });

  it('resolves chains: C stands in for B and, through B, for A while both are away', async () => {
    expect(await service().representedBy('p-c', at(4))).toEqual([]);
    expect(await service().representedBy('p-c', at(6))).toEqual(['p-b', 'p-a']);
    const [, viaB] = await service().representationsOf('p-c', at(6));
    expect(viaB).toEqual({ absentId: 'p-a', documentTypes: undefined, via: ['p-c', 'p-b', 'p-a'] });
    expect(await service().representedBy('p-c', at(12))).toEqual(['p-b']); // A is back
  });

  it('narrows a chain to the document types every link covers', async () => {
    expect(await service().representationsOf('p-e', at(1))).toEqual([
      { absentId: 'p-d', documentTypes: ['memo', 'order'], via: ['p-e', 'p-d'] },
      { absentId: 'p-a', documentTypes: ['order'], via: ['p-e', 'p-d', 'p-a'] },
    ]);
    expect(await service().mayActFor('p-e', 'p-a', at(1), 'order')).toBe(true);
    expect(await service().mayActFor('p-e', 'p-a', at(1), 'memo')).toBe(false);
    expect(await service().mayActFor('p-e', 'p-d', at(1), 'memo')).toBe(true);
  });

  it('keeps a cancelled substitution true for the time before its cancellation', async () => {
    expect(await service().representedBy('p-g', at(2))).toEqual(['p-f']);
    expect(await service().representedBy('p-g', at(4))).toEqual([]);
  });
});

describe('substitutes at work, through the API', () => {
  /** Anna, her substitute Bek, his substitute Chingis and Dana: a crew of the test's own, with no appointments yet. */
  let crewSerial = 0;
  async function crew() {
    const n = ++crewSerial;
    const c = { anna: `anna-${n}`, bek: `bek-${n}`, chingis: `chingis-${n}`, dana: `dana-${n}` };
    await sys.addPeople(Object.values(c).map((id) => ({ id })));
    for (const id of Object.values(c)) tokens[id] = await sys.tokenFor(id);
    return c;
  }

  it('refuses appointments by outsiders, two people standing in for each other, unknown types and ended periods', async () => {
    const { anna, bek, dana } = await crew();
    expect((await appoint('outsider', anna, bek, -HOUR, HOUR)).status).toBe(403);
    await appoint(anna, anna, bek, -HOUR, HOUR).then((r) => expect(r.status).toBe(201));
    expect((await appoint(bek, bek, anna, 0, 2 * HOUR)).status).toBe(409);
    expect((await appoint(anna, anna, dana, 0, HOUR, ['no-such-type'])).status).toBe(422);
    expect((await appoint(anna, anna, dana, -2 * HOUR, -HOUR)).status).toBe(422);
  });

  it('shows the absent person\'s new tasks to the substitute, who acts "on behalf of" them', async () => {
    const { anna, bek } = await crew();
    expect((await appoint(anna, anna, bek, -HOUR, HOUR)).status).toBe(201);
    const id = await letterFor(anna);
    const bekSees = await until(async () => {
      const items = (await inbox(bek)).filter((i) => i.documentId === id);
      expect(items).toHaveLength(1);
      return items[0];
    });
    expect(bekSees).toMatchObject({ ownerId: anna, onBehalfOf: anna });
    await sys.http.get(`/api/documents/${id}`).set(as(bek)).expect(200); // a substitute sees the document
    const res = await sys.http.post(`/api/documents/${id}/actions/approve`).set(as(bek)).send({ onBehalfOf: anna, comment: 'for Anna' }).expect(200);
    expect(res.body.workflow.tasks[0]).toMatchObject({ assigneeId: anna, state: 'done', actedBy: bek, onBehalfOf: anna });
    const event = await until(async () => {
      const found = await sys.models.AuditEvent.findOne({ documentId: id, type: 'approval.granted' }).lean();
      expect(found).toBeTruthy();
      return found!;
    });
    expect(event).toMatchObject({ actorId: bek, onBehalfOf: anna, comment: 'for Anna' });
    const timeline = await sys.http.get(`/api/documents/${id}/history`).set(as('auditor')).expect(200);
    expect(timeline.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'approval.granted', who: `Test ${bek} on behalf of Test ${anna}` })]));
  });

  it('refuses acting for someone one does not stand in for, and outside the substitution\'s scope', async () => {
    const { anna, dana } = await crew();
    const id = await letterFor(anna);
    const refused = await sys.http.post(`/api/documents/${id}/actions/approve`).set(as('author')).send({ onBehalfOf: anna }).expect(403);
    expect(refused.body.detail).toMatch(new RegExp(`not a substitute for ${anna}`));
    expect(await sys.models.AuditEvent.exists({ type: 'access.refused', actorId: 'author', 'data.path': `/api/documents/${id}/actions/approve` })).toBeTruthy();
    const scoped = await appoint(anna, anna, dana, -HOUR, HOUR, ['order']);
    expect(scoped.status).toBe(201);
    // Outside the scope the letter is not Dana's business at all: she does not even learn that it exists.
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(as(dana)).send({ onBehalfOf: anna }).expect(404);
    expect((await inbox(dana)).some((i) => i.documentId === id)).toBe(false);
  });

  it('resolves a chain through the API: with Bek away too, Chingis acts for Anna', async () => {
    const { anna, bek, chingis } = await crew();
    expect((await appoint(anna, anna, bek, -HOUR, HOUR)).status).toBe(201);
    const id = await letterFor(anna);
    expect((await appoint(bek, bek, chingis, -HOUR, HOUR)).status).toBe(201);
    await until(async () => expect((await inbox(chingis)).map((i) => i.documentId)).toContain(id));
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(as(chingis)).send({ onBehalfOf: anna }).expect(200);
  });

  it('hands the tasks back when the substitution ends, and keeps the history', async () => {
    const { anna, bek, chingis, dana } = await crew();
    expect((await appoint(anna, anna, bek, -HOUR, HOUR)).status).toBe(201);
    expect((await appoint(bek, bek, chingis, -HOUR, HOUR)).status).toBe(201);
    expect((await appoint(anna, anna, dana, -HOUR, HOUR, ['order'])).status).toBe(201); // stays active
    const id = await letterFor(anna);
    await until(async () => expect((await inbox(bek)).map((i) => i.documentId)).toContain(id));
    await until(async () => expect((await inbox(chingis)).map((i) => i.documentId)).toContain(id));
    const mine = (await sys.http.get(`/api/substitutions?employeeId=${anna}`).set(as(anna)).expect(200)).body as Array<{ id: string; substituteId: string; state: string }>;
    const toBek = mine.find((s) => s.substituteId === bek && s.state === 'active')!;
    const cancelled = await sys.http.post(`/api/substitutions/${toBek.id}/cancel`).set(as(anna)).send({ reason: 'back early' }).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await inbox(bek)).map((i) => i.documentId)).not.toContain(id);
    expect((await inbox(chingis)).map((i) => i.documentId)).not.toContain(id); // the chain went through Bek
    expect((await inbox(anna)).map((i) => i.documentId)).toContain(id);
    await sys.http.post(`/api/documents/${id}/actions/approve`).set(as(bek)).send({ onBehalfOf: anna }).expect(404);
    const history = (await sys.http.get(`/api/substitutions?employeeId=${anna}`).set(as('admin')).expect(200)).body as Array<{ state: string }>;
    expect(history.map((s) => s.state)).toEqual(expect.arrayContaining(['cancelled', 'active']));
    await sys.http.get(`/api/substitutions?employeeId=${anna}`).set(as('outsider')).expect(403);
    expect(await sys.models.AuditEvent.countDocuments({ type: 'substitution.cancelled', 'data.absentId': anna })).toBe(1);
  });
});
