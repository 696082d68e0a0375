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
import type { AuditChain } from '../domain/audit/audit-chain';
import { createParticipantResolver } from '../domain/documents/participant-resolver';
import type { EdsPort } from './auth/eds-port';
import { authenticate } from './middleware/authenticate';
import { prefetchCard } from './middleware/card-prefetch';
import { agreementGuard } from './middleware/require-agreement';
import { errorHandler } from './middleware/error-handler';
import { drainRequestBody } from './middleware/drain-request-body';
import { rejectInvalidUtf8, securityMiddleware } from './middleware/security';
import { createApiRegistry } from './openapi/registry';
import { scanLogEnabled, scanLogMiddleware } from '../db/query-scan-log';
import { problems } from './problem';
import { clientAddress } from './request-context';
import { createPeopleAndAccess, mountPeopleAndAccessRoutes } from './people-and-access';
import { createRouteKit } from './route-kit';
import { mountCalendarRoutes } from './routes/calendar';
import { mountTrainingMinutesRoutes } from './routes/training-minutes';
import { mountAdminRequestRoutes } from './routes/admin-requests';
import { mountDocumentRoutes } from './routes/documents';
import { mountHealthRoutes } from './routes/health';
import { mountInboxRoutes } from './routes/inbox';
import { mountOpenApiRoutes } from './routes/openapi';
import { mountApiDocsRoutes } from './routes/api-docs';
import { mountSearchRoutes } from './routes/search';
import { mountRegistryOfficeRoutes } from './routes/registry-office';
import { mountRouteDesignRoutes } from './routes/routes';
import { mountWebUi } from './routes/web-ui';
import { mountSignatureRoutes } from './routes/signatures';
import { mountExchangeRoutes } from './routes/exchange';
import { createExchangeService } from './services/exchange-service';
import type { ExchangeVerifier } from '../domain/exchange/exchange-crypto';
import { createCalendarService } from './services/calendar-service';
import { createDisciplineReport } from './services/discipline-report';
import { createDocumentService } from './services/document-service';
import { createRouteService } from './services/route-service';
import { createSearchService } from './services/search-service';
import { createSessionService } from './services/session-service';
import { createSignatureService } from './services/signature-service';
import { createSubstitutionService } from './services/substitution-service';
import { mountRecordRoutes } from './routes/records';
import { createCardService } from './services/card-service';
import { createExecutionFilesService } from './services/execution-files-service';
import { mountFormRoutes, mountNomenclatureRoutes } from './routes/nomenclature';
import { createFormsService } from './services/forms-service';
import { mountRecordsReportRoutes } from './routes/records-reports';
import { createRecordsReportService } from './services/records-report-service';
import { createNomenclatureService } from './services/nomenclature-service';
import { mountNotificationRoutes } from './routes/notifications';
import { mountArchiveCheckRoutes, mountArchiveRoutes, mountDestructionRoutes } from './routes/archive';
import { createArchiveCheckService } from './services/archive-check-service';
import { createDestructionService } from './services/destruction-service';
import { createArchiveService } from './services/archive-service';
import { createNotificationService } from './services/notification-service';
import { createNotificationStream } from './services/notification-stream';
import { mountInformationRequestRoutes } from './routes/information-requests';
import { createInformationRequestService } from './services/information-request-service';
import { createAuditRecorder } from './services/audit-recorder';
import type { OrgSigner } from '../domain/exchange/exchange-crypto';
import { createReadLog } from './services/read-log-service';
import { mountReadLogRoutes } from './services/read-log-routes';
import { createIncidentService } from './services/incident-service';
import { createMaintenanceService } from './services/maintenance-service';
import { mountOversightRoutes } from './services/oversight-routes';

export interface ApiDeps {
  config: Pick<AppConfig, 'temporal'>;
  db: Connection;
  models: Models;
  temporal: Client;
  audit: AuditChain;
  logger: Logger;
  /** EDS sign-in and signed consent (api/auth/eds-setup); without it those endpoints answer 503. */
  eds?: EdsPort;
  /** How long an action's answer waits for its consequences before answering 202 (document-service). */
  actionAnswerWaitMs?: number;
  /** Electronic exchange with other organisations (docs/exchange.md); without it /exchange/v1 answers 503. */
  exchange?: { verify: ExchangeVerifier };
  /** Information requests (docs/information-requests.md): the organisation key that signs automatic answers and prosecutor's exports. */
  informationRequests?: { signer?: OrgSigner };
}

