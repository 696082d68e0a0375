/**
 * Scripted walks through each standard route, used to record the histories that replay tests keep
 * replaying against every future version of the workflow code.
 */
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as defs from '../../workflows/definitions';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import { fakeActivities } from '../workflows/fake-activities';
import { workflowBundle } from '../support/system';

const who = (employeeId: string, roles: string[] = ['employee']) => ({ actor: { employeeId, roles } });

export interface RouteWalk {
  routeKey: string;
  /** Who takes part in each stage (by stage id; "<stage>:ack" for acknowledgers). */
  people: Record<string, string[]>;
  walk(h: WorkflowHandle, env: TestWorkflowEnvironment): Promise<void>;
}

export const ROUTE_WALKS: RouteWalk[] = [
  {
    routeKey: 'outgoing-letter',
    people: { approval: ['a1', 'a2'], signing: ['boss'], registration: ['reg'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.rejectUpdate, { args: [{ ...who('a2'), comment: 'Fix the addressee' }] });
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a2')] });
      await h.executeUpdate(defs.withdrawUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a2')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'good-1' }] }).catch(() => undefined);
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
    },
  },
  {
    // The expert commission approves in parallel, the head signs, the registry office registers.
    routeKey: 'destruction-act',
    people: { approval: ['c1', 'c2'], signing: ['head'], registration: ['reg'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('c2')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('c1')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('head'), signatureId: 'good-1' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
    },
  },
  {
    routeKey: 'incoming-electronic',
    people: { registration: ['reg'], execution: ['head'], 'control-removal': ['ctl'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      await h.executeUpdate(defs.writeResolutionUpdate, {
        args: [{ ...who('head'), text: 'Prepare an answer', responsibleExecutorId: 'e1', coExecutorIds: ['e2'], deadlineRule: { days: 3, kind: 'working' } }],
      });
      await h.executeUpdate(defs.writeResolutionUpdate, { args: [{ ...who('e1'), parentResolutionId: 'R1', text: 'Draft it', responsibleExecutorId: 'e3', coExecutorIds: [] }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e2'), resolutionId: 'R1', text: 'Figures attached', attachmentIds: [] }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e1'), resolutionId: 'R1', text: 'Answered', attachmentIds: [] }] });
      await h.executeUpdate(defs.returnForReworkUpdate, { args: [{ ...who('ctl', ['controller']), comment: 'Attach the answer' }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e1'), resolutionId: 'R1', text: 'Answer attached', attachmentIds: [] }] });
      await h.executeUpdate(defs.removeFromControlUpdate, { args: [who('ctl', ['controller'])] });
    },
  },
  {
    routeKey: 'incoming-paper',
    people: { registration: ['reg'], execution: ['head'], 'control-removal': ['ctl'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.refuseIncomingUpdate, { args: [{ ...who('reg'), reasonCode: 'unreadable', comment: 'Pages missing' }] });
    },
  },
  {
    routeKey: 'internal-memo',
    people: { signing: ['head'], registration: ['reg'], execution: ['addressee'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('head'), signatureId: 'good-1' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      await h.executeUpdate(defs.writeResolutionUpdate, { args: [{ ...who('addressee'), text: 'Do it', responsibleExecutorId: 'e1', coExecutorIds: [] }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e1'), resolutionId: 'R1', text: 'Done', attachmentIds: [] }] });
    },
  },
  {
    routeKey: 'order',
    people: { approval: ['a1', 'a2'], signing: ['chair'], registration: ['reg'], execution: ['chair'], 'execution:ack': ['s1', 's2'], 'control-removal': ['ctl'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a2')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('chair'), signatureId: 'good-1' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      await h.executeUpdate(defs.acknowledgeUpdate, { args: [who('s1')] });
      await h.executeUpdate(defs.writeResolutionUpdate, { args: [{ ...who('chair'), text: 'Execute the order', responsibleExecutorId: 'e1', coExecutorIds: [], control: 'personal' }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('e1'), resolutionId: 'R1', text: 'Executed', attachmentIds: [] }] });
      await h.executeUpdate(defs.acknowledgeUpdate, { args: [who('s2')] });
      await h.executeUpdate(defs.removeFromControlUpdate, { args: [who('chair')] });
    },
  },
  {
    routeKey: 'edms-change-memo',
    people: { 'unit-head-signing': ['head'], registration: ['reg'], review: ['dept-head'], 'control-removal': ['deputy'] },
    async walk(h, env) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('head'), signatureId: 'good-1' }] });
      const state = await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      await env.sleep(state.stage!.deadline!.dueAtMs - (await env.currentTimeMs()) + 1000);
      const now = await env.currentTimeMs();
      await h.executeUpdate(defs.extendDeadlineUpdate, { args: [{ ...who('ctl', ['controller']), newDueAtMs: now + 86_400_000, reason: 'Vendor answer pending' }] });
      await h.executeUpdate(defs.writeResolutionUpdate, { args: [{ ...who('dept-head'), text: 'Review with the vendor', responsibleExecutorId: 'resp', coExecutorIds: [] }] });
      await h.executeUpdate(defs.fileExecutionCardUpdate, { args: [{ ...who('resp'), resolutionId: 'R1', text: 'The vendor answered: done', attachmentIds: [] }] });
      await h.executeUpdate(defs.editExecutionCardUpdate, { args: [{ ...who('resp'), cardId: 'C1', text: 'The vendor answered: done in v2.3' }] });
      await h.executeUpdate(defs.removeFromControlUpdate, { args: [who('deputy')] });
    },
  },
  {
    routeKey: 'edms-change-notification',
    people: { 'department-signing': ['dept-head'], registration: ['reg'], acknowledgement: ['s1', 's2', 's3'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('dept-head'), signatureId: 'good-1' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg')] });
      for (const s of ['s1', 's2', 's3']) await h.executeUpdate(defs.acknowledgeUpdate, { args: [who(s)] });
    },
  },
];

/**
 * Starts a document of `walk`'s route with a worker on fake activities, walks it, and hands the handle to
 * `then` (for its state and history) while the worker still runs. `updateWithStart`: started as the API starts
 * a new card, with the first-projection Update (the recorder does so; a plain start otherwise).
 */
export async function runWalk<T>(
  env: TestWorkflowEnvironment,
  walk: RouteWalk,
  documentId: string,
  then: (h: WorkflowHandle) => Promise<T>,
  options: { updateWithStart?: boolean } = {},
): Promise<T> {
  const definition = STANDARD_ROUTES.find((r) => r.key === walk.routeKey)!;
  const taskQueue = `walk-${documentId}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeActivities(walk.people).activities });
  return worker.runUntil(async () => {
    const start = {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
    };
    let h: WorkflowHandle;
    if (options.updateWithStart) {
      const operation = new WithStartWorkflowOperation(defs.DOCUMENT_WORKFLOW_TYPE, { ...start, workflowIdConflictPolicy: 'FAIL' });
      const first = await env.client.workflow.executeUpdateWithStart(defs.firstProjectionUpdate, { startWorkflowOperation: operation });
      if (first.projectedSeq < 0) throw new Error('the first-projection Update answered before the first projection');
      h = await operation.workflowHandle();
    } else {
      h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, start);
    }
    await walk.walk(h, env);
    return then(h);
  });
}
