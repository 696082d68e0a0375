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

/** `inEnvironment`: the variable as the process starts with it; `setAtRuntime`: set by the process, as worker.ts does. */
async function probe(how: { inEnvironment?: string; setAtRuntime?: string }): Promise<{ answer?: string; refused?: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.QUJAT_WORKFLOW_STACK_TRACES;
  if (how.inEnvironment !== undefined) env.QUJAT_WORKFLOW_STACK_TRACES = how.inEnvironment;
  const args = ['--import', 'tsx', 'test/support/stack-trace-probe.ts', ...(how.setAtRuntime === undefined ? [] : [how.setAtRuntime])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: repoRoot, env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { answer?: string; refused?: string };
}

const refusedAnswer = { refused: 'Workflow stack traces are not enabled on this worker' };
const waitsInTheWorkflow = /at documentWorkflow \(.*workflows\/document-workflow\.ts:\d+/;

it('captures no workflow stacks by default: the stack-trace query says so', async () => {
  expect(await probe({})).toEqual(refusedAnswer);
}, 60_000);

it('captures them with QUJAT_WORKFLOW_STACK_TRACES=1: the query shows where the document waits', async () => {
  const { answer, refused } = await probe({ inEnvironment: '1' });
  expect(refused).toBeUndefined();
  expect(answer).toMatch(waitsInTheWorkflow);
}, 60_000);

it('follows the value the process sets before the worker starts, as worker.ts hands on the configured one', async () => {
  expect((await probe({ setAtRuntime: '1' })).answer).toMatch(waitsInTheWorkflow);
  expect(await probe({ inEnvironment: '1', setAtRuntime: '0' })).toEqual(refusedAnswer);
}, 120_000);
