/**
 * One workflow bundle per process and workflow entry point, built in a child process
 * (client/bundle-workflows.js): webpack holds ≈120 MB of heap while and after it bundles, and a worker
 * given `workflowsPath` would bundle in-process at every start. The worker and the replay service take
 * `workflowBundle: { code }` from here instead.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BundleRequest {
  workflowInterceptorModules?: string[];
}

const bundles = new Map<string, Promise<{ code: string }>>();

async function build(workflowsPath: string, options: BundleRequest): Promise<{ code: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-bundle-'));
  try {
    const requestFile = path.join(dir, 'request.json');
    const outFile = path.join(dir, 'bundle.js');
    fs.writeFileSync(requestFile, JSON.stringify({ workflowsPath, ...options }));
    try {
      await run(process.execPath, [path.join(__dirname, 'bundle-workflows.js'), requestFile, outFile], { maxBuffer: 16 * 2 ** 20 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(`Bundling the workflow code (${workflowsPath}) failed${stderr ? `: ${stderr}` : ''}`);
    }
    return { code: fs.readFileSync(outFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundle of `workflowsPath` (a module path, as `require.resolve` gives it), built once per process. */
export function workflowBundleFor(workflowsPath: string, options: BundleRequest = {}): Promise<{ code: string }> {
  const key = JSON.stringify([workflowsPath, options.workflowInterceptorModules ?? []]);
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = build(workflowsPath, options);
    bundles.set(key, bundle);
    // A failed build is not remembered: the next caller tries again.
    bundle.catch(() => bundles.delete(key));
  }
  return bundle;
}
