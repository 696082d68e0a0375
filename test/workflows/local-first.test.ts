/**
 * Participant resolution and registration first run once as a local activity; when that try fails, the
 * workflow schedules the ordinary activity (with retries, visible in the server's pending activities) and the
 * route goes on.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
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

const definition: RouteDefinition = {
  key: 'local-first',
  title: { kk: 'x', ru: 'x' },
  stages: [{ id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point' }],
};

async function submitWith(failFirst: (() => never) | undefined) {
  const fake = fakeActivities({ signing: ['head'] });
  let calls = 0;
  const resolve = fake.activities.resolveStageParticipants;
  fake.activities.resolveStageParticipants = async (input) => {
    calls += 1;
    if (calls === 1 && failFirst) failFirst();
    return resolve(input);
  };
  const taskQueue = `local-first-${Date.now()}-${Math.random()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fake.activities });
  return worker.runUntil(async () => {
    const documentId = `local-first-${Date.now()}`;
    const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
    });
    try {
      const state = await h.executeUpdate(defs.submitUpdate, { args: [{ actor: { employeeId: 'author', roles: ['employee'] } }] });
      const history = await h.fetchHistory();
      const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'resolveStageParticipants').length;
      return { state, calls, scheduled };
    } finally {
      await h.terminate('test finished').catch(() => undefined);
    }
  });
}

it('resolves participants locally when the quick try succeeds: nothing scheduled', async () => {
  const { state, calls, scheduled } = await submitWith(undefined);
  expect(state.tasks.filter((t) => t.state === 'open').map((t) => t.assigneeId)).toEqual(['head']);
  expect({ calls, scheduled }).toEqual({ calls: 1, scheduled: 0 });
});

it('schedules the ordinary activity when the local try fails, and the route goes on', async () => {
  const { state, calls, scheduled } = await submitWith(() => {
    throw ApplicationFailure.retryable('the org tree is being moved', 'NoParticipants');
  });
  expect(state.tasks.filter((t) => t.state === 'open').map((t) => t.assigneeId)).toEqual(['head']);
  expect({ calls, scheduled }).toEqual({ calls: 2, scheduled: 1 });
});

describe('registration', () => {
  const registering: RouteDefinition = {
    key: 'local-first-registration',
    title: { kk: 'x', ru: 'x' },
    stages: [{ id: 'registration', type: 'registration', participants: [{ kind: 'role', role: 'registrar' }], journal: 'outgoing' }],
  };

  async function registerWith(failFirst: (() => never) | undefined) {
    const fake = fakeActivities({ registration: ['reg'] });
    let calls = 0;
    const register = fake.activities.registerDocument;
    fake.activities.registerDocument = async (input) => {
      calls += 1;
      const answer = await register(input);
      // A failed first try may still have taken the number (a timeout after the claim): the retry gets the same.
      if (calls === 1 && failFirst) failFirst();
      return answer;
    };
    const taskQueue = `local-first-reg-${Date.now()}-${Math.random()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fake.activities });
    return worker.runUntil(async () => {
      const documentId = `local-first-reg-${Date.now()}`;
      const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: defs.documentWorkflowId(documentId),
        args: [{ documentId, authorId: 'author', route: { key: registering.key, version: 1, definition: registering } }],
      });
      try {
        await h.executeUpdate(defs.submitUpdate, { args: [{ actor: { employeeId: 'author', roles: ['employee'] } }] });
        const state = await h.executeUpdate(defs.registerUpdate, { args: [{ actor: { employeeId: 'reg', roles: ['employee', 'registrar'] } }] });
        const history = await h.fetchHistory();
        const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'registerDocument').length;
        return { state, calls, scheduled };
      } finally {
        await h.terminate('test finished').catch(() => undefined);
      }
    });
  }

  it('registers locally when the quick try succeeds: nothing scheduled', async () => {
    const { state, calls, scheduled } = await registerWith(undefined);
    expect(state.registration).toMatchObject({ journal: 'outgoing', number: '01-12/1', registeredBy: 'reg' });
    expect({ calls, scheduled }).toEqual({ calls: 1, scheduled: 0 });
  });

  it('schedules the ordinary activity when the local try fails, which answers with the number already taken', async () => {
    const { state, calls, scheduled } = await registerWith(() => {
      throw ApplicationFailure.retryable('the database did not answer in time', 'Timeout');
    });
    expect(state.registration).toMatchObject({ journal: 'outgoing', number: '01-12/1', registeredBy: 'reg' });
    expect({ calls, scheduled }).toEqual({ calls: 2, scheduled: 1 });
  });
});
