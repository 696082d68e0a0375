/**
 * Activities: all I/O of the document routes, grouped by capability. Each group is created from
 * injected dependencies; this file merges them into the object the worker registers.
 */
import type { Models } from '../db/models';
import { createAuditChain } from './audit/audit-chain';
import { createCalendarActivities } from './calendar/build-calendar';
import type { DocumentActivities } from './contracts';
import { createDocumentActivities } from './documents/document-activities';
import { createParticipantResolver } from './documents/participant-resolver';
import { createJournalActivities } from './journals/journal-activities';
import { createNotificationActivities } from './notifications/notification-activities';
import { createSigningActivities, type SigningActivityDeps } from './signing/signing-activities';

export interface ActivityDeps {
  models: Models;
  signing: Omit<SigningActivityDeps, 'models'>;
}

export function createActivities(deps: ActivityDeps): DocumentActivities {
  const { models } = deps;
  const audit = createAuditChain(models.AuditEvent);
  const participants = createParticipantResolver(models);
  const signing = createSigningActivities({ ...deps.signing, models });
  return {
    ...createDocumentActivities({ models, audit, participants }),
    ...createNotificationActivities({ models, audit, participants }),
    ...createJournalActivities({ models, assertSignaturesValid: signing.assertSignaturesValid }),
    ...createCalendarActivities({
      loadOverrides: async (years) =>
        (await models.CalendarOverride.find({ year: { $in: years } }).lean()).map((o) => ({ date: o._id, kind: o.kind, reason: o.reason })),
    }),
    verifyDocumentSignature: signing.verifyDocumentSignature,
  };
}
