/**
 * Notifications: the workflows that send mail, catch up on undelivered rows and send the daily digest.
 * Deterministic: all I/O is in activities; the digest's day comes from Temporal's clock.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications/notification-contracts';

/**
 * One mail per workflow (`mail:<notification>` or `digest:<person>:<day>`, the mail id): its activity is
 * retried with back-off, without limit (no maximumAttempts), until the SMTP server takes the mail.
 */
const mailer = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: ['MailMissing'] },
});

const housekeeping = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export interface MailDeliveryInput {
  mailId: string;
}

export async function mailDeliveryWorkflow(input: MailDeliveryInput): Promise<{ sent: boolean }> {
  const result = await mailer.sendMail({ mailId: input.mailId });
  return { sent: result.sent };
}

/** Run every minute by a schedule: rows nobody dispatched, mails never started, substitutions begun or ended. */
export async function notificationSweepWorkflow(_input: Record<string, never> = {}) {
  return housekeeping.sweepNotifications({});
}

/** Run daily by a schedule (08:00 Astana): one mail per person with their digest notifications. */
export async function notificationDigestWorkflow(_input: Record<string, never> = {}) {
  return housekeeping.sendDigests({ atMs: Date.now() });
}
