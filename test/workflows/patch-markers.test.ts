/**
 * A route started with the current code records one patch marker, whatever patches the code still asks for
 * old runs: each marker also costs an upsert of the TemporalChangeVersion search attribute on the server.
 * Old runs keep replaying through each patch (test/replay).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import * as defs from '../../workflows/definitions';
import { ROUTE_WALKS, runWalk } from '../replay/route-walks';
import { createTimeSkippingEnv } from '../support/env';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

it('a letter walked through approval, rework, signing and registration records one patch marker and one search-attribute upsert', async () => {
  const walk = ROUTE_WALKS.find((w) => w.routeKey === 'outgoing-letter')!;
  const history = await runWalk(env, walk, `patch-markers-${Date.now()}`, async (h) => {
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