export function createApp(deps: ApiDeps) {
  const { models, logger, audit } = deps;
  const app = express();
  app.disable('x-powered-by');

  const substitutions = createSubstitutionService(models);
  const sessions = createSessionService(models);
  const routes = createRouteService({ models, participants: createParticipantResolver(models) });
  const documents = createDocumentService({ models, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, substitutions, actionAnswerWaitMs: deps.actionAnswerWaitMs });
  // Sign-in, agreement, organisation, substitutes, transfer of cases, access applications, audit (docs/people-and-access.md).
  const people = createPeopleAndAccess({ models, temporal: deps.temporal, audit, sessions, substitutions, documents, eds: deps.eds });

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

  if (scanLogEnabled()) app.use(scanLogMiddleware()); // QUJAT_LOG_SCANS=1: attribute full-collection scans to routes
  app.use(drainRequestBody()); // first: every answer, even a refusal, reaches a client still uploading
  app.use(securityMiddleware());
  // Envelopes carry the document with its files (up to 60 MB, seed-003 §7), base64-encoded.
  app.use('/exchange/v1', express.json({ limit: '90mb', strict: true, verify: rejectInvalidUtf8 }));
  app.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'], verify: rejectInvalidUtf8 }));
  // Reads of documents and searches are logged (docs/oversight.md): queued here, written in batches off the request path.
  const readLog = createReadLog(models, { logger });
  app.use(readLog.middleware());
  // After the body parsers: their callbacks would run outside the request's store of the card being read.
  app.use(prefetchCard(documents.readCard));
  app.use(authenticate(models));

  const router = express.Router();
  const registry = createApiRegistry();
  const route = createRouteKit(router, { registry, guard: agreementGuard(people.agreements.sessionHasAccepted), documentGate: documents.loadVisible });
  mountHealthRoutes(route, { temporal: deps.temporal, db: deps.db });
  // Journals, attachments, correspondence and generated letters (docs/registry-office.md).
  const registryOffice = mountRegistryOfficeRoutes(route, { models, db: deps.db, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, audit, documents });
  // Card edits and links (records): the create of a reply links it to the document it answers.
  const cards = createCardService({ models, documents, audit, store: registryOffice.attachmentStore });
  mountDocumentRoutes(route, documents, { replyTarget: (actor, id) => cards.numberAndDate(actor, id, 'body.inReplyTo'), linkReply: (actor, id, target) => cards.addLink(actor, id, { kind: 'in-reply-to', documentId: target }) });
  mountRecordRoutes(route, cards, createExecutionFilesService({ models, store: registryOffice.attachmentStore, documents, audit }));
  const nomenclature = createNomenclatureService({ models, documents, audit });
  mountNomenclatureRoutes(route, nomenclature);
  const forms = createFormsService({ models, documents, nomenclature });
  mountFormRoutes(route, forms);
  // The archive of closed files and legal holds (docs/records.md).
  const archive = createArchiveService({ models, documents, nomenclature, store: registryOffice.attachmentStore, audit });
  mountArchiveRoutes(route, archive);
  mountDestructionRoutes(route, createDestructionService({ models, documents, forms, audit }));
  mountArchiveCheckRoutes(route, createArchiveCheckService({ models, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, audit }));
  mountRecordsReportRoutes(route, createRecordsReportService({ models }));
  mountInboxRoutes(route, { models, substitutions });
  // Training minutes recorded against an EDMS change notification (002 §11).
  mountTrainingMinutesRoutes(route, { models, audit, loadVisible: documents.loadVisible });
  // Requests to the system administrator raised from a memo's execution (002 §§7–9).
  mountAdminRequestRoutes(route, { models, audit, store: registryOffice.attachmentStore, substitutions, loadVisible: documents.loadVisible });
  mountRouteDesignRoutes(route, routes);
  mountSignatureRoutes(route, createSignatureService({ models, documents }));
  mountCalendarRoutes(route, { calendar: createCalendarService({ models, temporal: deps.temporal }), discipline: createDisciplineReport(models) });
  mountPeopleAndAccessRoutes(route, people, { models, substitutions });
  // Global and advanced search (docs/search.md); on the embedded database from an in-memory index.
  const search = createSearchService({ models, substitutions, onIndexError: (err) => logger.error({ err }, 'search index did not load; searching the database') });
  mountSearchRoutes(route, search);
  // Electronic exchange with other organisations (docs/exchange.md).
  const exchange = createExchangeService({ models, db: deps.db, audit, documents, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, verify: deps.exchange?.verify });
  mountExchangeRoutes(route, exchange);
  // Notifications: my list, unread count, read marks, channels per kind, the live stream (docs/notifications.md).
  const notifications = createNotificationService({ models });
  const notificationStream = createNotificationStream({ models, unreadCounts: notifications.unreadCounts }, { onError: (err) => logger.error({ err }, 'notification stream poll failed') });
  mountNotificationRoutes(route, { notifications, stream: notificationStream });
  // Information requests between bodies, their log journal and oversight (docs/information-requests.md).
  const informationRequests = createInformationRequestService({
    models, db: deps.db, record: createAuditRecorder(audit), eds: deps.eds, signer: deps.informationRequests?.signer,
    // Services provided by another organisation travel as envelopes: the delivery runs on the exchange's workflow.
    exchange: { temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue },
    blockAccount: (caller, employeeId, reason) => people.org.block(caller, employeeId, reason),
  });
  mountInformationRequestRoutes(route, informationRequests);
  // Oversight: the read log (docs/oversight.md).
  mountReadLogRoutes(route, { readLog, loadVisible: documents.loadVisible });
  // Incidents (the emergency journal) and announced maintenance windows.
  const maintenance = createMaintenanceService({ models, audit });
  mountOversightRoutes(route, { incidents: createIncidentService({ models, audit }), maintenance });
  mountOpenApiRoutes(route, registry);
  mountApiDocsRoutes(route, router);
  app.use(router);
  mountWebUi(app); // the staff web UI at / (web/dist), SPA fallback outside /api

  app.use('/api', () => {
    throw problems.notFound('This API path');
  });
  app.use(errorHandler(logger, onRefused));
  return { app, registry, services: { documents, cards, nomenclature, sessions, substitutions, routes, search, exchange, ...registryOffice, ...people, notifications, notificationStream, readLog, maintenance, informationRequests } };
}

export type QujatApp = ReturnType<typeof createApp>;
