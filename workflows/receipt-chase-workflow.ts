/**
 * Waits for the receipt notification of one outgoing electronic document (seed-003 §§18–19): if none
 * is recorded within 1 working day of sending (Astana business calendar), the sender is told to reach
 * the recipient by other channels. One per document, workflow id `receipt-chase:<documentId>`.
 * Deterministic: the calendar comes from an activity (recorded in history), the clock is Temporal's.
 */
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReceiptChaseActivities } from '../activities/correspondence/correspondence-contracts';
import { receiptChaseQuery, receiptRecordedSignal, type ReceiptChaseInput, type ReceiptChaseResult, type ReceiptChaseStatus } from './definitions';
import { computeDeadline, type BusinessCalendar } from '../domain/calendar/business-calendar';

const activities = proxyActivities<ReceiptChaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** One working day, as the business calendar counts it (the day of sending is not counted). */
export const RECEIPT_TERM = { days: 1, kind: 'working' } as const;

export async function receiptChaseWorkflow(input: ReceiptChaseInput): Promise<ReceiptChaseResult> {
  const status: ReceiptChaseStatus = { documentId: input.documentId, sentAtMs: input.sentAtMs, received: false };
  setHandler(receiptRecordedSignal, (signal) => {
    status.received = true;
    status.receivedAtMs = signal.receivedAtMs;
  });
  setHandler(receiptChaseQuery, () => status);

  // Astana is ahead of UTC: a document sent late on 31 December may already count in the next year.
  const year = new Date(input.sentAtMs).getUTCFullYear();
  const calendar: BusinessCalendar = await activities.getBusinessCalendar({ years: [year, year + 1] });
  let due: { dueAtMs: number; explanation: string };
  try {
    due = computeDeadline(input.sentAtMs, RECEIPT_TERM, calendar);
  } catch (error) {
    // A calendar problem is data, not a transient fault: fail the workflow instead of retrying its task.
    throw ApplicationFailure.nonRetryable((error as Error).message, (error as Error).name);
  }
  status.dueAtMs = due.dueAtMs;
  await activities.noteReceiptDue({ documentId: input.documentId, dueAtMs: due.dueAtMs, explanation: due.explanation });

  const remaining = due.dueAtMs - Date.now();
  if (!status.received && remaining > 0) await condition(() => status.received, remaining);
  if (status.received) return { outcome: 'receipt-received', dueAtMs: due.dueAtMs };

  const chase = await activities.raiseReceiptChase({ documentId: input.documentId, dueAtMs: due.dueAtMs });
  status.chased = chase.raised;
  return { outcome: chase.raised ? 'chased' : 'receipt-received', dueAtMs: due.dueAtMs };
}
