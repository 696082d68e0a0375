/**
 * Records histories of the exchange workflows into test/replay/histories-exchange/ (run with tsx when a
 * change to them is deliberate; old files stay): a delivery that succeeds after two failed attempts, one the
 * receiver refuses (4xx), and a receive.
 *
 *   QUJAT_TEMPORAL_TEST_SERVER=.tools/temporal-test-server npx tsx test/replay/record-exchange-histories.ts [suffix]
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import * as defs from '../../workflows/definitions';
import { ENVELOPE_REFUSED, type ExchangeActivities } from '../../activities/exchange/exchange-contracts';
import { createTimeSkippingEnv } from '../support/env';
import { workflowBundle } from '../support/system';

async function main(): Promise<void> {
  const suffix = process.argv[2] ?? 'v1';
  const env = await createTimeSkippingEnv();
  const dir = path.join(__dirname, 'histories-exchange');
  let attempts = 0;
  const activities: ExchangeActivities = {
    prepareEnvelope: async (input) => ({ envelopeId: `env-${input.documentId}` }),
    deliverEnvelope: async ({ envelopeId }) => {
      if (envelopeId.endsWith('refused')) {
        throw ApplicationFailure.create({ type: ENVELOPE_REFUSED, nonRetryable: true, message: 'unknown sender', details: [{ status: 403, code: 'unknown-sender', detail: 'unknown sender' }] });
      }
      if (++attempts < 3) throw new Error('connection refused');
      return { status: 202, duplicate: false };
    },
    recordEnvelopeRefused: async () => undefined,
    processIncomingEnvelope: async () => ({ kind: 'document', documentId: 'incoming-1' }),
  };
  const taskQueue = 'record-exchange';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  try {
    await worker.runUntil(async () => {
      const runs = [
        { name: 'delivery-after-retries', type: defs.EXCHANGE_DELIVERY_WORKFLOW_TYPE, id: 'exchange-delivery:env-letter', args: [{ kind: 'document', documentId: 'letter', recipientBin: '980760001232', backoff: { initialMs: 1_000, maximumMs: 60_000 } } satisfies defs.ExchangeDeliveryInput] },
        { name: 'delivery-refused', type: defs.EXCHANGE_DELIVERY_WORKFLOW_TYPE, id: 'exchange-delivery:env-refused', args: [{ kind: 'receipt', documentId: 'refused', recipientBin: '980760001232' } satisfies defs.ExchangeDeliveryInput] },
        { name: 'receive', type: defs.EXCHANGE_RECEIVE_WORKFLOW_TYPE, id: 'exchange-receive:env-in', args: [{ envelopeId: 'env-in' } satisfies defs.ExchangeReceiveInput] },
      ];
      for (const run of runs) {
        const h = await env.client.workflow.start(run.type, { taskQueue, workflowId: run.id, args: run.args });
        const result: unknown = await h.result();
        const history = await h.fetchHistory();
        const file = path.join(dir, `${run.name}.${suffix}.json`);
        fs.writeFileSync(file, JSON.stringify({ workflowId: h.workflowId, expectedResult: result ?? null, history: JSON.parse(historyToJSON(history)) }, null, 1));
        console.log(`recorded ${file}: ${history.events?.length} events`);
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
