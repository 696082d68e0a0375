/**
 * Activities: all I/O of the document routes, grouped by capability. Each group is created from
 * injected dependencies; this file merges them into the object the worker registers.
 */
import { calendarOverridesVersion } from '../db/calendar-overrides-version';
import { ApplicationFailure } from '@temporalio/common';
import type { Models } from '../db/models';
import { createAccessApplicationEffects } from '../domain/access/access-application-effects';
import { sharedAuditChain } from '../domain/audit/audit-chain';
import { createCalendarActivities } from './calendar/calendar-activities';
import { createCorrespondenceActivities } from './correspondence/correspondence-activities';
import type { Connection } from 'mongoose';
import { createExchangeActivities, type ExchangeRuntime } from './exchange/exchange-activities';
import type { ExchangeActivities } from './exchange/exchange-contracts';
import type { ReceiptChaseActivities } from './correspondence/correspondence-contracts';
import type { DocumentActivities } from './contracts';
import { createDocumentActivities } from './documents/document-activities';
import { createParticipantResolver } from '../domain/documents/participant-resolver';
import { withTransitionHooks } from './documents/with-transition-hooks';
import { createJournalActivities } from './journals/journal-activities';
import { createInformationReviewActivities } from './information-requests/review-activities';
import type { InformationReviewActivities } from './information-requests/review-contracts';
import { createNotificationActivities } from './notifications/notification-activities';
import { createNotificationDelivery, type MailStarter } from './notifications/delivery';
import { createMailHandoff, type MailHandoff } from './notifications/mail-handoff';
import { createMailSender } from './notifications/mail-sender';
import type { NotificationActivities } from './notifications/notification-contracts';
import { createTransitionNotices } from './notifications/transition-notices';
import { loadTemplateCatalog } from '../domain/rendering/template-catalog';
import { sharedSignatureHandoff } from '../domain/signatures/signature-handoff';
import { createSignedContentBuilder } from '../domain/signatures/signed-content';
import type { CmsVerifier } from '../domain/signatures/signing-setup';
import { createSigningActivities } from './signing/signing-activities';
import { createPrepareStage, createVerifyThenPrepare } from './documents/stage-preparation';
import { createDestructionEffects } from '../domain/records/destruction-effects';
import { createArchiveCheckActivities } from './records/archive-check-activities';
import type { ArchiveCheckActivities } from './records/archive-check-contracts';

export interface ActivityDeps {
  models: Models;
  /** The CMS verification engine, adapted (see domain/signatures/signing-setup.ts). */
  verifyCms: CmsVerifier;
  /** Electronic exchange with other organisations; without it no envelope is sent or processed. */
  exchange?: { db: Connection; runtime: ExchangeRuntime };
  /**
   * How notifications reach people (docs/notifications.md). Without it they are written and shown in the
   * application, mails are queued but not sent, and links point at the default local address.
   */
  notifications?: {
    startMail?: MailStarter;
    publicUrl: string;
    smtpUrl?: string;
    mailFrom?: string;
    /** A mail neither sent at once nor handed to its workflow (the sweep starts it within a minute or two). */
    onMailError?: (mailId: string, error: unknown) => void;
  };
}

function exchangeUnavailable(): never {
  throw ApplicationFailure.nonRetryable('This worker runs without electronic exchange (no organisation key configured).', 'ExchangeNotConfigured');
}

export type QujatActivities = DocumentActivities & ReceiptChaseActivities & ExchangeActivities & NotificationActivities & InformationReviewActivities & ArchiveCheckActivities;

