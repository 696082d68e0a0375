/**
 * Activities: all I/O of the document routes, grouped by capability. Each group is created from
 * injected dependencies; this file merges them into the object the worker registers.
 */
import type { Models } from '../db/models';
import { createAccessApplicationEffects } from '../domain/access/access-application-effects';
import { createAuditChain } from '../domain/audit/audit-chain';
import { createSnapshotRecorder } from '../domain/audit/document-snapshots';
import { createCalendarActivities } from './calendar/calendar-activities';
import { createCorrespondenceActivities } from './correspondence/correspondence-activities';
import type { ReceiptChaseActivities } from './correspondence/correspondence-contracts';
import type { DocumentActivities } from './contracts';
import { createDocumentActivities } from './documents/document-activities';
import { createParticipantResolver } from '../domain/documents/participant-resolver';
import { withTransitionHooks } from './documents/with-transition-hooks';
import { createJournalActivities } from './journals/journal-activities';
import { createNotificationActivities } from './notifications/notification-activities';
import { createNotificationDelivery, type MailStarter } from './notifications/delivery';
import { createMailSender } from './notifications/mail-sender';
import type { NotificationActivities } from './notifications/notification-contracts';
import { createTransitionNotices } from './notifications/transition-notices';
import { loadTemplateCatalog } from '../domain/rendering/template-catalog';
import { createSignedContentBuilder } from '../domain/signatures/signed-content';
import type { CmsVerifier } from '../domain/signatures/signing-setup';
import { createSigningActivities } from './signing/signing-activities';

export interface ActivityDeps {
  models: Models;
  /** The CMS verification engine, adapted (see domain/signatures/signing-setup.ts). */
  verifyCms: CmsVerifier;
  /**
   * How notifications reach people (docs/notifications.md). Without it they are written and shown in the
   * application, mails are queued but not sent, and links point at the default local address.
   */
  notifications?: { startMail?: MailStarter; publicUrl: string; smtpUrl?: string; mailFrom?: string };
}

export function createActivities(deps: ActivityDeps): DocumentActivities & ReceiptChaseActivities & NotificationActivities {
  const { models } = deps;
  const delivery = createNotificationDelivery({ models, startMail: deps.notifications?.startMail, publicUrl: deps.notifications?.publicUrl ?? 'http://127.0.0.1:3000' });
  const smtpUrl = deps.notifications?.smtpUrl;
  const mailSender = smtpUrl ? createMailSender({ models, smtpUrl, from: deps.notifications?.mailFrom ?? 'Qujat <qujat@localhost>' }) : undefined;
  const audit = createAuditChain(models.AuditEvent);
  const participants = createParticipantResolver(models);
  const signedContent = createSignedContentBuilder(models);
  const signing = createSigningActivities({ models, verifyCms: deps.verifyCms, signedContent });
  const documents = createDocumentActivities({ models, audit, participants });
  const correspondence = createCorrespondenceActivities({ models, audit, catalog: loadTemplateCatalog(), notify: delivery.dispatch });
  return {
    ...documents,
    // Every transition also keeps a state snapshot and carries out a completed access application.
    recordTransition: withTransitionHooks(documents.recordTransition, [
      createSnapshotRecorder({ models, audit }),
      createAccessApplicationEffects({ models, audit }),
      // Receipt notification on registration, rejection notice on refusal (seed-003 §§14, 17).
      correspondence.afterTransition,
      // New tasks (also to substitutes), resolutions, acknowledgements, returns, access decisions.
      createTransitionNotices({ models, delivery }),
    ]),
    ...createNotificationActivities({ models, audit, participants, delivery }),
    sweepNotifications: delivery.sweepNotifications,
    sendDigests: delivery.sendDigests,
    sendMail: async (input) => {
      // Retried by the workflow until the configuration is fixed: the mail waits, it is not dropped.
      if (!mailSender) throw new Error('No SMTP server is configured for this worker (SMTP_URL)');
      return mailSender.sendMail(input);
    },
    ...createJournalActivities({ models, assertSignaturesValid: signing.assertSignaturesValid }),
    ...createCalendarActivities({
      loadOverrides: async (years) =>
        (await models.CalendarOverride.find({ year: { $in: years } }).lean()).map((o) => ({ date: o._id, kind: o.kind, reason: o.reason })),
    }),
    verifyDocumentSignature: signing.verifyDocumentSignature,
    noteReceiptDue: correspondence.noteReceiptDue,
    raiseReceiptChase: correspondence.raiseReceiptChase,
  };
}
