/**
 * The registry's correspondence over HTTP: the notices about incoming documents (receipt, rejection),
 * the delivery of outgoing documents (dispatch, the recipient's receipt, the 1-working-day chase) and
 * the generated letters (cover letter, paper copy).
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { CorrespondenceNotices } from '../../domain/correspondence/correspondence-notices';
import { astanaYear } from '../../domain/calendar/astana-zone';
import { astanaDateTimeLabel } from '../../domain/journals/document-caption';
import { LetterDataError } from '../../domain/rendering/letter-data';
import type { CoverLetterFormat, Letters } from '../../domain/rendering/letters';
import { TemplateDataError } from '../../domain/rendering/render-template';
import { TemplateNotFoundError } from '../../domain/rendering/template-catalog';
import * as defs from '../../workflows/definitions';
import { problems } from '../problem';
import type { DeliveryDeskStatus } from './registry-desk-schemas';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

export interface CorrespondenceServiceDeps {
  models: Models;
  temporal: Client;
  taskQueue: string;
  audit: AuditChain;
  documents: DocumentService;
  correspondence: CorrespondenceNotices;
  letters: Letters;
}

interface DeliveryLike {
  _id: string;
  recipient: string;
  sentAt: Date;
  sentBy: string;
  receiptDueAt?: Date | null;
  receiptDueExplanation?: string | null;
  receipt?: { receivedAt?: Date | null; recipientNumber?: string | null; recipientDate?: string | null; recordedBy?: string | null } | null;
  chasedAt?: Date | null;
}

/** Template and card problems are the caller's to fix: 422 naming the field. */
function asProblem(error: unknown): never {
  if (error instanceof TemplateDataError) {
    throw problems.unprocessable(error.message, 'template-data', { errors: [{ field: error.field ? `data.${error.field}` : 'data', message: error.message }], template: error.template });
  }
  if (error instanceof LetterDataError) throw problems.unprocessable(error.message, 'template-data', { errors: [{ field: error.field, message: error.message }] });
  if (error instanceof TemplateNotFoundError) throw problems.notFound(error.message.replace(/^No /, 'The '));
  throw error;
}

