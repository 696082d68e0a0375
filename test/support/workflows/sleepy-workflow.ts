/** A workflow that only sleeps: proves the time-skipping server jumps over long timers. */
import { sleep } from '@temporalio/workflow';

export interface SleepyInput {
  days: number;
}

export async function sleepyWorkflow(input: SleepyInput): Promise<{ slept: string }> {
  await sleep(`${input.days} days`);
  return { slept: `${input.days} days` };
}
