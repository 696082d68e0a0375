/**
 * The registry office's endpoints (docs/registry-office.md): journals and registrations, attachments, correspondence
 * and generated letters. One entry point so the app wires them with one line.
 */
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { createAttachmentStore } from '../../domain/attachments/attachment-store';
import { createCorrespondenceNotices } from '../../domain/correspondence/correspondence-notices';
import { createLetters } from '../../domain/rendering/letters';
import { loadTemplateCatalog, type TemplateCatalog } from '../../domain/rendering/template-catalog';
import { loadAttachmentLimits, type AttachmentLimits } from '../../config/attachment-limits';
import type { Models } from '../../db/models';
import type { RouteKit } from '../route-kit';
import { createAttachmentService } from '../services/attachment-service';
import { createCorrespondenceService } from '../services/correspondence-service';
import type { DocumentService } from '../services/document-service';
import { createJournalService } from '../services/journal-service';
import { mountAttachmentRoutes } from './attachments';
import { mountCorrespondenceRoutes } from './correspondence';
import { mountJournalRoutes } from './journals';

export interface RegistryOfficeDeps {
  models: Models;
  db: Connection;
  temporal: Client;
  taskQueue: string;
  audit: AuditChain;
  documents: DocumentService;
  attachmentLimits?: AttachmentLimits;
  catalog?: TemplateCatalog;
}

export function mountRegistryOfficeRoutes(route: RouteKit, deps: RegistryOfficeDeps) {
  const { models, audit, documents } = deps;
  const catalog = deps.catalog ?? loadTemplateCatalog();
  const store = createAttachmentStore({ models, db: deps.db, limits: deps.attachmentLimits ?? loadAttachmentLimits() });
  const journals = createJournalService(models);
  const correspondence = createCorrespondenceService({
    models,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    audit,
    documents,
    correspondence: createCorrespondenceNotices({ models, audit, catalog }),
    letters: createLetters({ models, catalog }),
  });
  mountJournalRoutes(route, journals);
  mountAttachmentRoutes(route, createAttachmentService({ store, documents, audit }));
  mountCorrespondenceRoutes(route, correspondence, catalog);
  return { journals, attachmentStore: store, correspondence };
}
