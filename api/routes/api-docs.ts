/**
 * GET /api/docs: interactive API documentation (Swagger UI) over /api/openapi.json. The renderer's files come
 * from the `swagger-ui-dist` npm package and are served by this process: installations are often offline,
 * so nothing is loaded from a CDN.
 */
import path from 'node:path';
import express, { type Router } from 'express';
import type { RouteKit } from '../route-kit';
import { z } from '../../domain/zod';

export const API_DOCS_ASSETS = '/api/docs/assets';

/** Only what the page loads: the package also ships a demo page and initializer pointing at the Petstore. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png']);

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Qujat API</title>
  <link rel="icon" type="image/png" href="${API_DOCS_ASSETS}/favicon-32x32.png" sizes="32x32">
  <link rel="stylesheet" href="${API_DOCS_ASSETS}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${API_DOCS_ASSETS}/swagger-ui-bundle.js"></script>
  <script src="${API_DOCS_ASSETS}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/api/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      // "Authorize" once with a session token; it survives reloads of this page.
      persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
    });
  </script>
</body>
</html>
`;

export function mountApiDocsRoutes(route: RouteKit, router: Router): void {
  const serve = express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1d' });
  // Middleware, not a route: static files of the page, not part of the API the OpenAPI document describes.
  router.use(API_DOCS_ASSETS, (req, res, next) => (ASSETS.has(req.path.slice(1)) ? serve(req, res, next) : next()));

  route(
    {
      method: 'get',
      path: '/api/docs',
      summary: 'Interactive documentation of this API (Swagger UI over /api/openapi.json)',
      tags: ['system'],
      response: { description: 'The documentation page', schema: z.string(), contentType: 'text/html' },
    },
    async ({ res }) => {
      res.type('html').send(page);
      return undefined;
    },
  );
}
