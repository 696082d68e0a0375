/** Every model bound to one connection: the object activities and API services receive. */
import type { Connection } from 'mongoose';
import { createAccessApplicationModel } from './access-application';
import { createAgreementAcceptanceModel } from './agreement-acceptance';
import { createAuditEventModel } from './audit-event';
import { createAuthChallengeModel } from './auth-challenge';
import { createCalendarOverrideModel, createCalendarYearModel } from './calendar-override';
import { createTrainingMinutesModel } from './training-minutes';
import { createAdminRequestModel } from './admin-request';
import { createDocumentModel } from './document';
import { createDocumentSearchModel } from './document-search';
import { createDocumentSnapshotModel } from './document-snapshot';
import { createOrgModels } from './employee';
import { createInboxEntryModel } from './inbox-entry';
import { createJournalModels } from './journal';
import { createNotificationDeliveryModels, createNotificationModel } from './notification';
import { createRouteModels } from './route-version';
import { createSessionModel } from './session';
import { createSignatureModel } from './signature';
import { createSubstitutionModel } from './substitution';
import { createNumberingModels } from './numbering';
import { createAttachmentModel } from './attachment';
import { createCorrespondenceModels } from './correspondence';
import { createRecordsModels } from './records';
import { createExchangeModels } from './exchange';
import { createOversightModels } from './oversight';
import { createInformationRequestModels } from './information-request';
import { createArchiveModels } from './archive';

export function createModels(connection: Connection) {
  return {
    Document: createDocumentModel(connection),
    DocumentSearch: createDocumentSearchModel(connection),
    InboxEntry: createInboxEntryModel(connection),
    ...createOrgModels(connection),
    Session: createSessionModel(connection),
    AuditEvent: createAuditEventModel(connection),
    ...createRouteModels(connection),
    Notification: createNotificationModel(connection),
    // Delivery of notifications: preferences, live-stream heads, the mail outbox, stream tickets.
    ...createNotificationDeliveryModels(connection),
    Substitution: createSubstitutionModel(connection),
    ...createJournalModels(connection),
    CalendarOverride: createCalendarOverrideModel(connection),
    CalendarYear: createCalendarYearModel(connection),
    TrainingMinutes: createTrainingMinutesModel(connection),
    AdminRequest: createAdminRequestModel(connection),
    Signature: createSignatureModel(connection),
    ...createNumberingModels(connection),
    Attachment: createAttachmentModel(connection),
    ...createCorrespondenceModels(connection),
    AuthChallenge: createAuthChallengeModel(connection),
    AgreementAcceptance: createAgreementAcceptanceModel(connection),
    AccessApplication: createAccessApplicationModel(connection),
    DocumentSnapshot: createDocumentSnapshotModel(connection),
    // Card edits, links between documents, nomenclature of files and filings.
    ...createRecordsModels(connection),
    // Electronic exchange with other organisations (docs/exchange.md).
    ...createExchangeModels(connection),
    // Oversight: the read log and its chain, incidents (the emergency journal), maintenance windows (docs/oversight.md).
    ...createOversightModels(connection),
    // Information requests between bodies and their log journal (docs/information-requests.md).
    ...createInformationRequestModels(connection),
    // The archive of closed files, legal holds, re-verification runs (docs/records.md).
    ...createArchiveModels(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
