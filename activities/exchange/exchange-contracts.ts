/**
 * The exchange activities as the delivery and receive workflows see them (workflow code imports these
 * types only).
 */
export type DeliveryKind = 'document' | 'receipt' | 'rejection' | 'information-request' | 'information-answer';

export interface PrepareEnvelopeInput {
  kind: DeliveryKind;
  /**
   * Ours: the outgoing document (kind document), the incoming one the notice is about, our information request
   * (information-request) or the request that came to us and is answered (information-answer).
   */
  documentId: string;
  recipientBin: string;
}
export interface PrepareEnvelopeResult {
  envelopeId: string;
}

export interface DeliverEnvelopeInput {
  envelopeId: string;
}
export interface DeliverEnvelopeResult {
  status: number;
  duplicate: boolean;
}

/** The type of the non-retryable failure of a delivery the receiver refused (4xx); details: [RefusalDetails]. */
export { ENVELOPE_REFUSED_TYPE as ENVELOPE_REFUSED } from '../../workflows/definitions';
export interface RefusalDetails {
  status: number;
  code: string;
  detail: string;
}

export interface RecordRefusalInput extends RefusalDetails {
  envelopeId: string;
}

export interface ProcessEnvelopeInput {
  envelopeId: string;
}
export interface ProcessEnvelopeResult {
  kind: DeliveryKind;
  documentId?: string;
}

export interface ExchangeActivities {
  prepareEnvelope(input: PrepareEnvelopeInput): Promise<PrepareEnvelopeResult>;
  deliverEnvelope(input: DeliverEnvelopeInput): Promise<DeliverEnvelopeResult>;
  recordEnvelopeRefused(input: RecordRefusalInput): Promise<void>;
  processIncomingEnvelope(input: ProcessEnvelopeInput): Promise<ProcessEnvelopeResult>;
}
