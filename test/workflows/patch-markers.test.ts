/**
 * A route started with the current code records one patch marker, whatever patches the code still asks for
 * old runs: each marker also costs an upsert of the TemporalChangeVersion search attribute on the server.
 * Old runs keep replaying through each patch (test/replay).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as defs from '../../workflows/definitions';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import { ROUTE_WALKS } from '../replay/route-walks';
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

it('a letter walked through approval, rework, signing and registration records one patch marker and one search-attribute upsert', async () => {
  const walk = ROUTE_WALKS.find((w) => w.routeKey === 'outgoing-letter')!;
  const definition = STANDARD_ROUTES.find((r) => r.key === walk.routeKey)!;
  const taskQueue = `patch-markers-${Date.now()}-${Math.random()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: fakeActivities(walk.people).activities });
  const history = await worker.runUntil(async () => {
    const documentId = `patch-markers-${Date.now()}`;
    const h = await env.client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: defs.documentWorkflowId(documentId),
      args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
    });
    await walk.walk(h, env);
    expect((await h.query(defs.stateQuery)).status).toBe('executed');
    return h.fetchHistory();
  });
  const events = history.events ?? [];
  const patchMarkers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  const upserts = events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
  expect({ patchMarkers: patchMarkers.length, upserts: upserts.length }).toEqual({ patchMarkers: 1, upserts: 1 });
  // The walk signs, resolves participants and records projections: every patched path was taken.
  expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length).toBeGreaterThan(10);
});
