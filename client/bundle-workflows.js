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

async function main() {
  const [requestFile, outFile] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
  const { code } = await bundleWorkflowCode({ ...request, logger: silent });
  fs.writeFileSync(outFile, code);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  },
);
