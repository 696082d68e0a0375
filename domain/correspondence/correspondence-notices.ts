/**
 * The registry's correspondence about incoming documents and the delivery of outgoing ones:
 * - the receipt notification of a registered electronic incoming document (seed-003 §17);
 * - the rejection notice «қабылданбады» of a refused one (seed-003 §14);
 * - the chase when our outgoing document got no receipt within 1 working day (seed-003 §§18–19).
 * Each notice is stored once per document (its _id is `${documentId}:${kind}`), so issuing is
 * idempotent and safe to run from an activity that is retried.
 */
import { createHash } from 'node:crypto';
import type { Models } from '../../db/models';
import type { NoticeKind } from '../../db/models/correspondence';
import type { AuditChain } from '../audit/audit-chain';
import type { ProjectedCard, RecordTransitionInput } from '../../activities/contracts';
import { astanaDateLabel, astanaDateTimeLabel } from '../journals/document-caption';
import { isDuplicateKey } from '../journals/sequence-claim';
import { person, LetterDataError } from '../rendering/letter-data';
import { renderTemplate, TemplateDataError } from '../rendering/render-template';
import type { TemplateCatalog } from '../rendering/template-catalog';
import type {
  IssueReceiptInput,
  IssueRejectionInput,
  NoteReceiptDueInput,
  RaiseReceiptChaseInput,
  RaiseReceiptChaseResult,
} from '../../activities/correspondence/correspondence-contracts';
import { rejectionReason } from './rejection-reasons';

export interface CorrespondenceDeps {
  models: Models;
  audit: AuditChain;
  catalog: TemplateCatalog;
  now?: () => Date;
  /** Where a notice that cannot be produced (a template or data problem) is reported instead of retried. */
  onNoticeFailed?: (documentId: string, kind: NoticeKind, error: Error) => void;
  /** Delivers a notification row just written (activities/notifications/delivery). */
  notify?: (notificationId: string) => Promise<void>;
}

export interface NoticeView {
  id: string;
  documentId: string;
  kind: NoticeKind;
  language: 'kk' | 'ru';
  fields: Record<string, unknown>;
  text: string;
  sha256: string;
  template: { key: string; version: number };
  issuedAt: string;
}

/** Whether a card is an electronic document (a receipt is owed) rather than a registered paper one. */
export function isElectronic(card: { type: string; fields?: Record<string, unknown> | null }): boolean {
  const medium = card.fields?.medium;
  if (medium === 'paper' || medium === 'electronic') return medium === 'electronic';
  return !card.type.includes('paper');
}

