/**
 * Records the people-and-access histories into test/replay/histories/: an access application whose
 * administrator decides after the 24-hour deadline has passed (escalation included), and an outgoing letter
 * with a substitute acting on behalf of an approver and a transfer of cases (`task.reassign`), and a deputy
 * signing with their own key on behalf of the chairman. Run it when a
 * workflow change is deliberate; new files are added, old ones stay.
 *
 *   QUJAT_TEMPORAL_TEST_SERVER=.tools/temporal-test-server npx tsx test/replay/record-people-histories.ts [suffix] [walk…]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ACCESS_APPLICATION_ROUTE } from '../../db/seed/access-application-route';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import * as defs from '../../workflows/definitions';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';
import { fakeActivities } from '../workflows/fake-activities';

const who = (employeeId: string, roles: string[] = ['employee'], onBehalfOf?: string) => ({ actor: { employeeId, roles, ...(onBehalfOf && { onBehalfOf }) } });

interface PeopleWalk {
  name: string;
  route: RouteDefinition;
  people: Record<string, string[]>;
  walk(h: WorkflowHandle, env: TestWorkflowEnvironment): Promise<void>;
}

export const PEOPLE_WALKS: PeopleWalk[] = [
  {
    name: 'access-application',
    route: ACCESS_APPLICATION_ROUTE,
    people: { 'head-approval': ['head'], 'administrator-decision': ['admin-1', 'admin-2'] },
    async walk(h, env) {
      await h.executeUpdate(defs.submitUpdate, { args: [{ ...who('author'), comment: 'New colleague in the chancellery' }] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('head')] });
      await env.sleep('25 hours'); // past the administrators' 24-hour deadline: breached and escalated
      await h.executeUpdate(defs.approveUpdate, { args: [who('admin-2', ['employee', 'administrator'])] });
    },
  },
  {
    name: 'transfer-of-cases',
    route: STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!,
    people: { approval: ['a1', 'a2'], signing: ['boss'], registration: ['reg'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('deputy-of-a1', ['employee'], 'a1')] }); // "X on behalf of Y"
      const transfer = { fromEmployeeId: 'a2', toEmployeeId: 'a3', moveAuthorship: true, comment: 'a2 leaves the fund' };
      await h.executeUpdate(defs.reassignTasksUpdate, { args: [{ ...who('admin', ['employee', 'administrator']), ...transfer }] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a3')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'good-1' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg', ['employee', 'registrar'])] });
    },
  },
  {
    // The deputy signs with their own key for the absent chairman; the signature check names the deputy.
    name: 'substitute-signing',
    route: STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!,
    people: { approval: ['a1'], signing: ['chair'], registration: ['reg'] },
    async walk(h) {
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('deputy', ['employee'], 'chair'), signatureId: 'good-by:deputy' }] });
      await h.executeUpdate(defs.registerUpdate, { args: [who('reg', ['employee', 'registrar'])] });
    },
  },
];

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? 'v1';
  const only = process.argv.slice(3);
  const env = await createTimeSkippingEnv();
  const dir = path.join(__dirname, 'histories');
  try {
    for (const walk of PEOPLE_WALKS.filter((w) => only.length === 0 || only.includes(w.name))) {
      const taskQueue = `record-${walk.name}`;
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeActivities(walk.people).activities });
      await worker.runUntil(async () => {
        const documentId = `replay-${walk.name}`;
        const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: defs.documentWorkflowId(documentId),
          args: [{ documentId, authorId: 'author', route: { key: walk.route.key, version: 1, definition: walk.route } }],
        });
        await walk.walk(h, env);
        const state = await h.result();
        const history = await h.fetchHistory();
        if (state.status !== 'executed') throw new Error(`${walk.name} ended ${state.status}, not executed`);
        const file = path.join(dir, `${walk.name}.${suffix}.json`);
        fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, expectedState: state, history: JSON.parse(historyToJSON(history)) }, null, 1));
        console.log(`recorded ${file}: ${history.events?.length} events, final status ${state.status}`);
      });
    }
  } finally {
    await env.teardown();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
