/** The monthly schedule of departmental control: the 1st of each month, 08:00 Astana (03:00 UTC). Used by the worker at start. */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** The id carries the task queue, so two organisations on one Temporal namespace keep theirs apart. */
export const informationReviewScheduleId = (taskQueue: string) => `information-reviews:${taskQueue}`;

export async function ensureInformationReviewSchedule(client: Client, taskQueue: string): Promise<void> {
  const scheduleId = informationReviewScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 1, hour: 3, minute: 0 }] },
      // A worker down on the 1st still opens the month when it returns within the week.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      action: { type: 'startWorkflow', workflowType: 'informationReviewsWorkflow', taskQueue, args: [{}], workflowId: scheduleId },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