export function createActivities(deps: ActivityDeps): QujatActivities {
  const { models } = deps;
  const smtpUrl = deps.notifications?.smtpUrl;
  const mailSender = smtpUrl ? createMailSender({ models, smtpUrl, from: deps.notifications?.mailFrom ?? 'Qujat <qujat@localhost>' }) : undefined;
  const startMail = deps.notifications?.startMail;
  // New mail leaves from here at once, its workflow only when that fails (mail-handoff.ts).
  const mailHandoff = mailSender && startMail ? createMailHandoff({ send: mailSender.sendMail, startMail, onError: deps.notifications?.onMailError }) : undefined;
  const delivery = createNotificationDelivery({ models, startMail, handOffMail: mailHandoff?.handOff, publicUrl: deps.notifications?.publicUrl ?? 'http://127.0.0.1:3000' });
  // Shared with the API when both run in one process: one appender of the chain.
  const audit = sharedAuditChain(models.AuditEvent);
  const participants = createParticipantResolver(models);
  const signedContent = createSignedContentBuilder(models);
  // The API of this process hands over the signatures it stores, and their checks start at once.
  const handoff = sharedSignatureHandoff(models.Signature);
  handoff.attachVerifier(deps.verifyCms);
  const signing = createSigningActivities({ models, verifyCms: deps.verifyCms, signedContent, handoff });
  // New tasks (also to substitutes), resolutions, acknowledgements, returns, access decisions: written with the projection.
  // `projectTransition` is the projection for the hooks below, not an activity of its own.
  const { projectTransition, ...documents } = createDocumentActivities({ models, audit, participants, notices: createTransitionNotices({ models, delivery }) });
  const correspondence = createCorrespondenceActivities({ models, audit, catalog: loadTemplateCatalog(), notify: delivery.dispatch });
  const exchange = deps.exchange
    ? createExchangeActivities({ models, audit, db: deps.exchange.db, runtime: deps.exchange.runtime, signedContent, verifyCms: deps.verifyCms })
    : undefined;
  const calendarActivities = createCalendarActivities({
    loadOverrides: async (years) =>
      (await models.CalendarOverride.find({ year: { $in: years } }).lean()).map((o) => ({ date: o._id, kind: o.kind, reason: o.reason })),
    // Built calendars are kept until an administrator changes an override (db/calendar-overrides-version.ts).
    overridesVersion: () => calendarOverridesVersion(models.CalendarOverride.db),
    loadedYears: async (years) => (await models.CalendarYear.find({ _id: { $in: years.map(String) } }, { year: 1 }).lean()).map((y) => y.year),
  });
  const prepareStage = createPrepareStage({ resolveStageParticipants: documents.resolveStageParticipants, getBusinessCalendar: calendarActivities.getBusinessCalendar });
  const activities: QujatActivities = {
    ...documents,
    // The projection keeps the state snapshot itself; a transition also carries out a completed access application.
    recordTransition: withTransitionHooks(projectTransition, [
      createAccessApplicationEffects({ models, audit }),
      // Receipt notification on registration, rejection notice on refusal (seed-003 §§14, 17).
      correspondence.afterTransition,
      // After the notices are stored: envelopes to electronic addressees, notices back to the sender.
      ...(exchange ? [exchange.afterTransition] : []),
      // A completed destruction act removes the listed archived documents' contents (docs/records.md).
      createDestructionEffects({ models, audit }),
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
    // Departmental control of information requests: the monthly reviews.
    ...createInformationReviewActivities({ models }),
    ...calendarActivities,
    verifyDocumentSignature: signing.verifyDocumentSignature,
    prepareStage,
    verifySignatureThenPrepareStage: createVerifyThenPrepare({ checkDocumentSignature: signing.checkDocumentSignature, prepareStage }),
    noteReceiptDue: correspondence.noteReceiptDue,
    raiseReceiptChase: correspondence.raiseReceiptChase,
    prepareEnvelope: exchange?.prepareEnvelope ?? exchangeUnavailable,
    deliverEnvelope: exchange?.deliverEnvelope ?? exchangeUnavailable,
    recordEnvelopeRefused: exchange?.recordEnvelopeRefused ?? exchangeUnavailable,
    processIncomingEnvelope: exchange?.processIncomingEnvelope ?? exchangeUnavailable,
    // Re-verification of the archive's signatures.
    ...createArchiveCheckActivities({ models, verifyCms: deps.verifyCms, audit }),
  };
  if (mailHandoff) handoffs.set(activities, mailHandoff);
  return activities;
}

/** The mail hand-off of each set of activities (kept beside them: every function of theirs is registered as an activity). */
const handoffs = new WeakMap<object, MailHandoff>();

/**
 * Resolves once every mail these activities handed over has been sent or handed to its workflow: a worker that
 * stops waits for it before it closes the database and its Temporal client (the sweep would start them later).
 */
export function mailsInHandSettled(activities: object): Promise<void> {
  return handoffs.get(activities)?.idle() ?? Promise.resolve();
}
