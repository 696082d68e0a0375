/**
 * The folder arrows of docs/architecture.md, checked on every run so the floor plan cannot decay silently.
 * The second half feeds the checker one forbidden import at a time to show that it does fail.
 */
import path from 'node:path';
import { checkFloorPlan, importsOf, readRepositorySources, readWorkflowSafeList, type FloorPlan } from '../support/architecture';

const root = path.resolve(__dirname, '../..');
const sources = readRepositorySources(root);
const plan: FloorPlan = { workflowSafe: readWorkflowSafeList(root) };

/** The repository with one file changed (or added). */
function withFile(file: string, source: string): Map<string, string> {
  const changed = new Map(sources);
  changed.set(file, source);
  return changed;
}
const appended = (file: string, line: string) => withFile(file, `${line}\n${sources.get(file)!}`);

describe('the floor plan of the repository', () => {
  it('has no import against the arrows', () => {
    expect(checkFloorPlan(sources, plan)).toEqual([]);
  });

  it('is read from the real sources (the scan is not empty)', () => {
    const files = new Set(sources.keys());
    expect(files.has('domain/audit/audit-chain.ts')).toBe(true);
    expect(files.has('api/app.ts')).toBe(true);
    const appImports = importsOf('api/app.ts', sources.get('api/app.ts')!, files);
    expect(appImports).toContainEqual(expect.objectContaining({ target: 'domain/documents/participant-resolver.ts', internal: true, typeOnly: false }));
    expect(appImports).toContainEqual(expect.objectContaining({ target: 'domain/audit/audit-chain.ts', typeOnly: true }));
    expect(appImports).toContainEqual(expect.objectContaining({ target: 'express', internal: false }));
    // The web client's API types come from the API's zod schemas.
    const webTypes = importsOf('web/src/api/types.ts', sources.get('web/src/api/types.ts')!, files);
    expect(webTypes).toContainEqual(expect.objectContaining({ target: 'api/services/document-schemas.ts', typeOnly: true }));
  });

  it('lists in domain/workflow-safe.json every domain module the workflows load', () => {
    const files = new Set(sources.keys());
    const reached = new Set<string>();
    const queue = [...files].filter((f) => f.startsWith('workflows/'));
    while (queue.length) {
      const file = queue.pop()!;
      for (const edge of importsOf(file, sources.get(file)!, files)) {
        if (!edge.internal || edge.typeOnly || reached.has(edge.target)) continue;
        reached.add(edge.target);
        queue.push(edge.target);
      }
    }
    const reachedDomain = [...reached].filter((f) => f.startsWith('domain/'));
    expect(reachedDomain).toContain('domain/documents/document-machine/index.ts');
    expect(reachedDomain.filter((f) => !plan.workflowSafe.has(f))).toEqual([]);
    // The list names real files (a renamed module must be renamed here too, or eslint stops guarding it).
    expect([...plan.workflowSafe].filter((f) => !files.has(f))).toEqual([]);
  });
});

describe('the checker fails when one forbidden import is added', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['api imports an activity module', 'api/app.ts', "import { createActivities } from '../activities';", /api\/ never imports activities/],
    ['api imports an activity type', 'api/app.ts', "import type { DocumentActivities } from '../activities/contracts';", /api\/ never imports activities/],
    ['domain imports Temporal', 'domain/search/tokenizer.ts', "import { ApplicationFailure } from '@temporalio/common';", /no Temporal, Express or HTTP/],
    ['domain imports Express', 'domain/audit/audit-chain.ts', "import type { Request } from 'express';", /no Temporal, Express or HTTP/],
    ['domain imports api', 'domain/audit/audit-chain.ts', "import { problems } from '../../api/problem';", /domain\/ imports only db\/, signing\/, config\/ and domain\//],
    ['domain value-imports an activity', 'domain/journals/journal-numbering.ts', "import { createActivities } from '../../activities';", /only `import type` of the activity contracts/],
    ['domain type-imports an activity implementation', 'domain/journals/journal-numbering.ts', "import type { ActivityDeps } from '../../activities';", /only `import type` of the activity contracts/],
    ['a workflow imports a non-sandbox domain module', 'workflows/document-workflow.ts', "import { queryTerms } from '../domain/search/tokenizer';", /workflow-safe domain modules/],
    ['a workflow imports mongoose', 'workflows/document-workflow.ts', "import mongoose from 'mongoose';", /only @temporalio\/workflow/],
    ['a workflow value-imports an activity', 'workflows/document-workflow.ts', "import { createActivities } from '../activities';", /workflows\/ import only workflows\//],
    ['a workflow-safe domain module imports a package', 'domain/routes/route-model.ts', "import { createHash } from 'node:crypto';", /imports no packages/],
    ['a workflow-safe domain module imports the rest of domain/', 'domain/documents/document-state.ts', "import { canonicalJson } from '../audit/canonical-json';", /only other workflow-safe modules/],
    ['the seed imports the API', 'db/seed/demo-org.ts', "import { problems } from '../../api/problem';", /db\/seed imports db\/, domain\//],
    ['the seed imports an activity', 'db/seed/journals.ts', "import { createActivities } from '../../activities';", /never api\/ or activities\//],
    ['a model imports the domain beyond its vocabularies', 'db/models/document.ts', "import { documentCaption } from '../../domain/journals/document-caption';", /only its workflow-safe modules/],
    ['the web bundle value-imports server code', 'web/src/api/types.ts', "import { documentView } from '../../../api/services/document-schemas';", /web\/ imports from the server only `import type`/],
    ['the web bundle value-imports a domain module it does not share', 'web/src/designer/route-canvas.tsx', "import { resolveStage } from '../../../domain/documents/document-machine/stages';", /web\/ imports from the server only `import type`/],
    ['config imports the domain', 'config/index.ts', "import { GENESIS_HASH } from '../domain/audit/audit-chain';", /config\/ imports only config\//],
  ];

  it.each(cases)('%s', (_name, file, line, rule) => {
    const violations = checkFloorPlan(appended(file, line), plan);
    expect(violations).toHaveLength(1);
    expect(violations[0].file).toBe(file);
    expect(violations[0].rule).toMatch(rule);
  });

  it('catches require() and import() too, and a new file as well as a changed one', () => {
    const violations = checkFloorPlan(
      withFile('api/services/new-service.ts', "export const load = () => import('../../activities');\nconst x = require('../../activities/index');\nexport default x;\n"),
      plan,
    );
    expect(violations.map((v) => v.specifier)).toEqual(['../../activities', '../../activities/index']);
  });

  it('lets the web bundle load the route modules it shares with the API (one schema for both)', () => {
    expect(checkFloorPlan(appended('web/src/app.tsx', "import { routeDefinitionSchema } from '../../domain/routes/route-schema';"), plan)).toEqual([]);
  });

  it('lets the domain import the activity contracts as types, and ignores import-like text in comments', () => {
    expect(checkFloorPlan(appended('domain/audit/audit-chain.ts', "import type { RecordTransitionInput } from '../../activities/contracts';"), plan)).toEqual([]);
    expect(checkFloorPlan(appended('domain/audit/audit-chain.ts', "// import { createActivities } from '../../activities';"), plan)).toEqual([]);
  });
});
