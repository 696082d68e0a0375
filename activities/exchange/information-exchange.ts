/**
 * Information requests across the exchange (docs/information-requests.md), the I/O side, called by the exchange
 * activities for the two envelope kinds `information-request` and `information-answer`:
 * - build the envelope of our request (its requester's signed text and EDS signature) or of our answer / refusal;
 * - receive a request: verify the requester's signature, judge it against our own catalogue, record it in our
 *   request register and log journal, answer it from a data source at once or leave it to the unit's responders,
 *   and send the signed answer or refusal back;
 * - receive an answer: check that its signed text is about our request and its signature verifies, store it
 *   with the request, log it.
 * Every step is idempotent: the incoming request is keyed by its envelope id, an answer is claimed once per
 * request, and journal entries are written once, marked on the request after they are written.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Models } from '../../db/models';
import type { InfoRequestRecord, InfoSignature } from '../../db/models/information-request';
import type { AuditChain } from '../../domain/audit/audit-chain';
import { ENVELOPE_FORMAT, type Envelope } from '../../domain/exchange/envelope';
import type { ExchangeVerifier, OrgSigner } from '../../domain/exchange/exchange-crypto';
import { answerTextProblem, foreignActor, judgeIncoming, parseRequestText, refusalTextProblem } from '../../domain/information-requests/across-exchange';
import { sharedLogJournal } from '../../domain/information-requests/log-journal';
import { createIncomingProvider, refusalSigningText } from '../../domain/information-requests/provider-port';
import { createReferenceStore } from '../../domain/information-requests/reference-store';
import { createRequestNumbers } from '../../domain/information-requests/request-numbers';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';

interface Self {
  bin: string;
  name?: { kk?: string | null; ru?: string | null } | null;
  endpointUrl: string;
}

export interface InformationExchangeDeps {
  models: Models;
  db: Connection;
  audit: AuditChain;
  signer: OrgSigner;
  verify: ExchangeVerifier;
  /** Employees' signatures (the requester's, a responder's), checked against their IIN. */
  verifyCms?: CmsVerifier;
  identity(): Promise<Self>;
  startDelivery(kind: 'information-answer', documentId: string, recipientBin: string, ownBin: string): Promise<void>;
  now(): Date;
}

/** Bytes as stored: a Buffer written by us, or the driver's Binary read back (whose `buffer` holds the bytes). */
const bytesOf = (value: unknown): Buffer => (value instanceof Uint8Array ? Buffer.from(value) : Buffer.from((value as { buffer: Uint8Array }).buffer));
const signature = (cms: Uint8Array, by: InfoSignature['by'], signerIin?: string): InfoSignature => ({ cms: Buffer.from(cms), sha256: createHash('sha256').update(cms).digest('hex'), signerIin, by });

/** The signer of a personal signature must be of `iin`, and, when the certificate names an organisation, of `bin`. */
async function verifyEmployeeSignature(verifyCms: CmsVerifier | undefined, input: { cms: Uint8Array; text: string; at: Date; iin?: string; bin: string }): Promise<{ valid: boolean; reason: string }> {
  if (!verifyCms) return { valid: false, reason: 'no signature verification is configured on this worker' };
  if (!input.iin) return { valid: false, reason: 'the signer\'s IIN is not given' };
  const verdict = await verifyCms({ cms: input.cms, content: Buffer.from(input.text, 'utf8'), receivedAt: input.at, expectedIins: [input.iin] });
  if (!verdict.valid) return { valid: false, reason: verdict.failures.map((f) => f.message).join('; ') || 'invalid' };
  const signerBin = (verdict.report as { signers?: Array<{ subject?: { bin?: string } }> } | null)?.signers?.[0]?.subject?.bin;
  if (signerBin && signerBin !== input.bin) return { valid: false, reason: `the signer's certificate is of BIN ${signerBin}, not of the sending organisation` };
  return { valid: true, reason: '' };
}

