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

type Activities = ReturnType<typeof fakeActivities>['activities'];
type Handle = Awaited<ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>>;

/**
 * Runs `act` on a route of `route` with the fake activities, the activity `name` failing its first call when
 * `failFirst` is given (after doing its work: a try that failed late). Answers what `act` returned, how often the
 * activity ran, and how often the workflow scheduled it as an ordinary activity.
 */
async function runWith<T>(
  route: RouteDefinition,
  people: Record<string, string[]>,
  name: 'resolveStageParticipants' | 'registerDocument',
  failFirst: (() => never) | undefined,
  act: (h: Handle) => Promise<T>,
  change: (acts: Activities) => void = () => undefined,
) {
  const fake = fakeActivities(people);
  change(fake.activities);
  let calls = 0;
  const real = fake.activities[name] as (input: never) => Promise<unknown>;
  const counted = async (input: never) => {
    calls += 1;
    const answer = await real(input);
    if (calls === 1 && failFirst) failFirst();
    return answer;
  };
  // Replaced on the fakes' own object, which the activities made of parts (entering a stage) read theirs from.
  (fake.activities as unknown as Record<string, unknown>)[name] = counted;
  const activities = fake.activities as Activities;
  const taskQueue = `local-first-${Date.now()}-${Math.random()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return worker.runUntil(async () => {
    const documentId = `local-first-${Date.now()}`;
    const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: route.key, version: 1, definition: route } }],
    });
    try {
      const state = await act(h);
      const history = await h.fetchHistory();
      const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name).length;
      return { state, calls, scheduled };
    } finally {
      await h.terminate('test finished').catch(() => undefined);
    }
  });
}

const submit = (h: Handle) => h.executeUpdate(defs.submitUpdate, { args: [{ actor: { employeeId: 'author', roles: ['employee'] } }] });
const submitWith = (failFirst: (() => never) | undefined) => runWith(definition, { signing: ['head'] }, 'resolveStageParticipants', failFirst, submit);

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

  const registerWith = (failFirst: (() => never) | undefined) =>
    runWith(registering, { registration: ['reg'] }, 'registerDocument', failFirst, async (h) => {
      await submit(h);
      return h.executeUpdate(defs.registerUpdate, { args: [{ actor: { employeeId: 'reg', roles: ['employee', 'registrar'] } }] });
    });

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

describe('entering a stage', () => {
  const withDeadline: RouteDefinition = {
    key: 'local-first-deadline',
    title: { kk: 'x', ru: 'x' },
    stages: [{ id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point', deadline: { days: 2, kind: 'working' } }],
  };

  /** Submits into a stage with a deadline; answers the state and which activities ran, in order. */
  async function enter(calendarFails: boolean) {
    const ran: string[] = [];
    let failed = false;
    const { state } = await runWith(withDeadline, { signing: ['head'] }, 'registerDocument', undefined, async (h) => {
      return submit(h);
    }, (acts) => {
      const calendar = acts.getBusinessCalendar;
      acts.getBusinessCalendar = async (input) => {
        ran.push('getBusinessCalendar');
        if (calendarFails && !failed) {
          failed = true;
          throw ApplicationFailure.retryable('the calendar table is being loaded', 'Unavailable');
        }
        return calendar(input);
      };
      const prepare = acts.prepareStage;
      acts.prepareStage = async (input) => {
        ran.push('prepareStage');
        return prepare(input);
      };
    });
    return { state, ran };
  }

  it('asks for its people and its calendar in one local activity', async () => {
    const { state, ran } = await enter(false);
    expect(state.stage?.deadline?.dueAtMs).toEqual(expect.any(Number));
    expect(ran).toEqual(['prepareStage', 'getBusinessCalendar']);
  });

  it('asks for a calendar that could not be built with the people on its own, and the deadline is set', async () => {
    const { state, ran } = await enter(true);
    expect(state.stage?.deadline?.dueAtMs).toEqual(expect.any(Number));
    expect(ran).toEqual(['prepareStage', 'getBusinessCalendar', 'getBusinessCalendar']);
  });
});
