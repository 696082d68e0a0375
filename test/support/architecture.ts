/**
 * The floor plan as code: which folder may import which (docs/architecture.md draws the same arrows).
 * `importsOf` reads a file's imports with the TypeScript parser, so a string that merely looks like an
 * import (in a comment or a template) does not count and `import type` is told apart from a value import;
 * `checkFloorPlan` takes the files as data, so a test can feed it a made-up file and watch it fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Repository path of the importing file, with forward slashes. */
  from: string;
  /** What the file wrote. */
  specifier: string;
  /** A repository path for a relative import (resolved against `files`), else the package name. */
  target: string;
  internal: boolean;
  /** Erased at compile time (`import type`, `export type`, or only `type` specifiers): never loaded at run time. */
  typeOnly: boolean;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** The activity contracts: plain interfaces shared by workflows, activities and the transition hooks in domain/. */
export const ACTIVITY_CONTRACTS = ['activities/contracts.ts', 'activities/correspondence/correspondence-contracts.ts'];

const SOURCE_FOLDERS = ['activities', 'api', 'client', 'config', 'db', 'domain', 'signing', 'workflows', 'web/src'];

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (files.has(candidate)) return candidate;
  return base;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import 'x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** Every import, re-export, `import()` and `require()` of one file. */
export function importsOf(file: string, source: string, files: ReadonlySet<string>): ImportEdge[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const internal = specifier.startsWith('.');
    edges.push({ from: file, specifier, target: internal ? resolveRelative(file, specifier, files) : packageName(specifier), internal, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true); // `typeof import('x')` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** Pure domain modules (no I/O, no Node APIs) the web bundle may load: the route designer validates with them. */
const WEB_SHARED_DOMAIN = ['domain/routes/route-model.ts', 'domain/routes/route-schema.ts', 'domain/routes/route-graph.ts'];

const folderOf = (p: string): string => (p.includes('/') ? p.slice(0, p.indexOf('/')) : p);
const under = (p: string, ...folders: string[]): boolean => folders.some((f) => p.startsWith(`${f}/`));
const TEMPORAL_OR_HTTP = (pkg: string): boolean => pkg.startsWith('@temporalio/') || ['express', 'http', 'https', 'node:http', 'node:https'].includes(pkg);

export interface FloorPlan {
  /** Domain modules the workflows may load (they run in the workflow sandbox). */
  workflowSafe: ReadonlySet<string>;
}

/** The rule an import breaks, or undefined. Each rule's text is what a failing test prints. */
export function ruleBroken(edge: ImportEdge, plan: FloorPlan): string | undefined {
  const { from, target, internal, typeOnly } = edge;
  const into = internal ? folderOf(target) : undefined;

  if (under(from, 'domain')) {
    if (plan.workflowSafe.has(from)) {
      if (!internal && !typeOnly) return 'a workflow-safe domain module imports no packages: it runs in the workflow sandbox';
      if (internal && !typeOnly && !plan.workflowSafe.has(target)) return 'a workflow-safe domain module value-imports only other workflow-safe modules';
    }
    if (!internal) return TEMPORAL_OR_HTTP(target) ? 'domain/ has no Temporal, Express or HTTP imports' : undefined;
    if (into === 'activities') return typeOnly && ACTIVITY_CONTRACTS.includes(target) ? undefined : 'domain/ imports from activities/ only `import type` of the activity contracts';
    return ['domain', 'db', 'signing', 'config'].includes(into!) ? undefined : 'domain/ imports only db/, signing/, config/ and domain/';
  }

  if (under(from, 'workflows')) {
    if (!internal) return target === '@temporalio/workflow' || typeOnly ? undefined : 'workflows/ import only @temporalio/workflow among packages';
    if (into === 'workflows' || typeOnly) return undefined;
    if (into === 'domain') return plan.workflowSafe.has(target) ? undefined : 'workflows/ import only the workflow-safe domain modules (domain/workflow-safe.json)';
    return 'workflows/ import only workflows/, workflow-safe domain modules, and `import type`';
  }

  if (under(from, 'db')) {
    if (!internal) return undefined;
    if (under(from, 'db/seed')) {
      return ['db', 'domain', 'signing', 'config'].includes(into!) ? undefined : 'db/seed imports db/, domain/, signing/, config/, never api/ or activities/';
    }
    if (into === 'domain') return plan.workflowSafe.has(target) || typeOnly ? undefined : 'db/ imports from domain/ only its workflow-safe modules (vocabularies such as document statuses)';
    return ['db', 'config', 'signing'].includes(into!) ? undefined : 'db/ imports only db/, config/, signing/ (and workflow-safe domain modules)';
  }

  if (under(from, 'api')) {
    if (internal && into === 'activities') return 'api/ never imports activities/: both stand on domain/';
    return undefined;
  }

  if (under(from, 'activities')) {
    if (internal && into === 'api') return 'activities/ never import api/';
    return undefined;
  }

  if (under(from, 'web')) {
    // The browser bundle: server code may lend its types (the API's zod schemas), never its code — except the
    // pure route modules the designer shares with the API, so a route is checked by one schema, not a copy.
    if (internal && WEB_SHARED_DOMAIN.includes(target)) return undefined;
    return internal && into !== 'web' && !typeOnly ? 'web/ imports from the server only `import type`' : undefined;
  }

  if (under(from, 'config')) return internal && into !== 'config' ? 'config/ imports only config/' : undefined;
  if (under(from, 'signing')) return internal && !['signing', 'config'].includes(into!) ? 'signing/ imports only signing/ and config/' : undefined;
  return undefined;
}

/** Checks every import of the given files (repository path → source text). */
export function checkFloorPlan(sources: ReadonlyMap<string, string>, plan: FloorPlan): Violation[] {
  const files = new Set(sources.keys());
  const violations: Violation[] = [];
  for (const [file, source] of sources) {
    for (const edge of importsOf(file, source, files)) {
      const rule = ruleBroken(edge, plan);
      if (rule) violations.push({ file, specifier: edge.specifier, rule });
    }
  }
  return violations;
}

/** The repository's production sources (tests, benches and scripts may import anything). */
export function readRepositorySources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) sources.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
    }
  };
  for (const folder of SOURCE_FOLDERS) if (fs.existsSync(path.join(root, folder))) walk(folder);
  sources.set('worker.ts', fs.readFileSync(path.join(root, 'worker.ts'), 'utf8'));
  return sources;
}

export function readWorkflowSafeList(root: string): Set<string> {
  const list = JSON.parse(fs.readFileSync(path.join(root, 'domain/workflow-safe.json'), 'utf8')) as { files: string[] };
  return new Set(list.files);
}
