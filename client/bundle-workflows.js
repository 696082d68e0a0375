/**
 * Builds a workflow bundle in a process of its own and writes its code to a file, so that webpack's memory
 * (≈120 MB that the heap keeps after bundling) never lands in the worker's or the API's process.
 * Plain JavaScript: webpack itself compiles the TypeScript workflow sources.
 *
 *   node client/bundle-workflows.js <request.json> <out.js>
 * request.json: { "workflowsPath": "...", "workflowInterceptorModules": ["..."] }
 */
'use strict';
const fs = require('node:fs');
const { bundleWorkflowCode } = require('@temporalio/worker');

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * The SDK's default, `inline-source-map`, embeds every source file's text (`sourcesContent`) and column-exact
 * mappings; the worker keeps the bundle string in both threads and parses the map into a SourceMapConsumer in
 * the workflow thread, for the whole life of the process. Workflow stack traces (the `__stack_trace` query,
 * failures) need only file and line, and nothing here shows workflow source text (`showStackTraceSources` is
 * off), so the map keeps file and line only: the bundle is less than half as long. Only the map changes, not
 * the code that runs, so replay is unaffected.
 */
const slimSourceMap = (config) => ({ ...config, devtool: 'inline-nosources-cheap-module-source-map' });

async function main() {
  const [requestFile, outFile] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
  const { code } = await bundleWorkflowCode({ ...request, logger: silent, webpackConfigHook: slimSourceMap });
  fs.writeFileSync(outFile, code);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  },
);