export function createInformationExchange(deps: InformationExchangeDeps) {
  const { models, audit, now } = deps;
  const journal = sharedLogJournal(deps.db);
  const reference = createReferenceStore(models, now);
  const numbers = createRequestNumbers(deps.db);
  const provider = createIncomingProvider({ models, signer: deps.signer });
  const answerClaims = deps.db.collection<{ _id: string; answeredBy: string; answeredAt: Date }>('info_answer_claims');

  const head = (envelopeId: string, kind: Envelope['kind'], recipientBin: string, self: Self) => ({
    format: ENVELOPE_FORMAT as typeof ENVELOPE_FORMAT,
    envelopeId,
    kind,
    createdAt: now().toISOString(),
    sender: { bin: self.bin, name: { kk: self.name?.kk ?? self.bin, ru: self.name?.ru ?? self.bin }, endpointUrl: self.endpointUrl },
    recipient: { bin: recipientBin },
  });

  /** Our request, as its requester signed it. */
  async function buildRequestEnvelope(envelopeId: string, requestId: string, recipientBin: string, self: Self): Promise<Envelope> {
    const row = await models.InfoRequest.findById(requestId).lean<InfoRequestRecord>();
    if (!row?.signature || !row.signedText) throw new Error(`Information request ${requestId} is not stored with its signature`);
    const employee = await models.Employee.findById(row.requesterId, { iin: 1, fullName: 1 }).lean();
    const iin = row.signature.signerIin ?? employee?.iin;
    if (!iin) throw new Error(`The requester of ${requestId} has no IIN`);
    return {
      ...head(envelopeId, 'information-request', recipientBin, self),
      informationRequest: {
        requestId: row._id,
        number: row.number,
        requester: { employeeId: row.requesterId, iin, ...(employee?.fullName && { fullName: employee.fullName }) },
        redacted: row.redacted,
        requestedAt: new Date(row.createdAt).toISOString(),
        signedText: row.signedText,
        cms: bytesOf(row.signature.cms).toString('base64'),
      },
    };
  }

  /** Our answer to (or refusal of) a request that came across the exchange. */
  async function buildAnswerEnvelope(envelopeId: string, requestId: string, recipientBin: string, self: Self): Promise<Envelope> {
    const row = await models.InfoRequest.findById(requestId).lean<InfoRequestRecord>();
    if (!row?.origin) throw new Error(`Information request ${requestId} did not come across the exchange`);
    const refused = row.status === 'refused';
    const signed = refused ? row.refusalSignature : row.answer && { signedText: row.answer.signedText, signature: row.answer.signature };
    if (!signed) throw new Error(`Information request ${requestId} is not answered yet`);
    return {
      ...head(envelopeId, 'information-answer', recipientBin, self),
      informationAnswer: {
        refersTo: row.origin.envelopeId,
        requestId: row.origin.requestId,
        providerNumber: row.number,
        outcome: refused ? 'refused' : 'answered',
        ...(refused ? { refusal: { code: row.refusal!.code, reason: row.refusal!.reason } } : { result: row.answer!.result }),
        redacted: row.redacted,
        signedBy: signed.signature.by,
        ...(signed.signature.signerIin && { signerIin: signed.signature.signerIin }),
        signedText: signed.signedText,
        cms: bytesOf(signed.signature.cms).toString('base64'),
        decidedAt: new Date(refused ? row.createdAt : row.answer!.answeredAt).toISOString(),
      },
    };
  }

  /** A request from another organisation: recorded under its envelope id, so a second delivery finds it. */
  async function receiveRequest(envelope: Envelope): Promise<string> {
    const part = envelope.informationRequest!;
    const id = envelope.envelopeId;
    const senderBin = envelope.sender.bin;
    const requester = foreignActor(senderBin, part.requester.employeeId);
    if (!(await models.InfoRequest.exists({ _id: id }))) {
      const at = now();
      const asked = parseRequestText(part.signedText);
      const requesterSignature = Buffer.from(part.cms, 'base64');
      const checked = asked && asked.requesterId === part.requester.employeeId
        ? await verifyEmployeeSignature(deps.verifyCms, { cms: requesterSignature, text: part.signedText, at: new Date(part.requestedAt), iin: part.requester.iin, bin: senderBin })
        : { valid: false, reason: 'the signed text is not this requester\'s request' };
      const service = asked ? await reference.row('services', String(asked.service), at) : undefined;
      const judged = !checked.valid
        ? { code: 'signature-invalid' as const, reason: `The requester's EDS signature was refused: ${checked.reason}.` }
        : judgeIncoming(asked!, service);
      const number = await numbers.claim(at);
      const base: InfoRequestRecord = {
        _id: id, number, requesterId: requester, basis: asked?.basis ?? 'unknown', identifiers: asked?.identifiers ?? {}, service: asked?.service ?? 0, article: asked?.article,
        subject: asked?.subject ?? '', purpose: asked?.purpose, status: 'awaiting-answer', signature: signature(requesterSignature, 'employee', part.requester.iin), signedText: part.signedText,
        redacted: false, createdAt: at,
        origin: { bin: senderBin, name: envelope.sender.name, envelopeId: id, requestId: part.requestId, number: part.number, requester: part.requester },
      };
      let row: InfoRequestRecord;
      if ('code' in judged) {
        const signedText = refusalSigningText({ requestId: id, number, service: base.service, subject: base.subject, code: judged.code, reason: judged.reason });
        row = { ...base, status: 'refused', refusal: { code: judged.code, field: 'envelope.informationRequest', reason: judged.reason }, refusalSignature: { signedText, signature: signature(await deps.signer.sign(Buffer.from(signedText, 'utf8')), 'organisation') } };
      } else {
        // The provider's own catalogue decides redaction too: the stricter of the two sides holds.
        const redacted = part.redacted || !!service!.redactedUnder?.includes(judged.ground);
        const outcome = await provider.deliver({ requestId: id, number, service: service!, subject: base.subject, redacted, at });
        row = outcome.status === 'answered'
          ? { ...base, redacted, status: 'answered', provider: { kind: 'source' }, answer: { result: outcome.answer.result, answeredBy: 'system:data-source', answeredAt: at, signedText: outcome.answer.signedText, signature: signature(outcome.answer.cms, 'organisation') } }
          : { ...base, redacted, provider: { kind: 'unit', unitId: outcome.status === 'awaiting-answer' ? outcome.unitId : undefined } };
      }
      try {
        // Whole, in one insert: a retry after a crash finds the request with its outcome, or no request at all.
        await models.InfoRequest.collection.insertOne(row as never, { ignoreUndefined: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (row.answer) await answerClaims.insertOne({ _id: id, answeredBy: row.answer.answeredBy, answeredAt: at }).catch((error: unknown) => { if (!isDuplicateKey(error)) throw error; });
    }
    const row = (await models.InfoRequest.findById(id).lean<InfoRequestRecord>())!;
    if (!row.logged) {
      const entry = { requestId: id, requestNumber: row.number, actorId: requester, subject: row.subject, basis: row.basis, identifiers: row.identifiers, service: row.service, article: row.article, at: new Date(row.createdAt) };
      if (row.status === 'refused') {
        await journal.append({ ...entry, kind: 'refusal', refusalCode: row.refusal!.code, reason: `${row.refusal!.reason} (request № ${row.origin!.number} of BIN ${senderBin})` });
      } else {
        await journal.append({ ...entry, kind: 'request', reason: `request № ${row.origin!.number} of BIN ${senderBin}` });
        if (row.answer) await journal.append({ kind: 'answer', requestId: id, requestNumber: row.number, actorId: row.answer.answeredBy, subject: row.subject, service: row.service, at: new Date(row.answer.answeredAt) });
      }
      await models.InfoRequest.collection.updateOne({ _id: id } as never, { $set: { logged: true } });
      await audit.append([{ eventKey: `information-request.received:${id}`, type: 'information-request.received', at: now(), data: { requestId: id, senderBin, status: row.status } }]);
    }
    if (row.status !== 'awaiting-answer') await deps.startDelivery('information-answer', id, senderBin, (await deps.identity()).bin);
    return id;
  }

  /** The provider's answer or refusal of one of our requests. */
  async function receiveAnswer(envelope: Envelope, receivedAt: Date): Promise<string | undefined> {
    const part = envelope.informationAnswer!;
    const senderBin = envelope.sender.bin;
    const row = await models.InfoRequest.findById(part.requestId).lean<InfoRequestRecord>();
    if (!row || row.provider?.kind !== 'exchange' || row.provider.bin !== senderBin || row.provider.envelopeId !== part.refersTo) {
      await audit.append([{ eventKey: `information-answer.unmatched:${envelope.envelopeId}`, type: 'information-answer.unmatched', at: now(), data: { envelopeId: envelope.envelopeId, refersTo: part.refersTo, senderBin } }]);
      return undefined;
    }
    if (row.status === 'awaiting-answer') {
      const cms = Buffer.from(part.cms, 'base64');
      const textProblem = part.outcome === 'answered'
        ? answerTextProblem(part.signedText, { refersTo: part.refersTo, service: row.service, subject: row.subject, result: part.result, redacted: part.redacted })
        : refusalTextProblem(part.signedText, { refersTo: part.refersTo, service: row.service, subject: row.subject, code: part.refusal!.code, reason: part.refusal!.reason });
      const checked = textProblem
        ? { valid: false, reason: textProblem }
        : part.signedBy === 'organisation'
          ? await deps.verify({ cms, content: Buffer.from(part.signedText, 'utf8'), receivedAt, bin: senderBin }).then((v) => ({ valid: v.valid, reason: v.failures.map((f) => f.message).join('; ') }))
          : await verifyEmployeeSignature(deps.verifyCms, { cms, text: part.signedText, at: receivedAt, iin: part.signerIin, bin: senderBin });
      if (!checked.valid) {
        // Not stored as the answer: the request keeps waiting, and the audit trail says why this one was not taken.
        await audit.append([{ eventKey: `information-answer.unverified:${envelope.envelopeId}`, type: 'information-answer.unverified', at: now(), data: { requestId: row._id, envelopeId: envelope.envelopeId, senderBin, reason: checked.reason } }]);
        return row._id;
      }
      const answeredBy = foreignActor(senderBin);
      const decidedAt = new Date(part.decidedAt);
      let claimed = true;
      await answerClaims.insertOne({ _id: row._id, answeredBy, answeredAt: decidedAt }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
        claimed = false;
      });
      if (claimed) {
        const signed = signature(cms, part.signedBy, part.signerIin);
        await models.InfoRequest.collection.updateOne({ _id: row._id } as never, {
          $set: part.outcome === 'answered'
            ? { status: 'answered', redacted: part.redacted, answer: { result: part.result, answeredBy, answeredAt: decidedAt, signedText: part.signedText, signature: signed }, 'provider.providerNumber': part.providerNumber }
            : { status: 'refused', refusal: { code: part.refusal!.code, field: 'provider', reason: part.refusal!.reason }, refusalSignature: { signedText: part.signedText, signature: signed }, 'provider.providerNumber': part.providerNumber },
        });
      }
    }
    const now_ = (await models.InfoRequest.findById(row._id).lean<InfoRequestRecord>())!;
    if (now_.status !== 'awaiting-answer' && !now_.outcomeLogged) {
      const actorId = foreignActor(senderBin);
      if (now_.status === 'answered') await journal.append({ kind: 'answer', requestId: row._id, requestNumber: row.number, actorId, subject: row.subject, service: row.service, reason: `answered by BIN ${senderBin} as № ${part.providerNumber}`, at: new Date(part.decidedAt) });
      else await journal.append({ kind: 'refusal', requestId: row._id, requestNumber: row.number, actorId, subject: row.subject, service: row.service, refusalCode: now_.refusal?.code, reason: now_.refusal?.reason, at: new Date(part.decidedAt) });
      await models.InfoRequest.collection.updateOne({ _id: row._id } as never, { $set: { outcomeLogged: true } });
      await audit.append([{ eventKey: `information-answer.received:${row._id}`, type: now_.status === 'answered' ? 'information-answer.received' : 'information-refusal.received', at: now(), data: { requestId: row._id, envelopeId: envelope.envelopeId, senderBin } }]);
    }
    return row._id;
  }

  /** The provider's installation refused our request's envelope for good: the request ends refused, logged. */
  async function requestDeliveryRefused(requestId: string, recipientBin: string, detail: string): Promise<void> {
    const row = await models.InfoRequest.findById(requestId).lean<InfoRequestRecord>();
    if (!row || row.status !== 'awaiting-answer') return;
    const at = now();
    const claimed = await answerClaims.insertOne({ _id: requestId, answeredBy: foreignActor(recipientBin), answeredAt: at }).then(() => true, (error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
      return false;
    });
    if (!claimed) return;
    const reason = `The organisation with BIN ${recipientBin} did not accept the request: ${detail}`;
    await models.InfoRequest.collection.updateOne({ _id: requestId } as never, { $set: { status: 'refused', refusal: { code: 'delivery-refused', field: 'provider', reason }, outcomeLogged: true } });
    await journal.append({ kind: 'refusal', requestId, requestNumber: row.number, actorId: foreignActor(recipientBin), subject: row.subject, service: row.service, refusalCode: 'delivery-refused', reason, at });
  }

  return { buildRequestEnvelope, buildAnswerEnvelope, receiveRequest, receiveAnswer, requestDeliveryRefused };
}
