/**
 * People and access (docs/people-and-access.md) in one place for app.ts: the services for sign-in, the agreement, the
 * organisation, substitutes, the transfer of cases, access applications and the audit trail, and the routes
 * that expose them. app.ts creates these once and mounts them.
 */
import type { Client } from '@temporalio/client';
import type { AuditChain } from '../domain/audit/audit-chain';
import type { Models } from '../db/models';
import type { EdsPort } from './auth/eds-port';
import type { RouteKit } from './route-kit';
import { mountAccessApplicationRoutes } from './routes/access-applications';
import { mountAuditRoutes } from './routes/audit';
import { mountAuthRoutes } from './routes/auth';
import { mountMeRoutes } from './routes/me';
import { mountOrgRoutes } from './routes/org';
import { mountSubstitutionRoutes } from './routes/substitutions';
import { createAccessApplicationService } from './services/access-application-service';
import { createAgreementService } from './services/agreement-service';
import { createAuditRecorder } from './services/audit-recorder';
import { createAuditService } from './services/audit-service';
import { createAuthService } from './services/auth-service';
import { createDocumentHistoryService } from './services/document-history-service';
import type { DocumentService } from './services/document-service';
import { createOrgService } from './services/org-service';
import type { SessionService } from './services/session-service';
import { createSubstitutionManagement } from './services/substitution-management';
import type { SubstitutionService } from './services/substitution-service';
import { createTransferService } from './services/transfer-service';

export interface PeopleAndAccessDeps {
  models: Models;
  temporal: Client;
  audit: AuditChain;
  sessions: SessionService;
  substitutions: SubstitutionService;
  documents: DocumentService;
  /** EDS sign-in and signed consent; without it those answer 503 (see auth/eds-setup). */
  eds?: EdsPort;
}

export function createPeopleAndAccess(deps: PeopleAndAccessDeps) {
  const { models, temporal, audit, sessions } = deps;
  const record = createAuditRecorder(audit);
  const agreements = createAgreementService({ models, record, eds: deps.eds });
  const auth = createAuthService({ models, sessions, record, eds: deps.eds });
  const org = createOrgService({ models, sessions, record });
  const substitutionManagement = createSubstitutionManagement({ models, record });
  const transfers = createTransferService({ models, temporal, sessions, substitutions: substitutionManagement, record });
  const accessApplications = createAccessApplicationService({ models, documents: deps.documents, org, substitutions: substitutionManagement });
  const auditService = createAuditService({ models, audit });
  const history = createDocumentHistoryService({ models, temporal, documents: deps.documents });
  return { agreements, auth, org, substitutionManagement, transfers, accessApplications, auditService, history };
}

export type PeopleAndAccess = ReturnType<typeof createPeopleAndAccess>;

export function mountPeopleAndAccessRoutes(route: RouteKit, people: PeopleAndAccess, deps: Pick<PeopleAndAccessDeps, 'models' | 'substitutions'>): void {
  mountAuthRoutes(route, { auth: people.auth, agreements: people.agreements });
  mountMeRoutes(route, { models: deps.models, agreements: people.agreements, auth: people.auth, substitutions: deps.substitutions });
  mountOrgRoutes(route, { org: people.org, transfers: people.transfers, agreements: people.agreements });
  mountSubstitutionRoutes(route, people.substitutionManagement);
  mountAccessApplicationRoutes(route, people.accessApplications);
  mountAuditRoutes(route, { audit: people.auditService, history: people.history });
}
