/**
 * Electronic exchange over HTTP (docs/exchange.md): the organisation's identity, the address book of
 * correspondents, the receiving endpoint, and what the document card shows about an exchange (per addressee
 * of an outgoing document; the verification verdict of an incoming one).
 */
import type { Models } from '../../db/models';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaDateTimeLabel } from '../../domain/journals/document-caption';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { certificateBin, certificateDigest, type ExchangeVerifier } from '../../domain/exchange/exchange-crypto';
import { checkFreshness, envelopeIdFor, EnvelopeRefused, exchangeAddressees, parseEnvelope, sha256Hex, type Envelope, type EnvelopeKind } from '../../domain/exchange/envelope';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import * as defs from '../../workflows/definitions';
import { parseCertificate } from '../../signing/certs/parsed-certificate';
import { pemToDerList } from '../../signing/pem';
import type { Connection } from 'mongoose';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

export interface ExchangeServiceDeps {
  models: Models;
  db: Connection;
  audit: AuditChain;
  documents: DocumentService;
  temporal: Client;
  taskQueue: string;
  /** The check of correspondents' organisation signatures; without it the receiving endpoint answers 503. */
  verify?: ExchangeVerifier;
}

export interface AcceptResult {
  envelopeId: string;
  kind: EnvelopeKind;
  duplicate: boolean;
  receivedAt: string;
}

interface Who {
  actor: AuthenticatedActor;
  source?: string;
}

function certificateView(pem: string) {
  const [der] = pemToDerList(pem, ['CERTIFICATE']);
  const parsed = parseCertificate(der);
  return {
    sha256: certificateDigest(pem),
    subject: parsed.subjectDn,
    bin: certificateBin(pem),
    notBefore: parsed.notBefore.toISOString(),
    notAfter: parsed.notAfter.toISOString(),
  };
}

/** An envelope refusal as problem+json: who the sender is not, or what in the envelope is wrong. */
function refusalProblem(error: EnvelopeRefused): HttpProblem {
  const status = error.code === 'unknown-sender' ? 403 : error.code === 'forged-envelope' ? 401 : error.code === 'envelope-id-reused' ? 409 : 422;
  const title = { 'unknown-sender': 'Unknown sender', 'forged-envelope': 'The envelope signature is not valid', 'envelope-id-reused': 'Replayed envelope id', 'stale-envelope': 'Envelope outside the replay window', 'malformed-envelope': 'Malformed envelope', 'wrong-addressee': 'Not addressed to us', 'sender-mismatch': 'Sender mismatch' }[error.code];
  return new HttpProblem(status, error.code, title, error.message, error.field ? { errors: [{ field: error.field, message: error.message }] } : {});
}

