/**
 * Electronic exchange with other organisations (docs/exchange.md):
 * - `exchangeDeliveryWorkflow`, one per envelope (id `exchange-delivery:<envelopeId>`, the envelope id being
 *   derived from document + addressee + kind): prepares the signed envelope once, then delivers it with
 *   back-off across hours and restarts of either side; a refusal (4xx) is recorded with its reason;
 * - `exchangeReceiveWorkflow`, one per received envelope (id `exchange-receive:<envelopeId>`): turns the
 *   stored envelope into an incoming document, or attaches a notice to our outgoing one.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { ExchangeActivities, RefusalDetails } from '../activities/exchange/exchange-contracts';
import { ENVELOPE_REFUSED_TYPE as ENVELOPE_REFUSED, type ExchangeDeliveryInput, type ExchangeDeliveryResult, type ExchangeReceiveInput } from './definitions';

const local = proxyActivities<ExchangeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function exchangeDeliveryWorkflow(input: ExchangeDeliveryInput): Promise<ExchangeDeliveryResult> {
  const { envelopeId } = await local.prepareEnvelope({ kind: input.kind, documentId: input.documentId, recipientBin: input.recipientBin });
  // No attempt limit: a correspondent down for a day still gets the envelope; the interval caps at 30 min.
  const remote = proxyActivities<ExchangeActivities>({
    startToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: input.backoff?.initialMs ?? 5_000,
      backoffCoefficient: 2,
      maximumInterval: input.backoff?.maximumMs ?? 30 * 60_000,
      nonRetryableErrorTypes: [ENVELOPE_REFUSED],
    },
  });
  try {
    const answer = await remote.deliverEnvelope({ envelopeId });
    return { envelopeId, outcome: 'delivered', status: answer.status };
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === ENVELOPE_REFUSED) {
      const details = (cause.details?.[0] ?? { status: 0, code: 'refused', detail: cause.message }) as RefusalDetails;
      await local.recordEnvelopeRefused({ envelopeId, ...details });
      return { envelopeId, outcome: 'refused', status: details.status };
    }
    throw error;
  }
}

export async function exchangeReceiveWorkflow(input: ExchangeReceiveInput): Promise<void> {
  await local.processIncomingEnvelope({ envelopeId: input.envelopeId });
}
