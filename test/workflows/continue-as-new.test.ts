/**
 * Long-lived documents keep a short history: once a run's history reaches its threshold the workflow continues as
 * new with its state, and nothing is lost on the way — the state, a pending deadline (its timer is set again from
 * the state and fires at the same instant), the Update that crossed the threshold (answered by the old run) and the
 * Updates sent afterwards (handled by the new run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as defs from '../../workflows/definitions';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { fakeActivities } from './fake-activities';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const who = (employeeId: string) => ({ actor: { employeeId, roles: ['employee'] } });

it('continues as new at the history threshold, keeping state, the pending deadline and every Update', async () => {
  const definition: RouteDefinition = {
    key: 'long-lived',
    title: { kk: 'x', ru: 'x' },
    stages: [
      { id: 'approval', type: 'approval', mode: 'parallel', quorum: 'all', participants: [{ kind: 'role', role: 'x' }], onReject: 'create-point', deadline: { days: 10, kind: 'calendar' } },
      { id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point' },
    ],
  };
  const fake = fakeActivities({ approval: ['a1', 'a2', 'a3'], signing: ['boss'] });
  const taskQueue = `continue-as-new-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fake.activities });
  await worker.runUntil(async () => {
    // How long the history is once the document is submitted depends on how many activities run locally; measure
    // it on a run without a threshold, so that the threshold below sits just past it and the first approval crosses it.
    const probeId = `can-probe-${Date.now()}`;
    const probe = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(probeId),
      args: [{ documentId: probeId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
    });
    await probe.executeUpdate(defs.submitUpdate, { args: [who('author')] });
    const afterSubmit = (await probe.fetchHistory()).events!.length;
    await probe.terminate('probe only');

    const documentId = `can-${Date.now()}`;
    const first = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition }, continueAsNewAfterEvents: afterSubmit + 1 }],
    });
    const h = env.client.workflow.getHandle(first.workflowId); // follows the latest run
    const submitted = await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
    const due = submitted.stage!.deadline!.dueAtMs;
    expect((await h.describe()).runId).toBe(first.firstExecutionRunId);

    // Approvals until the history crosses the threshold; the Update that crosses it is answered in full.
    const afterA1 = await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
    expect(afterA1.tasks.find((t) => t.assigneeId === 'a1')?.state).toBe('done');
    let runId = (await h.describe()).runId;
    for (let i = 0; i < 300 && runId === first.firstExecutionRunId; i++) { // up to 30 s on a loaded machine
      await new Promise((r) => setTimeout(r, 100));
      runId = (await h.describe()).runId;
    }
    expect(runId).not.toBe(first.firstExecutionRunId);
    const firstRun = env.client.workflow.getHandle(first.workflowId, first.firstExecutionRunId);
    expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
    if (process.env.QUJAT_RECORD_HISTORY) {
      // The saved history of this behaviour (test/replay/histories/): the run that continued as new.
      const file = path.join(__dirname, '../replay/histories/long-lived-continue-as-new.v1.json');
      const expectedState = await h.query(defs.stateQuery); // what the first run carried over
      fs.writeFileSync(file, JSON.stringify({ workflowId: first.workflowId, expectedState, history: JSON.parse(historyToJSON(await firstRun.fetchHistory())) }, null, 1));
    }

    // The new run carries the state over, with the deadline as it was.
    const carried = await h.query(defs.stateQuery);
    expect(carried.status).toBe('on-approval');
    expect(carried.stage!.deadline!.dueAtMs).toBe(due);
    expect(carried.tasks.filter((t) => t.state === 'done').map((t) => t.assigneeId)).toEqual(['a1']);
    expect(carried.seq).toBeGreaterThanOrEqual(afterA1.seq);
    // The carried state was projected by the run before, and the new run says so.
    expect((await h.query(defs.projectedStateQuery)).projectedSeq).toBe(carried.seq);

    // The pending deadline's timer is set again by the new run: it escalates at the same instant.
    await env.sleep(due - (await env.currentTimeMs()) + 1000);
    expect(fake.escalations.map((e) => e.dueAtMs)).toEqual([due]);

    // Updates sent after the change reach the new run.
    await h.executeUpdate(defs.approveUpdate, { args: [who('a2')] });
    const signing = await h.executeUpdate(defs.approveUpdate, { args: [who('a3')] });
    expect(signing.status).toBe('on-signing');
    await h.terminate('test finished');
  });
});
