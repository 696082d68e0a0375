/**
 * A create keeps in memory the route each document type starts and whether the people it names are active
 * (under the route catalogue's and the employees' version tokens), and takes its draft number without reading
 * the sequence first. What another process changes — it publishes a route version, binds a type to another
 * route, blocks or adds a person — is seen by the very next create here: that process writes through its own
 * connection, as a second API or worker would.
 */
import { QueryNotRegisteredError, ServiceError, type WithStartWorkflowOperation } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { createDocumentService } from '../../api/services/document-service';
import { connectDatabase } from '../../db/connection';
import { createModels, type Models } from '../../db/models';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import { projectedStateQuery, type DocumentState, type ProjectedState } from '../../workflows/definitions';
import { requiredEnv, startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let otherDb: Connection;
let other: Models;
let token: string;

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'author' }, { id: 'a1' }, { id: 'a2' }, { id: 'boss' }]);
  token = await sys.tokenFor('author');
  otherDb = await connectDatabase(requiredEnv('MONGODB_URI'), sys.db.name);
  other = createModels(otherDb);
});
afterAll(async () => {
  await otherDb?.close();
  await sys?.stop();
});

const create = (participants: Record<string, unknown> = { approvers: ['a1', 'a2'], signer: 'boss' }, type = 'outgoing-letter') =>
  sys.http.post('/api/documents').set({ Authorization: `Bearer ${token}` }).send({ type, title: 'Cached', participants });

it('pins the route version another process has just published, and the route a type was just bound to', async () => {
  expect((await create().expect(201)).body.route).toEqual({ key: 'outgoing-letter', version: 1 });
  expect((await create().expect(201)).body.route).toEqual({ key: 'outgoing-letter', version: 1 }); // from memory

  const definition = structuredClone(STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!);
  await other.RouteVersion.create({ _id: 'outgoing-letter@2', key: 'outgoing-letter', version: 2, definition, publishedBy: 'elsewhere', publishedAt: new Date() });
  expect((await create().expect(201)).body.route).toEqual({ key: 'outgoing-letter', version: 2 });

  await other.DocumentType.updateOne({ _id: 'outgoing-letter' }, { $set: { routeKey: 'internal-memo' } });
  expect((await create().expect(201)).body.route).toEqual({ key: 'internal-memo', version: 1 });
  await other.DocumentType.updateOne({ _id: 'outgoing-letter' }, { $set: { routeKey: 'outgoing-letter' } });
  expect((await create().expect(201)).body.route).toEqual({ key: 'outgoing-letter', version: 2 });

  const unknown = await create(undefined, 'no-such-type').expect(422);
  expect(JSON.stringify(unknown.body)).toContain('body.type');
});

it('refuses a person another process has just blocked, and accepts one it has just added', async () => {
  await create().expect(201);
  await other.Employee.updateOne({ _id: 'a2' }, { $set: { status: 'blocked' } });
  const refused = await create().expect(422);
  expect(JSON.stringify(refused.body)).toContain('body.participants.approvers.1');
  await other.Employee.updateOne({ _id: 'a2' }, { $set: { status: 'active' } });
  await create().expect(201);

  const newcomer = { approvers: ['a1', 'newcomer'], signer: 'boss' };
  expect(JSON.stringify((await create(newcomer).expect(422)).body)).toContain('body.participants.approvers.1');
  await other.Employee.create({ _id: 'newcomer', fullName: 'Test newcomer', unitId: 'unit-a', roles: ['employee'], status: 'active' });
  await create(newcomer).expect(201);
});

