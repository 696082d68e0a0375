/**
 * The Express application (no listen): middleware, routes, the OpenAPI document, the error handler.
 * Everything it needs is injected, so tests build it against their own database and Temporal.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../config';
import type { Logger } from '../config/logger';
import type { Models } from '../db/models';
import type { AuditChain } from '../activities/audit/audit-chain';
import { createParticipantResolver } from '../activities/documents/participant-resolver';
import { authenticate } from './middleware/authenticate';
import { errorHandler } from './middleware/error-handler';
import { createApiRegistry } from './openapi/registry';
import { problems } from './problem';
import { clientAddress } from './request-context';
import { createRouteKit } from './route-kit';
import { mountDocumentRoutes } from './routes/documents';
import { mountHealthRoutes } from './routes/health';
import { mountInboxRoutes } from './routes/inbox';
import { mountOpenApiRoutes } from './routes/openapi';
import { mountRouteDesignRoutes } from './routes/routes';
import { createDocumentService } from './services/document-service';
import { createRouteService } from './services/route-service';
import { createSessionService } from './services/session-service';
import { createSubstitutionService } from './services/substitution-service';

export interface ApiDeps {
  config: Pick<AppConfig, 'temporal'>;
  db: Connection;
  models: Models;
  temporal: Client;
  audit: AuditChain;
  logger: Logger;
}

export function createApp(deps: ApiDeps) {
  const { models, logger, audit } = deps;
  const app = express();
  app.disable('x-powered-by');

  const substitutions = createSubstitutionService(models);
  const sessions = createSessionService(models);
  const routes = createRouteService({ models, participants: createParticipantResolver(models) });
  const documents = createDocumentService({ models, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, substitutions });

  /** Every refusal is an audit event and a log line: who, what, from where, why. */
  async function onRefused(req: Request, reason: string): Promise<void> {
    logger.warn({ actor: req.actor?.employeeId, method: req.method, url: req.originalUrl, reason }, 'request refused');
    await audit.append([
      {
        eventKey: `refusal:${randomUUID()}`,
        type: 'access.refused',
        at: new Date(),
        actorId: req.actor?.employeeId,
        role: req.actor?.roles.join(','),
        source: clientAddress(req),
        data: { method: req.method, path: req.originalUrl, reason },
      },
    ]);
  }

  app.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(authenticate(models));

  const router = express.Router();
  const registry = createApiRegistry();
  const route = createRouteKit(router, { registry });
  mountHealthRoutes(route, { temporal: deps.temporal, db: deps.db });
  mountDocumentRoutes(route, documents);
  mountInboxRoutes(route, { models, substitutions });
  mountRouteDesignRoutes(route, routes);
  mountOpenApiRoutes(route, registry);
  app.use(router);

  app.use('/api', () => {
    throw problems.notFound('This API path');
  });
  app.use(errorHandler(logger, onRefused));
  return { app, registry, services: { documents, sessions, substitutions, routes } };
}

export type QujatApp = ReturnType<typeof createApp>;
