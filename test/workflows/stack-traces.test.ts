/**
 * The Temporal SDK is patched (patches/@temporalio+worker+*.patch, applied by `npm install`) so that the workflow
 * thread captures no stack per promise unless QUJAT_WORKFLOW_STACK_TRACES=1. Both ways are checked on a real
 * workflow thread, each in a process of its own (test/support/stack-trace-probe.ts): the stack-trace query is
 * refused in the SDK's own words when off, and shows where the document waits when on. Were the patch not
 * applied (an SDK upgrade it does not fit), the first case would fail.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(__dirname, '..', '..');

async function probe(setting: string | undefined): Promise<{ answer?: string; refused?: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.QUJAT_WORKFLOW_STACK_TRACES;
  if (setting !== undefined) env.QUJAT_WORKFLOW_STACK_TRACES = setting;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/support/stack-trace-probe.ts'], { cwd: repoRoot, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { answer?: string; refused?: string };
}

it('captures no workflow stacks by default: the stack-trace query says so', async () => {
  expect(await probe(undefined)).toEqual({ refused: 'Workflow stack traces are not enabled on this worker' });
}, 60_000);

it('captures them with QUJAT_WORKFLOW_STACK_TRACES=1: the query shows where the document waits', async () => {
  const { answer, refused } = await probe('1');
  expect(refused).toBeUndefined();
  expect(answer).toMatch(/at documentWorkflow \(.*workflows\/document-workflow\.ts:\d+/);
}, 60_000);