export function createCorrespondenceService(deps: CorrespondenceServiceDeps) {
  const { models, temporal, documents, correspondence, letters, audit } = deps;

  async function receipt(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const notice = await correspondence.findNotice(documentId, 'receipt');
    if (!notice) throw problems.notFound(`The receipt notification of document ${documentId} (it is issued when an electronic incoming document is registered)`);
    return notice;
  }

  async function rejectionNotice(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const notice = await correspondence.findNotice(documentId, 'rejection');
    if (!notice) throw problems.notFound(`The rejection notice of document ${documentId} (it is issued when the registrar refuses it)`);
    return notice;
  }

  function deliveryView(r: DeliveryLike) {
    const received = !!r.receipt?.receivedAt;
    return {
      documentId: r._id,
      recipient: r.recipient,
      sentAt: r.sentAt.toISOString(),
      sentBy: r.sentBy,
      receiptDueAt: r.receiptDueAt ? r.receiptDueAt.toISOString() : undefined,
      receiptDueExplanation: r.receiptDueExplanation ?? undefined,
      status: received ? ('receipt-received' as const) : r.chasedAt ? ('not-delivered' as const) : ('awaiting-receipt' as const),
      receipt: received
        ? {
            receivedAt: r.receipt!.receivedAt!.toISOString(),
            recipientNumber: r.receipt!.recipientNumber ?? undefined,
            recipientDate: r.receipt!.recipientDate ?? undefined,
            recordedBy: r.receipt!.recordedBy ?? undefined,
          }
        : undefined,
      chasedAt: r.chasedAt ? r.chasedAt.toISOString() : undefined,
    };
  }

  /**
   * Records that a registered outgoing document went to its recipient, and starts the wait for the
   * receipt. Idempotent: a second dispatch returns the first.
   */
  async function dispatch(actor: AuthenticatedActor, documentId: string, body: { recipient?: string; sentAt?: string }) {
    const doc = await documents.loadVisible(actor, documentId);
    if (!doc.registration?.number) throw problems.conflict('Only a registered document can be sent.', 'not-registered');
    const journal = doc.registration.journal ? await models.Journal.findById(doc.registration.journal, { direction: 1 }).lean() : null;
    if (journal?.direction !== 'outgoing') throw problems.conflict('Only a document registered in an outgoing journal is sent to a recipient.', 'not-outgoing');
    const recipient = body.recipient ?? doc.correspondent;
    if (!recipient) throw problems.validation([{ field: 'body.recipient', message: 'the card names no correspondent; give the recipient' }]);
    const sentAt = body.sentAt ? new Date(body.sentAt) : new Date();
    if (!(await models.Delivery.exists({ _id: documentId }))) {
      try {
        await models.Delivery.create({ _id: documentId, recipient, sentAt, sentBy: actor.employeeId });
        await audit.append([{ eventKey: `${documentId}:delivery.sent`, type: 'delivery.sent', at: new Date(), actorId: actor.employeeId, documentId, data: { recipient, sentAt: sentAt.toISOString() } }]);
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    const delivery = (await models.Delivery.findById(documentId).lean())!;
    try {
      await temporal.workflow.start(defs.RECEIPT_CHASE_WORKFLOW_TYPE, {
        workflowId: defs.receiptChaseWorkflowId(documentId),
        taskQueue: deps.taskQueue,
        args: [{ documentId, sentAtMs: delivery.sentAt.getTime() } satisfies defs.ReceiptChaseInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // already waiting: fine
    }
    return deliveryView(delivery);
  }

  /** The recipient's receipt notification for our outgoing document came: no chase is needed. */
  async function recordDeliveryReceipt(actor: AuthenticatedActor, documentId: string, body: { receivedAt: string; recipientNumber?: string; recipientDate?: string }) {
    await documents.loadVisible(actor, documentId);
    const delivery = await models.Delivery.findById(documentId).lean();
    if (!delivery) throw problems.conflict('The document has not been sent (no dispatch recorded).', 'not-dispatched');
    const receivedAt = new Date(body.receivedAt);
    if (!delivery.receipt?.receivedAt) {
      await models.Delivery.updateOne(
        { _id: documentId },
        { $set: { receipt: { receivedAt, recipientNumber: body.recipientNumber, recipientDate: body.recipientDate, recordedBy: actor.employeeId, recordedAt: new Date() } } },
      );
      await audit.append([
        { eventKey: `${documentId}:delivery.receipt`, type: 'delivery.receipt-recorded', at: new Date(), actorId: actor.employeeId, documentId, data: { receivedAt: receivedAt.toISOString() } },
      ]);
    }
    try {
      await temporal.workflow.getHandle(defs.receiptChaseWorkflowId(documentId)).signal(defs.receiptRecordedSignal, { receivedAtMs: receivedAt.getTime() });
    } catch (error) {
      // The chase already ended (raised, or never started): the stored receipt is what counts.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return deliveryView((await models.Delivery.findById(documentId).lean())!);
  }

  async function delivery(actor: AuthenticatedActor, documentId: string) {
    await documents.loadVisible(actor, documentId);
    const found = await models.Delivery.findById(documentId).lean();
    if (!found) throw problems.notFound(`A dispatch of document ${documentId}`);
    return deliveryView(found);
  }

  /**
   * The registry's dispatch desk: every document registered this year in an outgoing journal, with where it
   * stands — still to be sent, sent and awaiting the recipient's receipt, received, or chased as not delivered.
   * Registrations are read by journal and year; the card and the delivery by _id, one page at a time.
   */
  async function deliveries(query: { year?: number; status?: DeliveryDeskStatus; page: number; pageSize: number }) {
    const year = query.year ?? astanaYear(new Date());
    const outgoing = await models.Journal.find({ direction: 'outgoing' }, { _id: 1, title: 1 }).lean();
    const registrations = outgoing.length
      ? await models.Registration.find({ journal: { $in: outgoing.map((j) => j._id) }, year }, { _id: 1, journal: 1, number: 1, registeredAt: 1 }).sort({ registeredAt: -1 }).lean()
      : [];
    const rows = await Promise.all(
      registrations.map(async (r) => {
        const found = await models.Delivery.findById(r._id).lean();
        const delivery = found ? deliveryView(found) : undefined;
        return { registration: r, delivery, status: (delivery?.status ?? 'to-send') as DeliveryDeskStatus };
      }),
    );
    const counts = { 'to-send': 0, 'awaiting-receipt': 0, 'receipt-received': 0, 'not-delivered': 0 } satisfies Record<DeliveryDeskStatus, number>;
    for (const row of rows) counts[row.status] += 1;
    const matching = query.status ? rows.filter((row) => row.status === query.status) : rows;
    const page = matching.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const items = await Promise.all(
      page.map(async ({ registration, delivery, status }) => {
        const doc = await models.Document.findById(registration._id, { title: 1, correspondent: 1 }).lean();
        return {
          documentId: registration._id,
          number: registration.number,
          registeredAt: registration.registeredAt.toISOString(),
          journal: registration.journal,
          title: doc?.title,
          correspondent: doc?.correspondent ?? undefined,
          status,
          delivery,
        };
      }),
    );
    return { year, counts, total: matching.length, page: query.page, pageSize: query.pageSize, items };
  }

  /** The notices the registry issued, newest first: receipts of registered incoming documents and refusals. */
  async function notices(query: { kind?: 'receipt' | 'rejection'; limit: number }) {
    const found = await models.Notice.find(query.kind ? { kind: query.kind } : {})
      .sort({ issuedAt: -1 })
      .limit(query.limit)
      .lean();
    return Promise.all(
      found.map(async (n) => {
        const doc = await models.Document.findById(n.documentId, { title: 1, correspondent: 1, registration: 1 }).lean();
        return {
          id: n._id,
          documentId: n.documentId,
          kind: n.kind as 'receipt' | 'rejection',
          language: n.language as 'kk' | 'ru',
          text: n.text,
          issuedAt: n.issuedAt.toISOString(),
          title: doc?.title,
          correspondent: doc?.correspondent ?? undefined,
          number: doc?.registration?.number ?? undefined,
        };
      }),
    );
  }

  async function coverLetter(actor: AuthenticatedActor, documentId: string, format: CoverLetterFormat, version?: number) {
    await documents.loadVisible(actor, documentId);
    try {
      return await letters.coverLetter(documentId, format, version);
    } catch (error) {
      return asProblem(error);
    }
  }

  async function paperCopy(actor: AuthenticatedActor, documentId: string, version?: number) {
    await documents.loadVisible(actor, documentId);
    try {
      const copy = await letters.paperCopy(documentId, version);
      await audit.append([
        {
          eventKey: `${documentId}:paper-copy:${Date.now()}:${actor.employeeId}`,
          type: 'document.paper-copy-printed',
          at: new Date(),
          actorId: actor.employeeId,
          documentId,
          data: { sheets: copy.pages, template: copy.template, printedAt: astanaDateTimeLabel(new Date()) },
        },
      ]);
      return copy;
    } catch (error) {
      return asProblem(error);
    }
  }

  return { receipt, rejectionNotice, dispatch, recordDeliveryReceipt, delivery, deliveries, notices, coverLetter, paperCopy };
}

export type CorrespondenceService = ReturnType<typeof createCorrespondenceService>;
