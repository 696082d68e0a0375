/** /api/routes (designers) and /api/document-types: routes as versioned data. */
import type { RouteKit } from '../route-kit';
import type { RouteService } from '../services/route-service';
import { routeDefinitionSchema } from '../../domain/routes/route-schema';
import { z } from '../../domain/zod';
import { documentTypeView } from '../services/document-schemas';

const DESIGNERS = ['designer'] as const;
const key = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'lowercase letters, digits and "-"');
const keyParams = z.object({ key });
const versionParams = z.object({ key, version: z.coerce.number().int().min(1) });
const anyJson = z.record(z.unknown()).openapi({ description: 'A route definition (see RouteDefinition); validated with precise error paths.' });

const routeSummary = z.object({ key: z.string(), title: z.object({ kk: z.string(), ru: z.string() }).optional(), latestVersion: z.number().nullable(), draftUpdatedAt: z.string().optional() });
const routeDetail = z
  .object({ key: z.string(), draft: routeDefinitionSchema.nullable(), versions: z.array(z.object({ version: z.number(), publishedAt: z.string(), publishedBy: z.string() })) })
  .openapi('RouteDetail');
const routeVersion = z.object({ key: z.string(), version: z.number(), definition: routeDefinitionSchema, publishedAt: z.string(), publishedBy: z.string() }).openapi('RouteVersion');
const dryRunResult = z
  .object({
    key: z.string(),
    stages: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        participants: z.array(z.string()),
        acknowledgers: z.array(z.string()),
        deadline: z.unknown(),
        problems: z.array(z.string()),
        problemCodes: z.array(z.enum(['nobody', 'author-only-approver', 'author-skipped'])).openapi({ description: 'The same findings as codes, in the order of problems' }),
      }),
    ),
  })
  .openapi('RouteDryRun');

const runningDocuments = z
  .object({
    key: z.string(),
    latestVersion: z.number().nullable(),
    running: z.number().openapi({ description: 'Documents on this route not yet executed, on any version' }),
    onOlderVersions: z.number().openapi({ description: 'Of those, the ones pinned to a version older than the latest' }),
    documents: z.array(
      z.object({ id: z.string(), title: z.string(), status: z.string(), version: z.number(), number: z.string().nullable(), createdAt: z.string().nullable() }),
    ).openapi({ description: 'The documents on older versions (at most 500), oldest version first' }),
  })
  .openapi('RouteRunningDocuments');

export function mountRouteDesignRoutes(route: RouteKit, routes: RouteService): void {
  route(
    { method: 'get', path: '/api/routes', summary: 'Routes with their latest published version', tags: ['routes'], roles: DESIGNERS, response: { description: 'Routes', schema: z.array(routeSummary) } },
    async () => routes.list(),
  );
  route(
    { method: 'get', path: '/api/routes/:key', summary: 'A route: its draft and published versions', tags: ['routes'], roles: DESIGNERS, params: keyParams, response: { description: 'The route', schema: routeDetail } },
    async ({ params }) => routes.get(params.key),
  );
  route(
    { method: 'get', path: '/api/routes/:key/versions/:version', summary: 'One immutable published version', tags: ['routes'], roles: DESIGNERS, params: versionParams, response: { description: 'The version', schema: routeVersion } },
    async ({ params }) => routes.getVersion(params.key, params.version),
  );
  route(
    { method: 'put', path: '/api/routes/:key/draft', summary: 'Save the draft (refused with the path of every mistake)', tags: ['routes'], roles: DESIGNERS, params: keyParams, body: anyJson, response: { description: 'The route after saving', schema: routeDetail } },
    async ({ params, body, actor }) => routes.saveDraft(params.key, body, actor.employeeId),
  );
  route(
    { method: 'post', path: '/api/routes/validate', summary: 'Validate a definition without saving it', tags: ['routes'], roles: DESIGNERS, body: anyJson, response: { description: 'The definition is valid', schema: routeDefinitionSchema } },
    async ({ body }) => routes.validate(body),
  );
  route(
    {
      method: 'post',
      path: '/api/routes/dry-run',
      summary: 'Who would be asked at each stage, for a sample document',
      tags: ['routes'],
      roles: DESIGNERS,
      body: z.object({ definition: anyJson, sample: z.object({ authorId: z.string().min(1), participants: z.record(z.union([z.string(), z.array(z.string())])).default({}) }).strict() }).strict(),
      response: { description: 'Participants per stage', schema: dryRunResult },
    },
    async ({ body }) => routes.dryRun(body.definition, body.sample),
  );
  route(
    { method: 'post', path: '/api/routes/:key/publish', summary: 'Publish the draft as the next immutable version (new documents only)', tags: ['routes'], roles: DESIGNERS, params: keyParams, response: { status: 201, description: 'The published version', schema: routeVersion } },
    async ({ params, actor }) => routes.publish(params.key, actor.employeeId),
  );
  route(
    {
      method: 'get',
      path: '/api/routes/:key/running-documents',
      summary: 'Running documents that stay on an older version of the route',
      tags: ['routes'],
      roles: DESIGNERS,
      params: keyParams,
      response: { description: 'Running documents by version', schema: runningDocuments },
    },
    async ({ params }) => routes.runningDocuments(params.key),
  );
  route(
    { method: 'get', path: '/api/document-types', summary: 'Document types and the routes they follow', tags: ['routes'], roles: [], response: { description: 'Types', schema: z.array(documentTypeView) } },
    async () => routes.listDocumentTypes(),
  );
  route(
    {
      method: 'put',
      path: '/api/document-types/:id',
      summary: 'Bind a document type to a route',
      tags: ['routes'],
      roles: DESIGNERS,
      params: z.object({ id: key }),
      body: z.object({ title: z.object({ kk: z.string().min(1).max(200), ru: z.string().min(1).max(200) }).strict(), routeKey: key }).strict(),
      response: { description: 'The binding', schema: documentTypeView },
    },
    async ({ params, body }) => routes.bindDocumentType(params.id, body),
  );
}
