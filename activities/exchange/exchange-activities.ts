/**
 * Electronic exchange with other organisations (docs/exchange.md), the I/O side:
 * - after a registration: start one delivery workflow per electronic addressee of an outgoing document, or
 *   the receipt / rejection notice back to the sender of an incoming one (hook of recordTransition);
 * - prepare an envelope (built and signed once, stored under its id) and deliver it over HTTP;
 * - receive: check an arrived envelope (known sender, organisation signature, freshness, one per id), store
 *   it byte for byte, and process it: an incoming document with the verdict of every signature, or a
 *   notice attached to our outgoing document.
 * Every step is idempotent: rows are keyed by envelope id, workflows by business keys.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import mongoose, { type Connection } from 'mongoose';
import type { Models } from '../../db/models';
import { createRouteVersionReader } from '../../db/route-version-reader';
import {
  attachmentMismatches,
  envelopeBytes,
  envelopeIdFor,
  parseEnvelope,
  sha256Hex,
  ENVELOPE_FORMAT,
  type Envelope,
  type EnvelopeKind,
} from '../../domain/exchange/envelope';
import * as defs from '../../workflows/definitions';
import { exchangeAddressees } from '../../domain/exchange/envelope';

export { exchangeAddressees };
import type { RouteDefinition } from '../../domain/routes/route-model';
import type { AuditChain } from '../../domain/audit/audit-chain';
import type { ProjectedCard, RecordTransitionInput } from '../contracts';
import { astanaDateLabel } from '../../domain/journals/document-caption';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import { ATTACHMENT_BUCKET } from '../../domain/attachments/attachment-store';
import type { SignedContentBuilder } from '../../domain/signatures/signed-content';
import type { ExchangeVerifier, OrgSigner } from '../../domain/exchange/exchange-crypto';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { createInformationExchange } from './information-exchange';
import { ENVELOPE_REFUSED, type DeliverEnvelopeInput, type DeliverEnvelopeResult, type PrepareEnvelopeInput, type ProcessEnvelopeInput, type RecordRefusalInput } from './exchange-contracts';

/** The author of incoming documents created from envelopes (a system account, seeded). */
export const EXCHANGE_ACTOR_ID = 'exchange';

export interface ExchangeRuntime {
  signer: OrgSigner;
  verify: ExchangeVerifier;
  temporal: Client;
  taskQueue: string;
  /** Delivery back-off (tests shorten it); default 5 s doubling up to 30 min. */
  backoff?: { initialMs: number; maximumMs: number };
  fetch?: typeof fetch;
}

