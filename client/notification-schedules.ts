/**
 * The Temporal side of notification delivery: starting a mail's workflow, and the two schedules (the
 * minute's catch-up sweep and the daily digest at 08:00 Astana). Used by the worker at start.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowExecutionAlreadyStartedError, type Client, type ScheduleSpec } from '@temporalio/client';
import type { MailStarter } from '../activities/notifications/delivery';

/** Starts `mail:<id>`'s workflow; one already running (or done) for that mail is fine. */
export function mailStarter(client: Client, taskQueue: string): MailStarter {
  return async (mailId) => {
    try {
      await client.workflow.start('mailDeliveryWorkflow', { taskQueue, workflowId: mailId, args: [{ mailId }] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}

/** Schedule ids carry the task queue, so two organisations on one Temporal namespace keep theirs apart. */
export const sweepScheduleId = (taskQueue: string) => `notifications-sweep:${taskQueue}`;
export const digestScheduleId = (taskQueue: string) => `notifications-digest:${taskQueue}`;

export async function ensureNotificationSchedules(client: Client, taskQueue: string): Promise<void> {
  const schedules: Array<{ scheduleId: string; workflowType: string; spec: ScheduleSpec }> = [
    { scheduleId: sweepScheduleId(taskQueue), workflowType: 'notificationSweepWorkflow', spec: { intervals: [{ every: '1 minute' }] } },
    // 03:00 UTC is 08:00 in Astana (UTC+5 all year since 2024-03-01), before the working day starts.
    { scheduleId: digestScheduleId(taskQueue), workflowType: 'notificationDigestWorkflow', spec: { calendars: [{ hour: 3, minute: 0 }] } },
  ];
  for (const s of schedules) {
    try {
      await client.schedule.create({
        scheduleId: s.scheduleId,
        spec: s.spec,
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        action: { type: 'startWorkflow', workflowType: s.workflowType, taskQueue, args: [{}], workflowId: s.scheduleId },
      });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
