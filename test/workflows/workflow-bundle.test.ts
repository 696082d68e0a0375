/**
 * The worker's bundle (client/workflow-bundle.ts) carries a source map of file and line only: workflow stack
 * traces still point into the TypeScript sources, without the sources' text held in both of the worker's threads.
 */
import fs from 'node:fs';
import { SourceMapConsumer } from 'source-map';
import { workflowBundleFor } from '../../client/workflow-bundle';

it('maps the bundle back to the workflow source files by line, without embedding their text', async () => {
  const { code } = await workflowBundleFor(require.resolve('../../bench/support/steps-workflow'));
  const at = code.lastIndexOf('//# sourceMappingURL=data:application/json;');
  expect(at).toBeGreaterThan(0);
  const base64 = code.slice(code.indexOf('base64,', at) + 'base64,'.length).trim();
  const map = JSON.parse(Buffer.from(base64, 'base64').toString()) as {
    sources: string[];
    sourcesContent?: unknown;
    mappings: string;
  };
  expect(map.sourcesContent).toBeUndefined();
  const source = map.sources.find((s) => s.endsWith('bench/support/steps-workflow.ts'));
  expect(source).toBeDefined();
  // The workflow function's line in the bundle maps back to its line in the .ts file.
  const line = code.slice(0, at).split('\n').findIndex((l) => l.includes('async function stepsWorkflow(')) + 1;
  expect(line).toBeGreaterThan(0);
  const tsLine = fs.readFileSync(source!, 'utf8').split('\n').findIndex((l) => l.includes('async function stepsWorkflow(')) + 1;
  const consumer = await new SourceMapConsumer(map as never);
  try {
    const found: { source: string | null; line: number | null }[] = [];
    consumer.eachMapping((m) => {
      if (m.generatedLine === line) found.push({ source: m.source, line: m.originalLine });
    });
    expect(found).toContainEqual({ source, line: tsLine });
  } finally {
    consumer.destroy();
  }
}, 120_000);
