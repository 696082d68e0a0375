/**
 * The OpenAPI document is the whole truth about the API: every Express route is in it (and nothing else
 * is), it is valid OpenAPI 3.1, real responses match the schemas it declares, and /api/docs renders it from
 * files this process serves.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let token: string;
let spec: OpenApiDocument;

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.addPeople([{ id: 'writer' }]);
  token = await sys.tokenFor('writer');
  spec = (await sys.http.get('/api/openapi.json').expect(200)).body as OpenApiDocument;
});
afterAll(async () => {
  await sys?.stop();
});

// ---------------------------------------------------------------- every route is described

interface Layer {
  rawPath?: string;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route in an Express 5 router tree, as "METHOD /path", with the prefixes of the routers it sits in. */
function expressRoutes(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') throw new Error(`a route with a non-string path cannot be checked: ${String(layer.route.path)}`);
      for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack) {
      out.push(...expressRoutes(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '')));
    }
  }
  return out;
}

const toOpenApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');

describe('every route is described', () => {
  it('lists the same routes in Express and in the registry, each once', () => {
    const router = (sys.app.app as unknown as { router: { stack: Layer[] } }).router;
    const mounted = expressRoutes(router.stack).sort();
    const documented = sys.app.registry.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(mounted.filter((r) => r.includes(' /api/')).length).toBeGreaterThan(40);
    expect(mounted.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !mounted.includes(r))).toEqual([]);
    expect(documented.filter((r, i) => documented.indexOf(r) !== i)).toEqual([]);
  });

  it('puts every registered route into the served document, with its path parameters declared', () => {
    const missing: string[] = [];
    const undeclared: string[] = [];
    for (const r of sys.app.registry.routes) {
      const operation = spec.paths[toOpenApiPath(r.path)]?.[r.method];
      if (!operation) {
        missing.push(`${r.method} ${r.path}`);
        continue;
      }
      for (const [, name] of r.path.matchAll(/:([A-Za-z_]+)/g)) {
        if (!operation.parameters?.some((p) => p.in === 'path' && p.name === name)) undeclared.push(`${r.method} ${r.path} :${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(undeclared).toEqual([]);
    const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBe(sys.app.registry.routes.length);
  });
});

// ---------------------------------------------------------------- the document is valid OpenAPI 3.1

describe('the document is valid OpenAPI 3.1', () => {
  it('passes the OpenAPI 3.1 schema validator', async () => {
    // The validator is an ES module; its CLI runs it in a child process, outside Jest's CommonJS runtime.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-openapi-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [cli, file]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const verdict = JSON.parse(stdout) as { valid: boolean; errors?: unknown };
      expect(verdict).toEqual({ valid: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(spec.openapi).toBe('3.1.0');
  });

  it('refuses a broken document (the validator is really checking)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-openapi-'));
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ ...spec, paths: { '/api/x': { get: { responses: 'none' } } } }));
    const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
    try {
      const outcome = await promisify(execFile)(process.execPath, [cli, file]).then(
        () => 'accepted',
        () => 'refused',
      );
      expect(outcome).toBe('refused');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------- responses match their schemas

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** Points component references at `$defs` of one self-contained schema ajv can compile. */
function withComponents(schema: unknown): object {
  const rewrite = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(rewrite)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/$defs/') : rewrite(x)]))
        : v;
  return { ...(rewrite(schema) as object), $defs: rewrite(spec.components?.schemas ?? {}) as object };
}

/** The response must be one the document declares for this operation, in its content type and schema. */
function expectDeclared(res: Response, method: string, expressPath: string): void {
  const operation = spec.paths[toOpenApiPath(expressPath)]?.[method];
  expect(operation).toBeDefined();
  const declared = operation!.responses[String(res.status)];
  expect({ status: res.status, declared: !!declared }).toEqual({ status: res.status, declared: true });
  const [contentType, media] = Object.entries(declared.content ?? {})[0] ?? [];
  if (!contentType) return;
  expect(res.headers['content-type']).toContain(contentType);
  const validate = ajv.compile(withComponents(media.schema));
  const ok = validate(res.body);
  expect({ path: `${method} ${expressPath} ${res.status}`, errors: ok ? null : validate.errors }).toEqual({ path: `${method} ${expressPath} ${res.status}`, errors: null });
}

describe('responses match their declared schemas', () => {
  const auth = () => ({ Authorization: `Bearer ${token}` });

  it('documents, search, inbox, health and the document itself', async () => {
    const created = await sys.http.post('/api/documents').set(auth()).send({ type: 'internal-memo', title: 'Кеңсе тауарлары туралы', summary: 'Қағаз бен қалам' });
    expectDeclared(created, 'post', '/api/documents');
    const id = created.body.id as string;
    expectDeclared(await sys.http.get(`/api/documents/${id}`).set(auth()), 'get', '/api/documents/:id');

    const found = await sys.http.get('/api/search?q=кеңсе').set(auth());
    expect(found.body.total).toBe(1);
    expectDeclared(found, 'get', '/api/search');
    expectDeclared(await sys.http.get('/api/search/advanced?status=draft&sort=title').set(auth()), 'get', '/api/search/advanced');
    expectDeclared(await sys.http.get('/api/inbox?view=drafts').set(auth()), 'get', '/api/inbox');
    expectDeclared(await sys.http.get('/api/inbox/counts').set(auth()), 'get', '/api/inbox/counts');
    expectDeclared(await sys.http.get('/api/me').set(auth()), 'get', '/api/me');
    expectDeclared(await sys.http.get('/healthz'), 'get', '/healthz');
    expectDeclared(await sys.http.get('/api/openapi.json'), 'get', '/api/openapi.json');
  });

  it('errors: problem+json for invalid input and for anonymous callers', async () => {
    expectDeclared(await sys.http.get('/api/search?q=%20--').set(auth()), 'get', '/api/search');
    expectDeclared(await sys.http.get('/api/search/advanced?numberFrom=0').set(auth()), 'get', '/api/search/advanced');
    expectDeclared(await sys.http.get('/api/search?q=x'), 'get', '/api/search');
    expectDeclared(await sys.http.post('/api/documents').set(auth()).send({ title: 'no type' }), 'post', '/api/documents');
  });

  it('catches a response that does not match (the check is real)', () => {
    const validate = ajv.compile(withComponents(spec.paths['/api/search'].get.responses['200'].content!['application/json'].schema));
    expect(validate({ q: 'x', terms: [], page: 1, pageSize: 20, total: '3', truncated: false, items: [] })).toBe(false);
  });
});

// ---------------------------------------------------------------- interactive docs, offline

describe('/api/docs', () => {
  it('serves a page whose renderer and styles come from this server, not a CDN', async () => {
    const page = await sys.http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    expect(assets.filter((a) => !a.startsWith('/api/docs/assets/'))).toEqual([]);
    for (const asset of assets) {
      const res = await sys.http.get(asset).expect(200);
      expect(Number(res.headers['content-length'] ?? res.body?.length ?? 0)).toBeGreaterThan(0);
    }
    expect(page.text).toContain("url: '/api/openapi.json'");
  });

  it('serves nothing else from the package', async () => {
    const res = await sys.http.get('/api/docs/assets/swagger-initializer.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
