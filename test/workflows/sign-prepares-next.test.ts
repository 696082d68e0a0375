/**
 * A signature that completes its stage is checked by the local activity that then prepares the next stage (its
 * people, its calendar), so the route moves on without another hop through the worker. A refused signature
 * prepares nothing; a preparation that fails leaves the verdict standing and the stage prepared as usual; a
 * failed activity falls back to the scheduled check alone.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DocumentActivities } from '../../activities/contracts';
import * as defs from '../../workflows/definitions';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';
import { fakeActivities } from './fake-activities';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const route: RouteDefinition = {
  key: 'sign-prepares-next',
  title: { kk: 'x', ru: 'x' },
  stages: [
    { id: 'signing', type: 'signing', mode: 'parallel', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point' },
    { id: 'registration', type: 'registration', participants: [{ kind: 'role', role: 'registrar' }], journal: 'outgoing', deadline: { days: 1, kind: 'working' } },
  ],
};

type Handle = Awaited<ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>>;

interface Calls {
  /** Who asked for each resolution: `check` when the signature's check did, `stage` when entering the stage did. */
  resolutions: Array<{ stageId: string; by: 'check' | 'stage' }>;
  calendars: Array<'check' | 'stage'>;
  combined: number;
}

/**
 * Runs `act` on a new route with the fake activities, `change` replacing some of them first (on the object the
 * combined activity reads its parts from). Answers what `act` returned, what was called, and what was scheduled.
 */
async function run<T>(people: Record<string, string[]>, change: (acts: DocumentActivities, calls: Calls) => void, act: (h: Handle, calls: Calls) => Promise<T>) {
  const fake = fakeActivities(people);
  const acts = fake.activities;
  const calls: Calls = { resolutions: [], calendars: [], combined: 0 };
  let insideCheck = false;
  const resolve = acts.resolveStageParticipants;
  acts.resolveStageParticipants = async (input) => {
    calls.resolutions.push({ stageId: input.stage.id, by: insideCheck ? 'check' : 'stage' });
    return resolve(input);
  };
  const calendar = acts.getBusinessCalendar;
  acts.getBusinessCalendar = async (input) => {
    calls.calendars.push(insideCheck ? 'check' : 'stage');
    return calendar(input);
  };
  const combined = acts.verifySignatureThenPrepareStage;
  acts.verifySignatureThenPrepareStage = async (input) => {
    calls.combined += 1;
    insideCheck = true;
    try {
      return await combined(input);
    } finally {
      insideCheck = false;
    }
  };
  change(acts, calls);
  const taskQueue = `sign-prepares-${Date.now()}-${Math.random()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: acts });
  return worker.runUntil(async () => {
    const documentId = `sign-prepares-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: route.key, version: 1, definition: route } }],
    });
    try {
      await h.executeUpdate(defs.submitUpdate, { args: [{ actor: { employeeId: 'author', roles: ['employee'] } }] });
      const result = await act(h, calls);
      const history = await h.fetchHistory();
      const scheduled = (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      return { result, calls, scheduled };
    } finally {
      await h.terminate('test finished').catch(() => undefined);
    }
  });
}

const sign = (h: Handle, employeeId: string, signatureId: string) =>
  h.executeUpdate(defs.signUpdate, { args: [{ actor: { employeeId, roles: ['employee'] }, signatureId }] });

const openTasks = (state: { tasks: Array<{ state: string; stageId: string; assigneeId: string }> }) =>
  state.tasks.filter((t) => t.state === 'open').map((t) => `${t.stageId}:${t.assigneeId}`);

it('the last signature of its stage prepares the next stage in its own check: people and calendar asked once, there', async () => {
  const { result, calls, scheduled } = await run({ signing: ['head'], registration: ['reg'] }, () => undefined, (h) => sign(h, 'head', 'good-by:head'));
  expect(openTasks(result)).toEqual(['registration:reg']);
  expect(result.stage?.deadline?.dueAtMs).toEqual(expect.any(Number));
  expect(calls.combined).toBe(1);
  expect(calls.resolutions).toEqual([
    { stageId: 'signing', by: 'stage' },
    { stageId: 'registration', by: 'check' },
  ]);
  expect(calls.calendars).toEqual(['check']);
  expect(scheduled).toEqual([]);
});

it('a signature that leaves others to sign is checked alone, and the next stage is prepared when the last one comes', async () => {
  const { result, calls } = await run({ signing: ['head', 'deputy'], registration: ['reg'] }, () => undefined, async (h, sofar) => {
    await sign(h, 'head', 'good-by:head');
    expect(sofar.combined).toBe(0);
    return sign(h, 'deputy', 'good-by:deputy');
  });
  expect(openTasks(result)).toEqual(['registration:reg']);
  expect(calls.combined).toBe(1);
  expect(calls.resolutions.filter((r) => r.stageId === 'registration')).toEqual([{ stageId: 'registration', by: 'check' }]);
});

it('a refused signature prepares nothing: no one is resolved for the next stage, and the signing stays open', async () => {
  const { result, calls } = await run({ signing: ['head'], registration: ['reg'] }, () => undefined, async (h) => {
    await expect(sign(h, 'head', 'bad-1')).rejects.toMatchObject({ cause: { message: expect.stringMatching(/^The signature was refused/) } });
    return h.query(defs.stateQuery);
  });
  expect(openTasks(result)).toEqual(['signing:head']);
  expect(calls.combined).toBe(1);
  expect(calls.resolutions.filter((r) => r.stageId === 'registration')).toEqual([]);
  expect(calls.calendars).toEqual([]);
});

it('a preparation that fails leaves the verdict standing: the stage is then prepared as usual', async () => {
  let failed = false;
  const { result, calls, scheduled } = await run(
    { signing: ['head'], registration: ['reg'] },
    (acts) => {
      const resolve = acts.resolveStageParticipants;
      acts.resolveStageParticipants = async (input) => {
        const answer = await resolve(input);
        if (input.stage.id === 'registration' && !failed) {
          failed = true;
          throw ApplicationFailure.retryable('the org tree is being moved', 'NoParticipants');
        }
        return answer;
      };
    },
    (h) => sign(h, 'head', 'good-by:head'),
  );
  expect(openTasks(result)).toEqual(['registration:reg']);
  expect(calls.resolutions.filter((r) => r.stageId === 'registration')).toEqual([
    { stageId: 'registration', by: 'check' },
    { stageId: 'registration', by: 'stage' },
  ]);
  expect(scheduled).toEqual([]);
});

it('a check that fails as a local activity is scheduled alone, and the route goes on', async () => {
  const { result, calls, scheduled } = await run(
    { signing: ['head'], registration: ['reg'] },
    (acts) => {
      acts.verifySignatureThenPrepareStage = async () => {
        throw ApplicationFailure.retryable('the verification service did not answer in time', 'Timeout');
      };
    },
    (h) => sign(h, 'head', 'good-by:head'),
  );
  expect(openTasks(result)).toEqual(['registration:reg']);
  expect(scheduled).toEqual(['verifyDocumentSignature']);
  expect(calls.resolutions.filter((r) => r.stageId === 'registration')).toEqual([{ stageId: 'registration', by: 'stage' }]);
});
