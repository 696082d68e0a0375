/**
 * Every message a document workflow understands, as typed constants. Names are stable strings: add new
 * messages rather than renaming old ones, or running workflows and saved histories stop matching.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeAction,
  ApproveAction,
  EditExecutionCardAction,
  ExtendDeadlineAction,
  FileExecutionCardAction,
  RefuseIncomingAction,
  RegisterAction,
  RejectAction,
  ReassignTasksAction,
  RecalculateDeadlinesAction,
  RemoveFromControlAction,
  ReturnForReworkAction,
  SignAction,
  SubmitAction,
  WithdrawAction,
  WriteResolutionAction,
} from '../domain/documents/actions';
import type { DocumentState } from '../domain/documents/document-state';
import type { PinnedRoute } from '../domain/routes/route-model';

export * from '../domain/documents/actions';
export type { DocumentState, DocumentWorkflowInput, DocumentStatus } from '../domain/documents/document-state';

export const DOCUMENT_WORKFLOW_TYPE = 'documentWorkflow';
export const documentWorkflowId = (documentId: string): string => `document:${documentId}`;

/** What every action answers: the state after the workflow has settled the action's consequences. */
export type ActionResult = DocumentState;

export const stateQuery = defineQuery<DocumentState>('document.state');
export const routeQuery = defineQuery<PinnedRoute>('document.route');
/**
 * The live state and the seq of the last state whose projection this run has written (-1 before a new
 * document's first): a create answers once its card is projected without reading the card to find out.
 */
export const projectedStateQuery = defineQuery<ProjectedState>('document.projected-state');
export interface ProjectedState {
  state: DocumentState;
  projectedSeq: number;
}
/**
 * Sent with a new document's start (update-with-start): answered once this run has written its first projection,
 * with the state then. The create's answer in one call, instead of a start and then the query above.
 */
export const firstProjectionUpdate = defineUpdate<ProjectedState>('document.first-projection');

export const submitUpdate = defineUpdate<ActionResult, [SubmitAction]>('document.submit');
export const withdrawUpdate = defineUpdate<ActionResult, [WithdrawAction]>('document.withdraw');
export const approveUpdate = defineUpdate<ActionResult, [ApproveAction]>('approval.approve');
export const rejectUpdate = defineUpdate<ActionResult, [RejectAction]>('route.reject');
export const signUpdate = defineUpdate<ActionResult, [SignAction]>('signing.sign');
export const registerUpdate = defineUpdate<ActionResult, [RegisterAction]>('registration.register');
export const refuseIncomingUpdate = defineUpdate<ActionResult, [RefuseIncomingAction]>('registration.refuse');
export const writeResolutionUpdate = defineUpdate<ActionResult, [WriteResolutionAction]>('execution.write-resolution');
export const fileExecutionCardUpdate = defineUpdate<ActionResult, [FileExecutionCardAction]>('execution.file-card');
export const editExecutionCardUpdate = defineUpdate<ActionResult, [EditExecutionCardAction]>('execution.edit-card');
export const acknowledgeUpdate = defineUpdate<ActionResult, [AcknowledgeAction]>('acknowledgement.acknowledge');
export const removeFromControlUpdate = defineUpdate<ActionResult, [RemoveFromControlAction]>('control.remove');
export const returnForReworkUpdate = defineUpdate<ActionResult, [ReturnForReworkAction]>('control.return-for-rework');
export const extendDeadlineUpdate = defineUpdate<ActionResult, [ExtendDeadlineAction]>('deadline.extend');
/** Transfer of cases: an administrator moves one employee's open work on this document to another. */
export const reassignTasksUpdate = defineUpdate<ActionResult, [ReassignTasksAction]>('task.reassign');
/** A calendar change (moved day off, extra holiday) reaches running deadlines through this. */
export const recalculateDeadlinesUpdate = defineUpdate<ActionResult, [RecalculateDeadlinesAction]>('deadline.recalculate');

// ------------------------------------------------------------ receipt chase (receiptChaseWorkflow)
export const RECEIPT_CHASE_WORKFLOW_TYPE = 'receiptChaseWorkflow';
export const receiptChaseWorkflowId = (documentId: string): string => `receipt-chase:${documentId}`;

export interface ReceiptChaseInput {
  documentId: string;
  /** When the outgoing document was sent to the recipient. */
  sentAtMs: number;
}
export interface ReceiptChaseResult {
  outcome: 'receipt-received' | 'chased';
  dueAtMs: number;
}
export interface ReceiptChaseStatus {
  documentId: string;
  sentAtMs: number;
  dueAtMs?: number;
  received: boolean;
  receivedAtMs?: number;
  chased?: boolean;
}
export interface ReceiptRecordedSignal {
  receivedAtMs: number;
}

/** The recipient's receipt notification was recorded: stop waiting, no chase. */
export const receiptRecordedSignal = defineSignal<[ReceiptRecordedSignal]>('receipt.recorded');
export const receiptChaseQuery = defineQuery<ReceiptChaseStatus>('receipt-chase.status');

// ------------------------------------------------------------ exchange with other organisations
/** The failure type of a delivery the receiver refused for good (4xx); its details: status, code, detail. */
export const ENVELOPE_REFUSED_TYPE = 'EnvelopeRefused';
export const EXCHANGE_DELIVERY_WORKFLOW_TYPE = 'exchangeDeliveryWorkflow';
export const EXCHANGE_RECEIVE_WORKFLOW_TYPE = 'exchangeReceiveWorkflow';
export const exchangeDeliveryWorkflowId = (envelopeId: string): string => `exchange-delivery:${envelopeId}`;
export const exchangeReceiveWorkflowId = (envelopeId: string): string => `exchange-receive:${envelopeId}`;

export interface ExchangeDeliveryInput {
  kind: 'document' | 'receipt' | 'rejection' | 'information-request' | 'information-answer';
  documentId: string;
  recipientBin: string;
  /** Retry back-off of the delivery (default 5 s doubling up to 30 min); tests shorten it. */
  backoff?: { initialMs: number; maximumMs: number };
}
export interface ExchangeDeliveryResult {
  envelopeId: string;
  outcome: 'delivered' | 'refused';
  status: number;
}
export interface ExchangeReceiveInput {
  envelopeId: string;
}

// Re-verification of the archive's signatures (docs/records.md): one run per request, in batches.
export const ARCHIVE_CHECK_WORKFLOW_TYPE = 'archiveReverificationWorkflow';
export const archiveCheckWorkflowId = (runId: string): string => `archive-check:${runId}`;
export interface ArchiveCheckInput {
  runId: string;
  /** Where a continued run resumes (continue-as-new keeps a long run's history short). */
  offset?: number;
  batchSize?: number;
  /** Signatures checked by the runs before a continue-as-new. */
  checkedBefore?: number;
}
export interface ArchiveCheckResult {
  status: 'finished';
  /** Signatures verified again. */
  checked: number;
}