export interface ExchangeDeps {
  models: Models;
  db: Connection;
  audit: AuditChain;
  signedContent: SignedContentBuilder;
  runtime: ExchangeRuntime;
  /** Employees' signatures carried by information requests and answers (checked against their IIN). */
  verifyCms?: CmsVerifier;
  now?: () => Date;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function createExchangeActivities(deps: ExchangeDeps) {
  const { models, audit, runtime } = deps;
  const now = deps.now ?? (() => new Date());
  const routeVersions = createRouteVersionReader(models);
  const information = createInformationExchange({
    models, db: deps.db, audit, signer: runtime.signer, verify: runtime.verify, verifyCms: deps.verifyCms, now,
    identity: () => identity(),
    startDelivery: (kind, documentId, recipientBin, ownBin) => startDelivery(kind, documentId, recipientBin, ownBin),
  });

  async function identity() {
    const self = await models.ExchangeIdentity.findById('self').lean();
    if (!self) throw ApplicationFailure.nonRetryable('The organisation identity for exchange is not configured (PUT /api/exchange/identity).', 'ExchangeNotConfigured');
    return self;
  }

  async function startDelivery(kind: EnvelopeKind, documentId: string, recipientBin: string, ownBin: string): Promise<void> {
    const envelopeId = envelopeIdFor(ownBin, kind, documentId, recipientBin);
    try {
      await runtime.temporal.workflow.start(defs.EXCHANGE_DELIVERY_WORKFLOW_TYPE, {
        workflowId: defs.exchangeDeliveryWorkflowId(envelopeId),
        taskQueue: runtime.taskQueue,
        args: [{ kind, documentId, recipientBin, backoff: runtime.backoff } satisfies defs.ExchangeDeliveryInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error; // a retried hook: already on its way
    }
  }

  /** Runs inside recordTransition (retried until it succeeds), after the notices were stored. */
  async function afterTransition(input: RecordTransitionInput, projected?: ProjectedCard): Promise<void> {
    for (const event of input.events) {
      if (event.type !== 'document.registered' && event.type !== 'document.refused') continue;
      // The fields as the projection read them; the registration is the state's (the projection has just written it).
      const card = projected
        ? { fields: projected.fields, registration: input.state.registration }
        : await models.Document.findById(input.documentId, { fields: 1, registration: 1 }).lean();
      const fields = (card?.fields ?? {}) as Record<string, unknown>;
      const exchange = fields.exchange as { envelopeId?: string; senderBin?: string } | undefined;
      if (exchange?.senderBin) {
        // An incoming document that came by exchange: its sender gets our receipt or rejection notice.
        const self = await identity();
        await startDelivery(event.type === 'document.registered' ? 'receipt' : 'rejection', input.documentId, exchange.senderBin, self.bin);
      } else if (event.type === 'document.registered') {
        const addressees = exchangeAddressees(fields);
        if (addressees.length === 0) continue;
        // The journal's direction goes with the registration's event (as read to take the number); read only when it does not.
        const known = typeof event.data?.direction === 'string' ? event.data.direction : undefined;
        const direction = known ?? (card?.registration?.journal ? (await models.Journal.findById(card.registration.journal, { direction: 1 }).lean())?.direction : undefined);
        if (direction !== 'outgoing') continue;
        const self = await identity();
        for (const bin of addressees) await startDelivery('document', input.documentId, bin, self.bin);
      }
    }
  }

  async function readAttachments(documentId: string) {
    const files = await deps.db.db!.collection(`${ATTACHMENT_BUCKET}.files`).find({ 'metadata.documentId': documentId }).toArray();
    const bucket = new mongoose.mongo.GridFSBucket(deps.db.db!, { bucketName: ATTACHMENT_BUCKET });
    const out = [];
    for (const f of files) {
      const chunks: Buffer[] = [];
      for await (const chunk of bucket.openDownloadStream(f._id)) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      const slot = await models.Attachment.findById(String(f._id), { contentType: 1 }).lean();
      out.push({ name: String(f.filename), mediaType: slot?.contentType ?? 'application/octet-stream', size: bytes.length, sha256: sha256Hex(bytes), base64: bytes.toString('base64') });
    }
    return out;
  }

  async function buildDocumentEnvelope(envelopeId: string, documentId: string, recipientBin: string, self: Awaited<ReturnType<typeof identity>>): Promise<Envelope> {
    const card = await models.Document.findById(documentId).lean();
    if (!card?.registration?.number || !card.registration.registeredAt) throw ApplicationFailure.nonRetryable(`Document ${documentId} is not registered`, 'NotRegistered');
    const signatures = await models.Signature.find({ documentId, status: 'valid' }).lean();
    if (signatures.length === 0) throw ApplicationFailure.nonRetryable(`Document ${documentId} carries no valid signature to send`, 'NotSigned');
    const content = await deps.signedContent(documentId);
    const fields = (card.fields ?? {}) as Record<string, unknown>;
    const replyTo = str(fields.inReplyTo);
    let inReplyTo: NonNullable<Envelope['document']>['inReplyTo'];
    if (replyTo) {
      const original = await models.Document.findById(replyTo, { fields: 1 }).lean();
      const of = (original?.fields ?? {}) as Record<string, unknown>;
      const ex = of.exchange as { envelopeId?: string; senderDocumentId?: string } | undefined;
      if (str(of.senderNumber) && str(of.senderDate)) inReplyTo = { number: String(of.senderNumber), date: String(of.senderDate), ...(ex?.envelopeId && { envelopeId: ex.envelopeId }) };
    }
    return {
      format: ENVELOPE_FORMAT,
      envelopeId,
      kind: 'document',
      createdAt: now().toISOString(),
      sender: { bin: self.bin, name: { kk: self.name?.kk ?? self.bin, ru: self.name?.ru ?? self.bin }, endpointUrl: self.endpointUrl },
      recipient: { bin: recipientBin },
      document: {
        senderDocumentId: documentId,
        title: card.title,
        language: (card.language ?? 'kk') as 'kk' | 'ru',
        ...(card.summary && { summary: card.summary }),
        registration: { number: card.registration.number, date: astanaDateLabel(card.registration.registeredAt), registeredAt: card.registration.registeredAt.toISOString() },
        signedContent: content.bytes.toString('base64'),
        signedContentSha256: content.sha256,
        attachments: await readAttachments(documentId),
        signatures: signatures.map((s) => ({ cms: Buffer.from(s.cms.buffer).toString('base64'), receivedAt: s.createdAt.toISOString() })),
        ...(inReplyTo && { inReplyTo }),
      },
    };
  }

  async function buildNoticeEnvelope(envelopeId: string, kind: 'receipt' | 'rejection', documentId: string, recipientBin: string, self: Awaited<ReturnType<typeof identity>>): Promise<Envelope> {
    const card = await models.Document.findById(documentId).lean();
    const exchange = ((card?.fields ?? {}) as Record<string, unknown>).exchange as { envelopeId: string } | undefined;
    const notice = await models.Notice.findById(`${documentId}:${kind}`).lean();
    // Stored by the correspondence hook in the same projection; a retry finds it.
    if (!card || !exchange || !notice) throw new Error(`The ${kind} notice of ${documentId} is not stored yet`);
    const f = notice.fields as Record<string, unknown>;
    const reg = f.registration as { number?: string; date?: string; at?: string } | undefined;
    const reason = f.reason as { code: string; title: string } | undefined;
    const cms = await runtime.signer.sign(Buffer.from(notice.text, 'utf8'));
    return {
      format: ENVELOPE_FORMAT,
      envelopeId,
      kind,
      createdAt: now().toISOString(),
      sender: { bin: self.bin, name: { kk: self.name?.kk ?? self.bin, ru: self.name?.ru ?? self.bin }, endpointUrl: self.endpointUrl },
      recipient: { bin: recipientBin },
      notice: {
        refersTo: exchange.envelopeId,
        language: notice.language as 'kk' | 'ru',
        text: notice.text,
        cms: Buffer.from(cms).toString('base64'),
        ...(kind === 'receipt' && reg?.number && { incomingNumber: reg.number, incomingDate: reg.date, registeredAt: reg.at }),
        ...(kind === 'rejection' && reason && { reason: { code: reason.code, title: reason.title }, comment: str(f.comment) ?? '' }),
        decidedAt: (kind === 'receipt' ? reg?.at : str(f.refusedAtIso)) ?? notice.issuedAt.toISOString(),
      },
    };
  }

  /** Builds and signs the envelope once; a retry returns the stored one (same id, same bytes). */
  async function prepareEnvelope(input: PrepareEnvelopeInput) {
    const self = await identity();
    const envelopeId = envelopeIdFor(self.bin, input.kind, input.documentId, input.recipientBin);
    if (await models.ExchangeOutbox.exists({ _id: envelopeId })) return { envelopeId };
    const envelope =
      input.kind === 'document'
        ? await buildDocumentEnvelope(envelopeId, input.documentId, input.recipientBin, self)
        : input.kind === 'information-request'
          ? await information.buildRequestEnvelope(envelopeId, input.documentId, input.recipientBin, self)
          : input.kind === 'information-answer'
            ? await information.buildAnswerEnvelope(envelopeId, input.documentId, input.recipientBin, self)
            : await buildNoticeEnvelope(envelopeId, input.kind, input.documentId, input.recipientBin, self);
    const bytes = envelopeBytes(envelope);
    const signature = await runtime.signer.sign(bytes);
    try {
      await models.ExchangeOutbox.create({
        _id: envelopeId,
        kind: input.kind,
        documentId: input.documentId,
        recipientBin: input.recipientBin,
        envelope: bytes,
        signature: Buffer.from(signature),
        status: 'prepared',
        preparedAt: now(),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    await audit.append([{ eventKey: `${input.documentId}:exchange.prepared:${envelopeId}`, type: 'exchange.envelope-prepared', at: now(), documentId: input.documentId, data: { envelopeId, kind: input.kind, recipientBin: input.recipientBin } }]);
    return { envelopeId };
  }

  /**
   * One delivery attempt. 2xx: delivered. 4xx other than 408/429: the receiver refused the envelope for
   * good (non-retryable, with its problem+json reason). Anything else (down, 5xx, timeout): retried.
   */
  async function deliverEnvelope(input: DeliverEnvelopeInput): Promise<DeliverEnvelopeResult> {
    const row = await models.ExchangeOutbox.findById(input.envelopeId).lean();
    if (!row) throw ApplicationFailure.nonRetryable(`No prepared envelope ${input.envelopeId}`, 'EnvelopeMissing');
    if (row.status === 'delivered') return { status: 200, duplicate: true };
    const correspondent = await models.Correspondent.findById(row.recipientBin).lean();
    if (!correspondent?.active) {
      throw ApplicationFailure.create({ type: ENVELOPE_REFUSED, nonRetryable: true, message: `BIN ${row.recipientBin} is not an active correspondent`, details: [{ status: 0, code: 'unknown-correspondent', detail: `BIN ${row.recipientBin} is not in the address book` }] });
    }
    const url = `${correspondent.endpointUrl.replace(/\/+$/, '')}/exchange/v1/envelopes`;
    const attemptAt = now();
    let response: Response;
    try {
      response = await (runtime.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
        body: JSON.stringify({ envelope: Buffer.from(row.envelope.buffer).toString('base64'), signature: Buffer.from(row.signature.buffer).toString('base64') }),
        signal: AbortSignal.timeout(90_000),
      });
    } catch (error) {
      const message = `${url}: ${(error as Error).message}`;
      await models.ExchangeOutbox.updateOne({ _id: row._id }, { $set: { lastError: message, lastAttemptAt: attemptAt }, $inc: { attempts: 1 } });
      throw new Error(message);
    }
    const text = await response.text();
    if (response.ok) {
      const deliveredAt = now();
      await models.ExchangeOutbox.updateOne({ _id: row._id }, { $set: { status: 'delivered', deliveredAt, lastAttemptAt: attemptAt }, $unset: { lastError: 1 }, $inc: { attempts: 1 } });
      await audit.append([{ eventKey: `${row.documentId}:exchange.delivered:${row._id}`, type: 'exchange.envelope-delivered', at: deliveredAt, documentId: row.documentId, data: { envelopeId: row._id, kind: row.kind, recipientBin: row.recipientBin } }]);
      if (row.kind === 'document') await startReceiptWait(row.documentId, deliveredAt);
      return { status: response.status, duplicate: false };
    }
    let problem: { type?: string; detail?: string; title?: string } = {};
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      problem = { detail: text.slice(0, 500) };
    }
    const detail = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
    await models.ExchangeOutbox.updateOne({ _id: row._id }, { $set: { lastError: `HTTP ${response.status}: ${detail}`, lastAttemptAt: attemptAt }, $inc: { attempts: 1 } });
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      const code = str(problem.type?.split('/').pop()) ?? `http-${response.status}`;
      throw ApplicationFailure.create({ type: ENVELOPE_REFUSED, nonRetryable: true, message: detail, details: [{ status: response.status, code, detail }] });
    }
    throw new Error(`${url} answered ${response.status}: ${detail}`);
  }

  /** The 1-working-day wait for the receipt (seed-003 §19), on the existing chase workflow. */
  async function startReceiptWait(documentId: string, sentAt: Date): Promise<void> {
    const card = await models.Document.findById(documentId, { authorId: 1, correspondent: 1, fields: 1 }).lean();
    try {
      await models.Delivery.create({
        _id: documentId,
        recipient: card?.correspondent ?? exchangeAddressees(card?.fields as Record<string, unknown>).join(', '),
        sentAt,
        sentBy: card?.authorId ?? EXCHANGE_ACTOR_ID,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // another addressee's delivery recorded it first
    }
    const delivery = (await models.Delivery.findById(documentId).lean())!;
    try {
      await runtime.temporal.workflow.start(defs.RECEIPT_CHASE_WORKFLOW_TYPE, {
        workflowId: defs.receiptChaseWorkflowId(documentId),
        taskQueue: runtime.taskQueue,
        args: [{ documentId, sentAtMs: delivery.sentAt.getTime() } satisfies defs.ReceiptChaseInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async function recordEnvelopeRefused(input: RecordRefusalInput): Promise<void> {
    const row = await models.ExchangeOutbox.findById(input.envelopeId, { documentId: 1, recipientBin: 1, kind: 1 }).lean();
    if (!row) return;
    const at = now();
    await models.ExchangeOutbox.updateOne({ _id: input.envelopeId }, { $set: { status: 'refused', refused: { status: input.status, code: input.code, detail: input.detail, at } } });
    await audit.append([{ eventKey: `${row.documentId}:exchange.refused:${input.envelopeId}`, type: 'exchange.envelope-refused', at, documentId: row.documentId, data: { envelopeId: input.envelopeId, status: input.status, code: input.code } }]);
    if (row.kind === 'information-request') return information.requestDeliveryRefused(row.documentId, row.recipientBin, input.detail);
    if (row.kind === 'information-answer') return; // the request here keeps its answer; the audit trail holds the refusal
    const card = await models.Document.findById(row.documentId, { authorId: 1, title: 1 }).lean();
    if (card?.authorId) {
      await upsertNotification(`${row.documentId}:exchange-refused:${input.envelopeId}`, card.authorId, row.documentId, 'exchange.delivery-refused',
        `BIN ${row.recipientBin} refused the envelope of "${card.title}": ${input.detail}`);
    }
  }

  async function upsertNotification(id: string, recipientId: string, documentId: string, kind: string, message: string): Promise<void> {
    await models.Notification.updateOne({ _id: id }, { $setOnInsert: { recipientId, documentId, kind, message } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }

  // ------------------------------------------------------------------ receiving

  async function processIncomingEnvelope(input: ProcessEnvelopeInput) {
    const row = await models.ExchangeInbox.findById(input.envelopeId).lean();
    if (!row) throw ApplicationFailure.nonRetryable(`No received envelope ${input.envelopeId}`, 'EnvelopeMissing');
    const envelope = parseEnvelope(Buffer.from(row.envelope.buffer));
    if (envelope.kind === 'document') return { kind: envelope.kind, documentId: await createIncomingDocument(envelope, row.receivedAt) };
    if (envelope.kind === 'information-request') return { kind: envelope.kind, documentId: await markProcessed(envelope.envelopeId, await information.receiveRequest(envelope)) };
    if (envelope.kind === 'information-answer') return { kind: envelope.kind, documentId: await markProcessed(envelope.envelopeId, await information.receiveAnswer(envelope, row.receivedAt)) };
    return { kind: envelope.kind, documentId: await attachNotice(envelope, row.receivedAt) };
  }

  /** The inbox row names what an information envelope became (the request here it created or answered). */
  async function markProcessed(envelopeId: string, requestId: string | undefined): Promise<string | undefined> {
    await models.ExchangeInbox.updateOne({ _id: envelopeId }, { $set: { ...(requestId && { documentId: requestId }), processedAt: now() } });
    return requestId;
  }

  /** Every signature of the document, against the bytes it was made over, by someone of the sending BIN. */
  async function verifyDocumentSignatures(envelope: Envelope) {
    const doc = envelope.document!;
    const content = Buffer.from(doc.signedContent, 'base64');
    const mismatches = attachmentMismatches(doc);
    const verdicts = [];
    for (const s of doc.signatures) {
      // The sending organisation vouches (under its envelope signature) for when it received each signature.
      const v = await runtime.verify({ cms: Buffer.from(s.cms, 'base64'), content, receivedAt: new Date(s.receivedAt), bin: envelope.sender.bin });
      const signer = v.report?.signers[0];
      verdicts.push({
        valid: v.valid && mismatches.length === 0,
        failures: [...v.failures, ...mismatches.map((m) => ({ code: 'content-mismatch', message: m }))],
        signer: signer ? { commonName: signer.subject.commonName, iin: signer.subject.iin, bin: signer.subject.bin, organisation: signer.subject.organisation } : undefined,
        signingTime: signer?.signingTime,
        revocation: signer?.revocation.status,
        chain: signer?.chain ?? [],
      });
    }
    return { valid: verdicts.length > 0 && verdicts.every((v) => v.valid), signatures: verdicts };
  }

  async function createIncomingDocument(envelope: Envelope, receivedAt: Date): Promise<string> {
    const documentId = envelope.envelopeId; // one incoming document per envelope, whatever the retries
    const doc = envelope.document!;
    const existing = await models.Document.findById(documentId, { _id: 1 }).lean();
    if (!existing) {
      const verification = await verifyDocumentSignatures(envelope);
      const self = await identity();
      // A reply to one of ours: their envelope names our document's envelope (or its number and date).
      let repliesTo: string | undefined;
      if (doc.inReplyTo?.envelopeId) {
        const ours = await models.ExchangeOutbox.findById(doc.inReplyTo.envelopeId, { documentId: 1, kind: 1 }).lean();
        if (ours?.kind === 'document') {
          repliesTo = ours.documentId;
          await models.ExchangeOutbox.updateOne({ _id: doc.inReplyTo.envelopeId }, { $addToSet: { replies: documentId } });
        }
      }
      const type = await models.DocumentType.findById('incoming-electronic').lean();
      const version = type ? await routeVersions.latest(type.routeKey) : undefined;
      if (!version) throw new Error('The incoming-electronic route has no published version');
      const language = doc.language;
      try {
        await models.Document.create({
          _id: documentId,
          type: 'incoming-electronic',
          title: doc.title,
          language,
          authorId: EXCHANGE_ACTOR_ID,
          correspondent: envelope.sender.name[language],
          summary: doc.summary,
          participants: { addressees: self.addresseeIds ?? [] },
          fields: {
            medium: 'electronic',
            senderNumber: doc.registration.number,
            senderDate: doc.registration.date,
            receivedAt: receivedAt.toISOString(),
            ...(repliesTo && { inReplyTo: repliesTo }),
            exchange: {
              envelopeId: envelope.envelopeId,
              senderBin: envelope.sender.bin,
              senderDocumentId: doc.senderDocumentId,
              ...(doc.inReplyTo && { inReplyTo: doc.inReplyTo }),
              verification,
            },
          },
          route: { key: version.key, version: version.version },
          workflowId: defs.documentWorkflowId(documentId),
          status: 'draft',
          participantIds: [EXCHANGE_ACTOR_ID],
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      await storeAttachments(documentId, doc.attachments);
      await models.ExchangeInbox.updateOne({ _id: envelope.envelopeId }, { $set: { documentId, signatureVerdicts: verification, processedAt: now() } });
      if (repliesTo) await audit.append([{ eventKey: `${repliesTo}:exchange.reply:${documentId}`, type: 'exchange.reply-received', at: now(), documentId: repliesTo, data: { replyDocumentId: documentId } }]);
      await audit.append([{ eventKey: `${documentId}:exchange.document-created`, type: 'exchange.document-received', at: now(), documentId, data: { envelopeId: envelope.envelopeId, senderBin: envelope.sender.bin, signaturesValid: verification.valid } }]);
    }
    // Told before the route reaches them, so no registrar sees the task without the notification.
    await notifyRegistrars(documentId, doc.title, envelope.sender.name.ru);
    await startIncomingRoute(documentId);
    return documentId;
  }

  async function storeAttachments(documentId: string, attachments: NonNullable<Envelope['document']>['attachments']): Promise<void> {
    const bucket = new mongoose.mongo.GridFSBucket(deps.db.db!, { bucketName: ATTACHMENT_BUCKET });
    for (const [i, a] of attachments.entries()) {
      const id = `${documentId}:exchange:${i + 1}`;
      if (await models.Attachment.exists({ _id: id })) continue;
      const files = deps.db.db!.collection(`${ATTACHMENT_BUCKET}.files`);
      if (!(await files.findOne({ _id: id as never }, { projection: { _id: 1 } }))) {
        await new Promise<void>((resolve, reject) => {
          const sink = bucket.openUploadStreamWithId(id as never, a.name, { metadata: { documentId, kind: 'attachment', sha256: a.sha256 } });
          sink.once('finish', () => resolve());
          sink.once('error', reject);
          sink.end(Buffer.from(a.base64, 'base64'));
        });
      }
      try {
        await models.Attachment.create({ _id: id, documentId, slot: i + 1, kind: 'attachment', state: 'stored', filename: a.name, contentType: a.mediaType, size: a.size, sha256: a.sha256, uploadedBy: EXCHANGE_ACTOR_ID });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }

  /** Starts the incoming-electronic route and submits it to registration, as the exchange account. */
  async function startIncomingRoute(documentId: string): Promise<void> {
    const card = await models.Document.findById(documentId, { route: 1 }).lean();
    const pinned = card?.route ? await routeVersions.get(card.route.key, card.route.version) : undefined;
    if (!pinned) throw new Error(`The route of ${documentId} is missing`);
    const route = { key: pinned.key, version: pinned.version, definition: pinned.definition as RouteDefinition };
    try {
      await runtime.temporal.workflow.start(defs.DOCUMENT_WORKFLOW_TYPE, {
        workflowId: defs.documentWorkflowId(documentId),
        taskQueue: runtime.taskQueue,
        args: [{ documentId, authorId: EXCHANGE_ACTOR_ID, route } satisfies defs.DocumentWorkflowInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const handle = runtime.temporal.workflow.getHandle(defs.documentWorkflowId(documentId));
    const state = await handle.query(defs.stateQuery);
    if (state.status !== 'draft') return; // submitted by an earlier attempt
    await handle.executeUpdate(defs.submitUpdate, { args: [{ actor: { employeeId: EXCHANGE_ACTOR_ID, roles: ['employee'] } }] });
  }

  /** "An incoming electronic document is waiting for registration": every registrar hears of it. */
  async function notifyRegistrars(documentId: string, title: string, senderName: string): Promise<void> {
    const registrars = await models.Employee.find({ roles: 'registrar', status: 'active' }, { _id: 1 }).lean();
    for (const r of registrars) {
      await upsertNotification(`${documentId}:exchange-incoming:${r._id}`, String(r._id), documentId, 'exchange.incoming-awaiting-registration',
        `An electronic document "${title}" from ${senderName} is waiting for registration.`);
    }
  }

  /** A receipt or rejection notice about one of our outgoing documents: verified, then attached to its card. */
  async function attachNotice(envelope: Envelope, receivedAt: Date): Promise<string | undefined> {
    const notice = envelope.notice!;
    const ours = await models.ExchangeOutbox.findById(notice.refersTo).lean();
    if (!ours || ours.kind !== 'document' || ours.recipientBin !== envelope.sender.bin) {
      await audit.append([{ eventKey: `exchange.orphan-notice:${envelope.envelopeId}`, type: 'exchange.notice-unmatched', at: now(), data: { envelopeId: envelope.envelopeId, refersTo: notice.refersTo, senderBin: envelope.sender.bin } }]);
      return undefined;
    }
    if (ours.answer?.envelopeId) return ours.documentId; // already attached
    const verdict = await runtime.verify({ cms: Buffer.from(notice.cms, 'base64'), content: Buffer.from(notice.text, 'utf8'), receivedAt, bin: envelope.sender.bin });
    const kind = envelope.kind as 'receipt' | 'rejection';
    // Consequences first, the answer last: whoever sees the answer on the card also finds them done.
    const card = await models.Document.findById(ours.documentId, { authorId: 1, title: 1, fields: 1 }).lean();
    if (kind === 'rejection' && card?.authorId) {
      await upsertNotification(`${ours.documentId}:exchange-rejected:${envelope.envelopeId}`, card.authorId, ours.documentId, 'exchange.rejected',
        `${envelope.sender.name.ru} did not accept "${card.title}": ${notice.reason?.title ?? ''} ${notice.comment ?? ''}`.trim());
    }
    if (kind === 'receipt' && verdict.valid) await recordReceipt(ours.documentId, card, ours._id, receivedAt, notice.incomingNumber, notice.incomingDate);
    await models.ExchangeOutbox.updateOne(
      { _id: ours._id },
      {
        $set: {
          answer: {
            kind,
            envelopeId: envelope.envelopeId,
            receivedAt,
            incomingNumber: notice.incomingNumber,
            incomingDate: notice.incomingDate,
            registeredAt: notice.registeredAt ? new Date(notice.registeredAt) : undefined,
            reason: notice.reason,
            comment: notice.comment,
            text: notice.text,
            verified: verdict.valid,
          },
        },
      },
    );
    await models.ExchangeInbox.updateOne({ _id: envelope.envelopeId }, { $set: { documentId: ours.documentId, signatureVerdicts: { valid: verdict.valid, failures: verdict.failures }, processedAt: now() } });
    await audit.append([
      {
        eventKey: `${ours.documentId}:exchange.${kind}:${envelope.envelopeId}`,
        type: kind === 'receipt' ? 'exchange.receipt-received' : 'exchange.rejection-received',
        at: now(),
        documentId: ours.documentId,
        data: { envelopeId: envelope.envelopeId, senderBin: envelope.sender.bin, verified: verdict.valid },
      },
    ]);
    return ours.documentId;
  }

  /**
   * The receipt closes the 1-working-day wait once every electronic addressee has sent one; a chase
   * already raised is closed too (its task leaves the executor's inbox).
   */
  async function recordReceipt(documentId: string, card: { authorId?: string; fields?: unknown } | null, answeredNow: string, receivedAt: Date, number?: string, date?: string): Promise<void> {
    const self = await identity();
    const addressees = exchangeAddressees(card?.fields as Record<string, unknown>);
    const answers = await Promise.all(addressees.map((bin) => models.ExchangeOutbox.findById(envelopeIdFor(self.bin, 'document', documentId, bin), { answer: 1 }).lean()));
    if (!answers.every((a) => a?._id === answeredNow || (a?.answer?.kind === 'receipt' && a.answer.verified))) return;
    const delivery = await models.Delivery.findById(documentId).lean();
    if (!delivery) return;
    if (!delivery.receipt?.receivedAt) {
      await models.Delivery.updateOne({ _id: documentId }, { $set: { receipt: { receivedAt, recipientNumber: number, recipientDate: date, recordedBy: EXCHANGE_ACTOR_ID, recordedAt: now() } } });
    }
    try {
      await runtime.temporal.workflow.getHandle(defs.receiptChaseWorkflowId(documentId)).signal(defs.receiptRecordedSignal, { receivedAtMs: receivedAt.getTime() });
    } catch (error) {
      if ((error as Error).name !== 'WorkflowNotFoundError') throw error; // the chase already ended: its task is closed below
    }
    const owners = [...new Set([delivery.sentBy, card?.authorId].filter((x): x is string => !!x))];
    for (const owner of owners) await models.InboxEntry.deleteOne({ _id: `${documentId}:receipt-chase:${owner}` });
  }

  return { afterTransition, prepareEnvelope, deliverEnvelope, recordEnvelopeRefused, processIncomingEnvelope };
}

export type ExchangeActivitiesImpl = ReturnType<typeof createExchangeActivities>;
