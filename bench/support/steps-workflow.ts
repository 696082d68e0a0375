/**
 * The routes benchmark's baseline: a workflow that does nothing but accept the same number of Updates a
 * route takes (submit, approve, approve, sign, register), so the ratio shows what Qujat adds on top of bare
 * Temporal Updates.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const stepUpdate = defineUpdate<number, [string]>('bench.step');

export async function stepsWorkflow(steps: number): Promise<number> {
  let done = 0;
  setHandler(stepUpdate, (_name: string) => ++done);
  await condition(() => done >= steps);
  return done;
}