export function createExchangeService(deps: ExchangeServiceDeps) {
  const { models, audit } = deps;

  /**
   * The receiving endpoint's checks and storage. Order: shape → known sender → its organisation signature with
   * a pinned certificate → addressed to us → one row per envelope id (the same bytes again is a duplicate,
   * other bytes under a known id a replay) → freshness. Processing follows in exchangeReceiveWorkflow.
   */
  async function acceptEnvelope(verify: ExchangeVerifier, transmission: { envelope: string; signature: string }): Promise<AcceptResult> {
    const bytes = Buffer.from(transmission.envelope, 'base64');
    const signature = Buffer.from(transmission.signature, 'base64');
    const envelope = parseEnvelope(bytes);
    const self = await models.ExchangeIdentity.findById('self').lean();
    if (!self) throw problems.unavailable('The organisation identity for exchange is not configured.');
    const sender = await models.Correspondent.findById(envelope.sender.bin).lean();
    if (!sender?.active) throw new EnvelopeRefused(`BIN ${envelope.sender.bin} is not a correspondent of ours.`, 'unknown-sender', 'envelope.sender.bin');
    const receivedAt = new Date();
    const verdict = await verify({ cms: signature, content: bytes, receivedAt, bin: envelope.sender.bin });
    if (!verdict.valid) {
      throw new EnvelopeRefused(`The organisation signature does not verify: ${verdict.failures.map((f) => f.message).join('; ') || 'invalid'}.`, 'forged-envelope', 'signature');
    }
    // A row written without the list (not through the model) pins nothing: every envelope from it is refused.
    const pinned = new Set((sender.certificates ?? []).map((c) => c.sha256));
    if (!verdict.signerCertificates.some((d) => pinned.has(d))) {
      throw new EnvelopeRefused(`The envelope is signed with a certificate not registered for BIN ${envelope.sender.bin}.`, 'forged-envelope', 'signature');
    }
    if (envelope.recipient.bin !== self.bin) throw new EnvelopeRefused(`The envelope is addressed to BIN ${envelope.recipient.bin}, not to us.`, 'wrong-addressee', 'envelope.recipient.bin');
    const sha256 = sha256Hex(bytes);
    const earlier = await models.ExchangeInbox.findById(envelope.envelopeId, { sha256: 1, receivedAt: 1 }).lean();
    if (earlier) return duplicateOf(earlier, envelope, sha256);
    checkFreshness(envelope, receivedAt.getTime());
    try {
      await models.ExchangeInbox.create({
        _id: envelope.envelopeId,
        kind: envelope.kind,
        senderBin: envelope.sender.bin,
        envelope: bytes,
        signature,
        sha256,
        receivedAt,
        envelopeVerification: verdict.report,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const raced = (await models.ExchangeInbox.findById(envelope.envelopeId, { sha256: 1, receivedAt: 1 }).lean())!;
      return duplicateOf(raced, envelope, sha256);
    }
    await audit.append([{ eventKey: `exchange.received:${envelope.envelopeId}`, type: 'exchange.envelope-received', at: receivedAt, data: { envelopeId: envelope.envelopeId, kind: envelope.kind, senderBin: envelope.sender.bin, sha256 } }]);
    await startProcessing(envelope.envelopeId);
    return { envelopeId: envelope.envelopeId, kind: envelope.kind, duplicate: false, receivedAt: receivedAt.toISOString() };
  }

  async function duplicateOf(earlier: { sha256: string; receivedAt: Date }, envelope: Envelope, sha256: string): Promise<AcceptResult> {
    if (earlier.sha256 !== sha256) throw new EnvelopeRefused(`Envelope id ${envelope.envelopeId} was already received with other contents.`, 'envelope-id-reused', 'envelope.envelopeId');
    await startProcessing(envelope.envelopeId); // the first delivery may have died before starting it
    return { envelopeId: envelope.envelopeId, kind: envelope.kind, duplicate: true, receivedAt: earlier.receivedAt.toISOString() };
  }

  async function startProcessing(envelopeId: string): Promise<void> {
    try {
      await deps.temporal.workflow.start(defs.EXCHANGE_RECEIVE_WORKFLOW_TYPE, {
        workflowId: defs.exchangeReceiveWorkflowId(envelopeId),
        taskQueue: deps.taskQueue,
        args: [{ envelopeId } satisfies defs.ExchangeReceiveInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async function identity() {
    const self = await models.ExchangeIdentity.findById('self').lean();
    if (!self) throw problems.notFound('The organisation identity for exchange (it is created on first start from the organisation certificate)');
    return {
      name: { kk: self.name?.kk ?? '', ru: self.name?.ru ?? '' },
      bin: self.bin,
      endpointUrl: self.endpointUrl,
      addresseeIds: self.addresseeIds ?? [],
      certificate: certificateView(self.certificatePem),
    };
  }

  /** Name, endpoint and default addressees; the BIN and certificate follow the organisation key. */
  async function updateIdentity(who: Who, body: { name: { kk: string; ru: string }; endpointUrl: string; addresseeIds: string[] }) {
    if (!(await models.ExchangeIdentity.exists({ _id: 'self' }))) await identity();
    for (const [i, id] of body.addresseeIds.entries()) {
      const e = await models.Employee.findById(id, { status: 1 }).lean();
      if (e?.status !== 'active') throw problems.validation([{ field: `body.addresseeIds.${i}`, message: `no active employee "${id}"` }]);
    }
    await models.ExchangeIdentity.updateOne({ _id: 'self' }, { $set: { name: body.name, endpointUrl: body.endpointUrl, addresseeIds: body.addresseeIds } });
    await audit.append([{ eventKey: `exchange.identity:${Date.now()}:${who.actor.employeeId}`, type: 'exchange.identity-changed', at: new Date(), actorId: who.actor.employeeId, source: who.source, data: { endpointUrl: body.endpointUrl } }]);
    return identity();
  }

  function correspondentView(c: { _id: string; name?: { kk?: string | null; ru?: string | null } | null; endpointUrl: string; certificates?: Array<{ pem: string }> | null; active?: boolean | null; updatedAt?: Date }) {
    return {
      bin: c._id,
      name: { kk: c.name?.kk ?? '', ru: c.name?.ru ?? '' },
      endpointUrl: c.endpointUrl,
      active: c.active !== false,
      certificates: (c.certificates ?? []).map((x) => certificateView(x.pem)),
    };
  }

  async function listCorrespondents() {
    const rows = await models.Correspondent.find({}).sort({ _id: 1 }).lean();
    return rows.map(correspondentView);
  }

  async function getCorrespondent(bin: string) {
    const row = await models.Correspondent.findById(bin).lean();
    if (!row) throw problems.notFound(`Correspondent with BIN ${bin}`);
    return correspondentView(row);
  }

  /** Creates or replaces an entry; every certificate must be an organisation certificate of that BIN. */
  async function putCorrespondent(who: Who, bin: string, body: { name: { kk: string; ru: string }; endpointUrl: string; certificates: string[]; active: boolean }) {
    const certificates = body.certificates.map((pem, i) => {
      let owner: string | undefined;
      try {
        owner = certificateBin(pem);
        certificateView(pem);
      } catch {
        throw problems.validation([{ field: `body.certificates.${i}`, message: 'not a PEM certificate' }]);
      }
      if (owner !== bin) throw problems.validation([{ field: `body.certificates.${i}`, message: owner ? `a certificate of BIN ${owner}, not ${bin}` : 'not an organisation certificate (no OU=BIN…)' }]);
      return { pem, sha256: certificateDigest(pem) };
    });
    await models.Correspondent.updateOne({ _id: bin }, { $set: { name: body.name, endpointUrl: body.endpointUrl, certificates, active: body.active } }, { upsert: true });
    await audit.append([{ eventKey: `exchange.correspondent:${bin}:${Date.now()}`, type: 'exchange.correspondent-saved', at: new Date(), actorId: who.actor.employeeId, source: who.source, data: { bin, active: body.active, certificates: certificates.map((c) => c.sha256) } }]);
    return getCorrespondent(bin);
  }

  /** The receiving endpoint: 202 for a new envelope, 200 for one already received (same bytes). */
  async function receive(transmission: { envelope: string; signature: string }) {
    if (!deps.verify) throw problems.unavailable('Electronic exchange is not configured on this installation.');
    try {
      return await acceptEnvelope(deps.verify, transmission);
    } catch (error) {
      if (error instanceof EnvelopeRefused) {
        await audit.append([{ eventKey: `exchange.refused:${Date.now()}:${Math.random()}`, type: 'exchange.envelope-refused-at-receipt', at: new Date(), data: { code: error.code, detail: error.message } }]);
        throw refusalProblem(error);
      }
      throw error;
    }
  }

  /** Re-verifies a stored envelope from its bytes as received (e.g. years later, for an auditor). */
  async function reverify(envelopeId: string) {
    if (!deps.verify) throw problems.unavailable('Electronic exchange is not configured on this installation.');
    const row = await models.ExchangeInbox.findById(envelopeId).lean();
    if (!row) throw problems.notFound(`Received envelope ${envelopeId}`);
    const bytes = Buffer.from(row.envelope.buffer);
    const envelope = parseEnvelope(bytes);
    const verdict = await deps.verify({ cms: Buffer.from(row.signature.buffer), content: bytes, receivedAt: row.receivedAt, bin: envelope.sender.bin });
    return { envelopeId, senderBin: row.senderBin, receivedAt: row.receivedAt.toISOString(), sha256: row.sha256, valid: verdict.valid, failures: verdict.failures };
  }

  /** What a card shows: per electronic addressee of an outgoing document, or the verdict on an incoming one. */
  async function documentExchange(actor: AuthenticatedActor, documentId: string) {
    const doc = await deps.documents.loadVisible(actor, documentId);
    const fields = (doc.fields ?? {}) as Record<string, unknown>;
    const self = await models.ExchangeIdentity.findById('self', { bin: 1 }).lean();
    const addressees = [];
    for (const bin of exchangeAddressees(fields)) {
      const correspondent = await models.Correspondent.findById(bin, { name: 1 }).lean();
      const row = self ? await models.ExchangeOutbox.findById(envelopeIdFor(self.bin, 'document', documentId, bin)).lean() : null;
      const answer = row?.answer?.kind ? row.answer : undefined;
      const status = !row
        ? ('waiting' as const)
        : answer?.kind === 'receipt'
          ? ('registered' as const)
          : answer?.kind === 'rejection'
            ? ('rejected' as const)
            : row.status === 'refused'
              ? ('refused' as const)
              : row.status === 'delivered'
                ? ('delivered' as const)
                : ('sending' as const);
      addressees.push({
        bin,
        name: { kk: correspondent?.name?.kk ?? bin, ru: correspondent?.name?.ru ?? bin },
        status,
        envelopeId: row?._id,
        sentAt: row?.preparedAt?.toISOString(),
        attempts: row?.attempts ?? 0,
        lastError: row?.status === 'prepared' ? (row.lastError ?? undefined) : undefined,
        deliveredAt: row?.deliveredAt?.toISOString(),
        refused: row?.refused?.at ? { status: row.refused.status ?? 0, code: row.refused.code ?? '', detail: row.refused.detail ?? '', at: row.refused.at.toISOString() } : undefined,
        answer: answer
          ? {
              kind: answer.kind as 'receipt' | 'rejection',
              receivedAt: answer.receivedAt?.toISOString(),
              incomingNumber: answer.incomingNumber ?? undefined,
              incomingDate: answer.incomingDate ?? undefined,
              registeredAt: answer.registeredAt?.toISOString(),
              reason: answer.reason?.code ? { code: answer.reason.code, title: answer.reason.title ?? '' } : undefined,
              comment: answer.comment ?? undefined,
              text: answer.text ?? undefined,
              signatureValid: answer.verified === true,
            }
          : undefined,
      });
    }
    // Replies that came to this outgoing document (their incoming cards here).
    const replies = [];
    for (const bin of exchangeAddressees(fields)) {
      const row = self ? await models.ExchangeOutbox.findById(envelopeIdFor(self.bin, 'document', documentId, bin), { replies: 1 }).lean() : null;
      replies.push(...(row?.replies ?? []));
    }
    const exchange = fields.exchange as
      | { envelopeId: string; senderBin: string; senderDocumentId: string; inReplyTo?: { number: string; date: string }; verification?: { valid: boolean; signatures: unknown[] } }
      | undefined;
    return {
      documentId,
      outgoing: addressees.length ? { addressees, replies: [...new Set(replies)] } : undefined,
      incoming: exchange
        ? {
            envelopeId: exchange.envelopeId,
            senderBin: exchange.senderBin,
            senderNumber: typeof fields.senderNumber === 'string' ? fields.senderNumber : undefined,
            senderDate: typeof fields.senderDate === 'string' ? fields.senderDate : undefined,
            receivedAt: typeof fields.receivedAt === 'string' ? astanaDateTimeLabel(new Date(fields.receivedAt)) : undefined,
            inReplyTo: exchange.inReplyTo,
            repliesTo: typeof fields.inReplyTo === 'string' ? fields.inReplyTo : undefined,
            verification: exchange.verification ?? { valid: false, signatures: [] },
          }
        : undefined,
    };
  }

  return { identity, updateIdentity, listCorrespondents, getCorrespondent, putCorrespondent, receive, reverify, documentExchange };
}

export type ExchangeService = ReturnType<typeof createExchangeService>;
