/**
 * Asks a waiting document workflow for its stack trace (`__stack_trace`) on a worker of this process, and prints
 * what came back as one JSON line: `{"answer": …}` or `{"refused": <the cause's message>}`. A process of its own,
 * because the workflow thread reads QUJAT_WORKFLOW_STACK_TRACES from the real environment, which a jest test
 * cannot set (test/workflows/stack-traces.test.ts).
 *   node --import tsx test/support/stack-trace-probe.ts [0|1]
 * With an argument, this process sets QUJAT_WORKFLOW_STACK_TRACES to it before creating the worker, as worker.ts
 * does with the configured value.
 */
import { Worker } from '@temporalio/worker';
import * as defs from '../../workflows/definitions';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { fakeActivities } from '../workflows/fake-activities';
import { createTimeSkippingEnv } from './env';
import './quiet-runtime';
import { workflowBundle } from './system';

const route: RouteDefinition = {
  key: 'stack-traces',
  title: { kk: 'x', ru: 'x' },
  stages: [{ id: 'approval', type: 'approval', mode: 'parallel', quorum: 'all', participants: [{ kind: 'role', role: 'x' }], onReject: 'create-point' }],
};

async function main(): Promise<void> {
  const setting = process.argv[2];
  if (setting !== undefined) process.env.QUJAT_WORKFLOW_STACK_TRACES = setting;
  const env = await createTimeSkippingEnv();
  try {
    const taskQueue = `stack-traces-${process.pid}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeActivities({ approval: ['a1'] }).activities });
    const outcome = await worker.runUntil(async () => {
      const documentId = `stack-traces-${process.pid}`;
      const handle = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: defs.documentWorkflowId(documentId),
        args: [{ documentId, authorId: 'author', route: { key: route.key, version: 1, definition: route } }],
      });
      try {
        return { answer: await handle.query<string>('__stack_trace') };
      } catch (error) {
        const cause = (error as Error).cause as { details?: string } | undefined;
        return { refused: cause?.details ?? (error as Error).message };
      } finally {
        await handle.terminate('probe done');
      }
    });
    console.log(JSON.stringify(outcome));
  } finally {
    await env.teardown();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
