/**
 * An action whose handler runs an activity before the state changes (taking a registration number) is not
 * queued twice: a second Register while the first is taking its number is refused with AlreadyDone.
 * On the dev server (real Update semantics with an Update in flight; the time-skipping server answers the
 * second one with "update not found").
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { STANDARD_ROUTES } from '../../db/seed/standard-routes';
import * as defs from '../../workflows/definitions';
import { fakeActivities } from './fake-activities';
import { testNamespace, testTemporalAddress } from '../support/env';

const who = (employeeId: string) => ({ actor: { employeeId, roles: ['employee'] } });

async function refusalOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return (error.cause as { type?: string }).type;
    throw error;
  }
}

it('a second Register while the first is taking its number is refused, not queued', async () => {
  const fake = fakeActivities({ approval: ['a1'], signing: ['boss'], registration: ['reg', 'reg2'] });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const takeNumber = fake.activities.registerDocument;
  fake.activities.registerDocument = async (input) => {
    await gate;
    return takeNumber(input);
  };
  const taskQueue = `in-flight-${randomUUID()}`;
  const connection = await Connection.connect({ address: testTemporalAddress() });
  const native = await NativeConnection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, namespace: testNamespace() });
  const noop = () => undefined;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop } });
  const worker = await Worker.create({ connection: native, namespace: testNamespace(), taskQueue, workflowBundle, activities: fake.activities });
  try {
    await worker.runUntil(async () => {
      const documentId = `in-flight-${randomUUID()}`;
      const definition = STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!;
      const h = await client.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: defs.documentWorkflowId(documentId),
        args: [{ documentId, authorId: 'author', route: { key: definition.key, version: 1, definition } }],
      });
      await h.executeUpdate(defs.submitUpdate, { args: [who('author')] });
      await h.executeUpdate(defs.approveUpdate, { args: [who('a1')] });
      await h.executeUpdate(defs.signUpdate, { args: [{ ...who('boss'), signatureId: 'good-1' }] });
      const first = await h.startUpdate(defs.registerUpdate, { args: [who('reg')], waitForStage: WorkflowUpdateStage.ACCEPTED });
      // Another registrar (or the same one clicking again) while the number is being taken.
      expect(await refusalOf(h.executeUpdate(defs.registerUpdate, { args: [who('reg2')] }))).toBe('AlreadyDone');
      release();
      const state = await first.result();
      expect(state.registration).toMatchObject({ number: '01-12/1', registeredBy: 'reg' });
      expect(fake.registrations).toHaveLength(1);
      expect((await h.result()).status).toBe('executed'); // an outgoing letter is done once registered
    });
  } finally {
    await native.close();
    await connection.close();
  }
}, 60_000);