it('gives every create its own draft number, in order, and carries it on the card it inserts', async () => {
  const made = await Promise.all(Array.from({ length: 6 }, () => create(undefined, 'internal-memo').expect(201)));
  const numbers = made.map((r) => r.body.draftNumber as string);
  expect(numbers.map((n) => Number(n.slice(2))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  for (const r of made) expect((await sys.models.Document.findById(r.body.id, { draftNumber: 1 }).lean())?.draftNumber).toBe(r.body.draftNumber);
});

describe('the answer waits for the first projection also when the workflow answers before it is written', () => {
  /**
   * The document service of this system, with a Temporal client that refuses update-with-start (as a cluster
   * without it would, or a worker from before the Update) and whose answer to the projected-state query is
   * `answer`'s.
   */
  function serviceAnswering(answer: (real: () => Promise<ProjectedState>) => Promise<ProjectedState>, options: { startsFirst?: boolean } = {}) {
    const workflow = new Proxy(sys.temporal.workflow, {
      get(target, key, receiver) {
        if (key === 'executeUpdateWithStart') {
          return async (_update: unknown, { startWorkflowOperation: start }: { startWorkflowOperation: WithStartWorkflowOperation<Workflow> }) => {
            refusedUpdateWithStart++;
            // A worker from before the Update: the workflow starts, its Update is refused.
            if (options.startsFirst) await target.start(start.workflowTypeOrFunc, start.options);
            throw new ServiceError('update-with-start is not available here');
          };
        }
        if (key !== 'getHandle') return Reflect.get(target, key, receiver);
        return (workflowId: string) => {
          const handle = target.getHandle(workflowId);
          return new Proxy(handle, {
            get(h, k, r) {
              if (k !== 'query') return Reflect.get(h, k, r);
              return (query: { name: string }, ...args: unknown[]) =>
                query.name === projectedStateQuery.name ? answer(() => h.query(projectedStateQuery)) : h.query(query as never, ...(args as never[]));
            },
          });
        };
      },
    });
    const temporal = new Proxy(sys.temporal, { get: (target, key, receiver) => (key === 'workflow' ? workflow : Reflect.get(target, key, receiver)) });
    return createDocumentService({ models: sys.models, temporal, taskQueue: sys.taskQueue, substitutions: sys.app.services.substitutions });
  }
  const actor = { employeeId: 'author', roles: ['employee' as const], sessionId: 'test' };
  const input = { type: 'outgoing-letter', title: 'Early answer', language: 'kk' as const, participants: { approvers: ['a1'], signer: 'boss' }, fields: {} };

  async function expectProjectedAnswer(service: ReturnType<typeof createDocumentService>) {
    const { document } = await service.createDocument(actor, input);
    expect((await sys.models.Document.findById(document.id, { projectedSeq: 1 }).lean())?.projectedSeq).toBeGreaterThanOrEqual(0);
    const read = await sys.http.get(`/api/documents/${document.id}`).set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(JSON.parse(JSON.stringify(document))).toEqual(read.body);
  }

  let refusedUpdateWithStart = 0;
  beforeEach(() => {
    refusedUpdateWithStart = 0;
  });

  it('answers from the workflow in one call when update-with-start is taken, without asking its query', async () => {
    let queried = 0;
    const service = serviceAnswering(async (real) => {
      queried++;
      return real();
    });
    // The same service's client, but with update-with-start as the cluster has it.
    const direct = createDocumentService({ models: sys.models, temporal: sys.temporal, taskQueue: sys.taskQueue, substitutions: sys.app.services.substitutions });
    await expectProjectedAnswer(direct);
    expect(queried).toBe(0);
    // A client refused update-with-start goes the other way: the route started on its own, the answer from the query.
    await expectProjectedAnswer(service);
    expect(refusedUpdateWithStart).toBe(1);
    expect(queried).toBeGreaterThanOrEqual(1);
    // And when the route did start but its Update was refused, that start is kept.
    await expectProjectedAnswer(serviceAnswering((real) => real(), { startsFirst: true }));
    expect(refusedUpdateWithStart).toBe(2);
  });

  it('asks the workflow again until the projection is written when the first answer comes before it', async () => {
    // The first answer at once and "not yet", as from a first activation whose local activity has not run.
    let asked = 0;
    await expectProjectedAnswer(serviceAnswering(async (real) => (++asked === 1 ? { state: { status: 'draft' } as DocumentState, projectedSeq: -1 } : real())));
    // At least once more; on a loaded machine the real workflow, too, may answer "not yet" before its projection.
    expect(asked).toBeGreaterThanOrEqual(2);
  });

  it('falls back to the state query and the card with a worker that does not know the projected-state query', async () => {
    await expectProjectedAnswer(serviceAnswering(async () => {
      throw new QueryNotRegisteredError('Workflow did not register a handler for document.projected-state', 3);
    }));
  });
});
