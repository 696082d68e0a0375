/**
 * The document workflow end to end on Temporal's time-skipping test server: standard routes, withdraw,
 * reject and resubmit, parallel quorum, a stage deadline breach with escalation, and an extension.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import * as defs from '../../workflows/definitions';
import type { DocumentWorkflowInput } from '../../workflows/definitions';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { fakeActivities, type FakeActivities } from './fake-activities';
import { createTimeSkippingEnv } from '../support/env';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger() });
});
afterAll(async () => {
  await env?.teardown();
});

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}

const routeByKey = (key: string): RouteDefinition => STANDARD_ROUTES.find((r) => r.key === key)!;
const who = (employeeId: string, roles: string[] = ['employee'], onBehalfOf?: string) => ({ actor: { employeeId, roles, onBehalfOf } });

/** Each test gets its own task queue, so a worker still draining from the last test cannot interfere. */
let taskQueue = '';
async function withWorker<T>(fake: FakeActivities, run: () => Promise<T>): Promise<T> {
  taskQueue = `document-workflow-test-${++counter}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: fake.activities,
  });
  try {
    return await worker.runUntil(run());
  } finally {
    // Time skipping waits for every outstanding workflow task; a workflow left running without its worker
    // would freeze the clock for the next test.
    for (const h of started.splice(0)) await h.terminate('test finished').catch(() => undefined);
  }
}
const started: WorkflowHandle[] = [];

let counter = 0;
async function start(definition: RouteDefinition): Promise<WorkflowHandle> {
  const documentId = `wf-test-${++counter}-${Date.now()}`;
  const input: DocumentWorkflowInput = { documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } };
  const handle = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, { taskQueue, workflowId: defs.documentWorkflowId(documentId), args: [input] });
  started.push(handle);
  return handle;
}

async function refusalOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return (error.cause as { type?: string }).type;
    throw error;
  }
}

describe('outgoing letter: approval → signing → registration', () => {
  it('walks to Executed, refusing out-of-turn and forged actions on the way', async () => {
    const fake = fakeActivities({ approval: ['a1', 'a2'], signing: ['boss'], registration: ['reg'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('outgoing-letter'));
      expect(await refusalOf(h.executeUpdate(defs.submitUpdate, { args: [who('a1')] }))).toBe('NotParticipant');
      let state = await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      expect(state.status).toBe('on-approval');
      // The last state whose projection is written (the submit's, which its answer waited for), with the live state.
      expect(await h.query(defs.projectedStateQuery)).toEqual({ state: await h.query(defs.stateQuery), projectedSeq: fake.transitions[fake.transitions.length - 1].seq });
      expect(await refusalOf(h.executeUpdate(defs.approveUpdate, { args: [who('a2')] }))).toBe('WrongStage');
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      expect(await refusalOf(h.executeUpdate(defs.approveUpdate, { args: [who('a1')] }))).toBe('AlreadyDone');
      state = await h.executeUpdate(defs.approveUpdate, { args: [{ ...who('a2'), comment: 'ok' }] });
      expect(state.status).toBe('on-signing');
      expect(await refusalOf(h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'forged-1' }] }))).toBe('SignatureInvalid');
      state = await h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'good-1' }] });
      expect(state.status).toBe('on-registration');
      expect(await refusalOf(h.executeUpdate(defs.registerUpdate, { args: [who('boss')] }))).toBe('NotParticipant');
      state = await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      expect(state.status).toBe('executed');
      expect(state.registration).toMatchObject({ journal: 'outgoing', number: '01-12/1', registeredBy: 'reg' });
      // Registration's check is told the signature the route accepted (not the refused one), listed on the card or not yet.
      expect(fake.registerInputs.map((r) => r.acceptedSignatureIds)).toEqual([['good-1']]);
      const final = await h.result();
      expect(final.status).toBe('executed');
      const types = fake.transitions.flatMap((t) => t.events.map((e) => e.type));
      expect(types).toEqual(expect.arrayContaining(['document.submitted', 'approval.granted', 'signature.accepted', 'document.registered', 'document.executed']));
      // Projections arrive in seq order, so the read model never goes backwards.
      const seqs = fake.transitions.map((t) => t.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    });
  });

  it('a rejection returns the document to its author; sending again starts a new round', async () => {
    const fake = fakeActivities({ approval: ['a1', 'a2'], signing: ['boss'], registration: ['reg'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('outgoing-letter'));
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      expect(await refusalOf(h.executeUpdate(defs.rejectUpdate, { args: [{ ...who('a2'), comment: '' }] }))).toBe('InvalidAction');
      let state = await h.executeUpdate(defs.rejectUpdate, { args: [{ ...who('a2'), comment: 'Wrong addressee' }] });
      expect(state.status).toBe('rejected');
      expect(state.returned).toMatchObject({ reason: 'rejected', comment: 'Wrong addressee' });
      state = await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      expect(state).toMatchObject({ status: 'on-approval', round: 2 });
      expect(state.tasks.filter((t) => t.state === 'open').map((t) => t.assigneeId)).toEqual(['a1']);
    });
  });

  it('the author withdraws during signing; open tasks are cancelled and history kept', async () => {
    const fake = fakeActivities({ approval: ['a1'], signing: ['boss'], registration: ['reg'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('outgoing-letter'));
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      expect(await refusalOf(h.executeUpdate(defs.withdrawUpdate, { args: [who('boss')] }))).toBe('NotParticipant');
      const state = await h.executeUpdate(defs.withdrawUpdate, { args: [who('author')] });
      expect(state.status).toBe('withdrawn');
      expect(state.tasks.map((t) => `${t.assigneeId}:${t.state}`)).toEqual(['a1:done', 'boss:cancelled']);
      expect(await refusalOf(h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'good' }] }))).toBe('WrongStage');
    });
  });
});

describe('signing on behalf of an absent signer', () => {
  it('checks the substitute\'s own certificate and records the signature on behalf of the owner', async () => {
    const fake = fakeActivities({ approval: ['a1'], signing: ['chair'], registration: ['reg'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('outgoing-letter'));
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      // The chairman's key in the deputy's hands is not the deputy's signature.
      expect(await refusalOf(h.executeUpdate(defs.signUpdate, { args: [{ ...who('deputy', ['employee'], 'chair'), signatureId: 'good-by:chair' }] }))).toBe('SignatureInvalid');
      const state = await h.executeUpdate(defs.signUpdate, { args: [{ ...who('deputy', ['employee'], 'chair'), signatureId: 'good-by:deputy' }] });
      expect(state.status).toBe('on-registration');
      expect(state.tasks.find((t) => t.kind === 'sign')).toMatchObject({ assigneeId: 'chair', actedBy: 'deputy', onBehalfOf: 'chair', state: 'done' });
      const accepted = fake.transitions.flatMap((t) => t.events).find((e) => e.type === 'signature.accepted');
      expect(accepted).toMatchObject({ actorId: 'deputy', onBehalfOf: 'chair', data: { signatureId: 'good-by:deputy' } });
    });
  });
});

describe('parallel approval with a quorum', () => {
  const route: RouteDefinition = {
    key: 'quorum',
    title: { kk: 'q', ru: 'q' },
    stages: [
      { id: 'approval', type: 'approval', mode: 'parallel', quorum: { atLeast: 2 }, participants: [{ kind: 'role', role: 'employee' }], onReject: 'create-point' },
      { id: 'signing', type: 'signing', mode: 'parallel', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point' },
    ],
  };

  it('finishes early when the quorum is reached, cancelling the rest', async () => {
    const fake = fakeActivities({ approval: ['p1', 'p2', 'p3'], signing: ['boss'] });
    await withWorker(fake, async () => {
      const h = await start(route);
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('p3')] });
      const state = await h.executeUpdate(defs.approveUpdate, { args: [who('p1')] });
      expect(state.status).toBe('on-signing');
      expect(state.tasks.find((t) => t.assigneeId === 'p2')?.state).toBe('cancelled');
    });
  });

  it('fails early when the quorum can no longer be reached', async () => {
    const fake = fakeActivities({ approval: ['p1', 'p2', 'p3'], signing: ['boss'] });
    await withWorker(fake, async () => {
      const h = await start(route);
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.rejectUpdate, { args: [{ ...who('p1'), comment: 'no' }] });
      const state = await h.executeUpdate(defs.rejectUpdate, { args: [{ ...who('p2'), comment: 'no' }] });
      expect(state.status).toBe('rejected');
    });
  });
});

describe('deadlines', () => {
  it('a breached stage deadline is recorded and escalated; an extension moves the running timer', async () => {
    const fake = fakeActivities({ 'unit-head-signing': ['head'], registration: ['reg'], review: ['dept-head'], 'control-removal': ['deputy'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('edms-change-memo'));
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('head'), signatureId: 'good' }] });
      let state = await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      expect(state.status).toBe('in-execution');
      const due = state.stage!.deadline!.dueAtMs;
      // 5 calendar days, the arrival day not counted: due at the end of a day in Astana (UTC+5).
      expect(due - state.stage!.startedAtMs).toBeGreaterThan(5 * 86_400_000 - 1);
      expect(due - state.stage!.startedAtMs).toBeLessThanOrEqual(6 * 86_400_000);
      expect(new Date(due + 5 * 3600_000).toISOString().slice(11)).toBe('23:59:59.999Z');

      await env.sleep(due - (await env.currentTimeMs()) + 1000);
      state = await h.query(defs.stateQuery);
      expect(state.stage!.deadline!.breachedAtMs).toBeGreaterThanOrEqual(due);
      expect(fake.escalations).toHaveLength(1);
      expect(fake.escalations[0]).toMatchObject({ stageId: 'review', lateAssigneeIds: ['dept-head'], escalateTo: [{ kind: 'position', positionId: 'deputy-chairman' }] });

      // Extension by a controller: the deadline moves and may be breached again later.
      const now = await env.currentTimeMs();
      expect(await refusalOf(h.executeUpdate(defs.extendDeadlineUpdate, { args: [{ ...who('dept-head'), newDueAtMs: now + 86_400_000, reason: 'waiting for the vendor' }] }))).toBe('NotParticipant');
      state = await h.executeUpdate(defs.extendDeadlineUpdate, { args: [{ ...who('ctl', ['controller']), newDueAtMs: now + 86_400_000, reason: 'waiting for the vendor' }] });
      expect(state.stage!.deadline).toMatchObject({ dueAtMs: now + 86_400_000, extensions: [{ fromMs: due, toMs: now + 86_400_000, by: 'ctl' }] });
      expect(state.stage!.deadline!.breachedAtMs).toBeUndefined();
      await env.sleep(86_400_000 + 1000);
      expect(fake.escalations).toHaveLength(2);
    });
  });
});

describe('execution and removal from control', () => {
  it('resolution, execution card, removal from control, then Executed with a control sheet', async () => {
    const fake = fakeActivities({ registration: ['reg'], execution: ['head'], 'control-removal': ['ctl'] });
    await withWorker(fake, async () => {
      const h = await start(routeByKey('incoming-electronic'));
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      let state = await h.executeUpdate(defs.writeResolutionUpdate, {
        args: [{ ...who('head'), text: 'Answer by Friday', responsibleExecutorId: 'e1', coExecutorIds: ['e2'], deadlineRule: { days: 3, kind: 'working' } }],
      });
      expect(state.resolutions[0].deadline?.dueAtMs).toBeGreaterThan(Date.now());
      state = await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e1'), resolutionId: 'R1', text: 'Answered', attachmentIds: [] }] });
      expect(state.status).toBe('awaiting-control-removal');
      expect(state.tasks.filter((t) => t.kind === 'remove-control' && t.state === 'open').map((t) => t.assigneeId)).toEqual(['ctl']);
      state = await h.executeUpdate(defs.removeFromControlUpdate, { args: [who('ctl', ['controller'])] });
      expect(state.status).toBe('executed');
      expect(state.controlSheet).toMatchObject({ removedBy: 'ctl' });
    });
  });
});