/** What a notice takes from the card. */
interface NoticeCard {
  type: string;
  title: string;
  language?: string | null;
  correspondent?: string | null;
  fields?: unknown;
  participants?: unknown;
  createdAt: Date;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function createCorrespondenceNotices(deps: CorrespondenceDeps) {
  const { models, audit, catalog } = deps;
  const now = deps.now ?? (() => new Date());

  function noticeView(n: NonNullable<Awaited<ReturnType<typeof findNotice>>>): NoticeView {
    return {
      id: n._id,
      documentId: n.documentId,
      kind: n.kind as NoticeKind,
      language: n.language as 'kk' | 'ru',
      fields: n.fields as Record<string, unknown>,
      text: n.text,
      sha256: n.sha256,
      template: { key: n.template?.key ?? '', version: n.template?.version ?? 0 },
      issuedAt: n.issuedAt.toISOString(),
    };
  }

  function findNotice(documentId: string, kind: NoticeKind) {
    return models.Notice.findById(`${documentId}:${kind}`).lean();
  }

  async function storeNotice(documentId: string, kind: NoticeKind, language: 'kk' | 'ru', fields: Record<string, unknown>): Promise<NoticeView> {
    const existing = await findNotice(documentId, kind);
    if (existing) return noticeView(existing);
    const key = kind === 'receipt' ? 'receipt-notification' : 'rejection-notice';
    const rendered = renderTemplate(catalog, { key, language, format: 'txt' }, fields);
    const issuedAt = now();
    try {
      await models.Notice.create({
        _id: `${documentId}:${kind}`,
        documentId,
        kind,
        language,
        fields,
        text: rendered.text,
        sha256: createHash('sha256').update(rendered.text).digest('hex'),
        template: { key, version: rendered.template.version },
        issuedAt,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // a concurrent attempt stored it first
    }
    await audit.append([
      { eventKey: `${documentId}:notice:${kind}`, type: kind === 'receipt' ? 'receipt.issued' : 'rejection.issued', at: issuedAt, documentId, data: { kind } },
    ]);
    return noticeView((await findNotice(documentId, kind))!);
  }

  /** The card as the projection handed it (when it has what a notice needs), else as read now. */
  async function cardOf(documentId: string, projected?: ProjectedCard): Promise<NoticeCard | null> {
    if (projected?.type && projected.title !== undefined && projected.createdAt) return { ...projected, type: projected.type, title: projected.title, createdAt: projected.createdAt };
    return models.Document.findById(documentId).lean();
  }

  /** Sender, date and time of receipt, our number and date, registrar, responsible executor (§17). */
  async function issueReceiptNotification(input: IssueReceiptInput, projected?: ProjectedCard): Promise<NoticeView | null> {
    // The journal first: only an incoming one owes a receipt, and the card is read only then. Its direction is
    // known without a read when the registration's event carries it.
    const direction = input.journalDirection ?? (await models.Journal.findById(input.journal, { direction: 1 }).lean())?.direction;
    if (direction !== 'incoming') return null;
    const card = await cardOf(input.documentId, projected);
    if (!card) throw new LetterDataError(`No document ${input.documentId}`, 'documentId');
    if (!isElectronic({ type: card.type, fields: card.fields as Record<string, unknown> })) return null;
    const language = (card.language ?? 'kk') as 'kk' | 'ru';
    const fields = (card.fields ?? {}) as Record<string, unknown>;
    const participants = (card.participants ?? {}) as Record<string, unknown>;
    const receivedAt = str(fields.receivedAt) && !Number.isNaN(Date.parse(String(fields.receivedAt))) ? new Date(String(fields.receivedAt)) : card.createdAt;
    const registrar = await person(models, input.registrarId, language);
    const executorId = participants.executor ?? (Array.isArray(participants.addressees) ? participants.addressees[0] : undefined);
    const data = {
      sender: str(card.correspondent) ?? '—',
      senderNumber: str(fields.senderNumber),
      senderDate: str(fields.senderDate),
      title: card.title,
      receivedAt: astanaDateTimeLabel(receivedAt),
      receivedAtIso: receivedAt.toISOString(),
      registration: { number: input.number, date: astanaDateLabel(new Date(input.registeredAtMs)), at: new Date(input.registeredAtMs).toISOString() },
      registrar: registrar ?? { id: input.registrarId, fullName: input.registrarId, position: null, email: null, phone: null },
      executor: await person(models, executorId, language, str(fields.executorPhone)),
    };
    return storeNotice(input.documentId, 'receipt', language, data);
  }

  /** The «қабылданбады» notice with the reason from the list and the registrar's comment (§14). */
  async function issueRejectionNotice(input: IssueRejectionInput, projected?: ProjectedCard): Promise<NoticeView> {
    const card = await cardOf(input.documentId, projected);
    if (!card) throw new LetterDataError(`No document ${input.documentId}`, 'documentId');
    const language = (card.language ?? 'kk') as 'kk' | 'ru';
    const fields = (card.fields ?? {}) as Record<string, unknown>;
    const reason = rejectionReason(input.reasonCode);
    const refusedBy = await person(models, input.refusedBy, language);
    const data = {
      sender: str(card.correspondent) ?? '—',
      senderNumber: str(fields.senderNumber),
      senderDate: str(fields.senderDate),
      title: card.title,
      receivedAt: astanaDateTimeLabel(card.createdAt),
      reason: { code: input.reasonCode, title: reason ? reason.title[language] : input.reasonCode, source: reason?.source ?? null },
      comment: input.comment,
      refusedBy: refusedBy ?? { id: input.refusedBy, fullName: input.refusedBy, position: null, email: null, phone: null },
      refusedAt: astanaDateTimeLabel(new Date(input.refusedAtMs)),
      refusedAtIso: new Date(input.refusedAtMs).toISOString(),
    };
    return storeNotice(input.documentId, 'rejection', language, data);
  }

  /**
   * Runs after every projected transition (inside recordTransition, which the workflow retries until it
   * succeeds): so a notice is produced exactly once even if the API or the worker dies right after the
   * action. A notice that cannot be produced from its template is reported, not retried forever.
   */
  async function afterTransition(input: RecordTransitionInput, projected?: ProjectedCard): Promise<void> {
    for (const event of input.events) {
      try {
        if (event.type === 'document.registered' && input.state.registration) {
          await issueReceiptNotification({
            documentId: input.documentId,
            registrarId: event.actorId ?? input.state.registration.registeredBy,
            registeredAtMs: input.state.registration.registeredAtMs,
            number: input.state.registration.number,
            journal: input.state.registration.journal,
            journalDirection: typeof event.data?.direction === 'string' ? event.data.direction : undefined,
          }, projected);
        } else if (event.type === 'document.refused') {
          await issueRejectionNotice({
            documentId: input.documentId,
            reasonCode: String(event.data?.reasonCode ?? 'other'),
            comment: event.comment ?? '',
            refusedBy: event.actorId ?? 'unknown',
            refusedAtMs: event.atMs,
          }, projected);
        }
      } catch (error) {
        if (!(error instanceof TemplateDataError) && !(error instanceof LetterDataError)) throw error;
        const kind: NoticeKind = event.type === 'document.refused' ? 'rejection' : 'receipt';
        deps.onNoticeFailed?.(input.documentId, kind, error);
        await audit.append([
          { eventKey: `${input.documentId}:notice-failed:${kind}`, type: 'notice.failed', at: now(), documentId: input.documentId, comment: error.message, data: { kind } },
        ]);
      }
    }
  }

  // Idempotent: $set of values fixed by the input; a retry writes the same due instant again.
  async function noteReceiptDue(input: NoteReceiptDueInput): Promise<void> {
    await models.Delivery.updateOne({ _id: input.documentId }, { $set: { receiptDueAt: new Date(input.dueAtMs), receiptDueExplanation: input.explanation } });
  }

  /** No receipt within 1 working day: the sender must reach the recipient by other channels (§19). */
  // Idempotent: one notification per recipient (keyed _id, $setOnInsert) and chasedAt set only once.
  async function raiseReceiptChase(input: RaiseReceiptChaseInput): Promise<RaiseReceiptChaseResult> {
    const delivery = await models.Delivery.findById(input.documentId).lean();
    if (!delivery) throw new Error(`No delivery record for ${input.documentId}`);
    if (delivery.receipt?.receivedAt) return { raised: false, notified: [] };
    const card = await models.Document.findById(input.documentId, { title: 1, authorId: 1, type: 1 }).lean();
    const recipients = [...new Set([delivery.sentBy, card?.authorId].filter((x): x is string => !!x))];
    const message =
      `No receipt notification for "${card?.title ?? input.documentId}" sent to ${delivery.recipient} on ${astanaDateTimeLabel(delivery.sentAt)} ` +
      `within 1 working day (due ${astanaDateTimeLabel(new Date(input.dueAtMs))}): contact the recipient by other channels; until a receipt comes the document counts as not delivered.`;
    for (const recipientId of recipients) {
      await models.Notification.updateOne(
        { _id: `${input.documentId}:receipt-chase:${recipientId}` },
        { $setOnInsert: { recipientId, documentId: input.documentId, kind: 'receipt.chase', message, params: { correspondent: delivery.recipient } } },
        { upsert: true },
      ).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      // Shown, pushed and mailed now; without a notifier the minute's sweep does it.
      await deps.notify?.(`${input.documentId}:receipt-chase:${recipientId}`);
    }
    // A task in the executor's inbox as well: the chase is work to do, not only news. A receipt arriving
    // later removes it (activities/exchange, recordReceipt).
    const chasedAt = now();
    for (const ownerId of recipients) {
      await models.InboxEntry.updateOne(
        { _id: `${input.documentId}:receipt-chase:${ownerId}` },
        {
          $setOnInsert: {
            ownerId,
            documentId: input.documentId,
            taskId: 'receipt-chase',
            view: 'execution',
            title: `${card?.title ?? input.documentId}: no receipt, contact the recipient by other channels`,
            documentType: card?.type ?? 'outgoing-letter',
            status: 'registered',
            stageId: 'receipt-chase',
            dueAt: new Date(input.dueAtMs),
            overdue: true,
            openedAt: chasedAt,
            seq: 0,
          },
        },
        { upsert: true },
      ).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
    await models.Delivery.updateOne({ _id: input.documentId, chasedAt: { $exists: false } }, { $set: { chasedAt } });
    await audit.append([
      {
        eventKey: `${input.documentId}:receipt-chase`,
        type: 'delivery.receipt-missing',
        at: now(),
        documentId: input.documentId,
        data: { dueAtMs: input.dueAtMs, recipient: delivery.recipient, notified: recipients },
      },
    ]);
    return { raised: true, notified: recipients };
  }

  return { issueReceiptNotification, issueRejectionNotice, afterTransition, noteReceiptDue, raiseReceiptChase, findNotice: async (documentId: string, kind: NoticeKind) => {
    const n = await findNotice(documentId, kind);
    return n ? noticeView(n) : null;
  } };
}

export type CorrespondenceNotices = ReturnType<typeof createCorrespondenceNotices>;
