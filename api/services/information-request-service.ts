/**
 * Information requests between bodies (seed-004 §P3–P5; docs/information-requests.md): the reference tables,
 * the case register, the request with its checks and EDS signature, the providing side's answer, the log
 * journal, departmental control and the prosecutor's check. Every request, answer and refusal goes into the
 * log journal; every administrative change into the audit trail.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { envelopeIdFor } from '../../domain/exchange/envelope';
import { excelJs } from '../../domain/rendering/file-libraries';
import * as defs from '../../workflows/definitions';
import type { Connection } from 'mongoose';
import type { Models } from '../../db/models';
import type { InfoProsecutorCheckRecord, InfoRequestRecord, InfoReviewRecord, InfoSignature } from '../../db/models/information-request';
import { canonicalJson } from '../../domain/audit/canonical-json';
import { astanaIso } from '../../domain/calendar/astana-time';
import type { OrgSigner } from '../../domain/exchange/exchange-crypto';
import type { Basis, CaseRegister } from '../../domain/information-requests/catalogue-seed';
import { caseId, createCaseRegisterJustification, parseCaseCsv, type JustificationPort } from '../../domain/information-requests/justification';
import { LOG_COLUMNS, logCell, logCsv, sharedLogJournal, type LogEntry, type LogQuery } from '../../domain/information-requests/log-journal';
import { answerSigningText, createLocalProvider, dataSourceId, routedProvider, type ProviderPort } from '../../domain/information-requests/provider-port';
import { createReferenceStore, type ReferenceTable } from '../../domain/information-requests/reference-store';
import { createRequestNumbers } from '../../domain/information-requests/request-numbers';
import { openMonthlyReviews } from '../../domain/information-requests/reviews';
import { admit, articleKey, hiddenFieldsIn, isRefusal, requestSigningText, type Identifiers, type Refusal } from '../../domain/information-requests/request-rules';
import type { EdsPort } from '../auth/eds-port';
import { parseOrThrow } from '../validation';
import { referenceRowData } from './information-request-schemas';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { AuditRecorder } from './audit-recorder';

export interface InformationRequestDeps {
  models: Models;
  db: Connection;
  record: AuditRecorder;
  eds?: EdsPort;
  /** The organisation key: signs automatic answers and prosecutor's exports. */
  signer?: OrgSigner;
  /** Blocks an account at once (sessions revoked), as the org service does. */
  blockAccount: (caller: { actor: AuthenticatedActor; source: string }, employeeId: string, reason: string) => Promise<void>;
  justification?: JustificationPort;
  provider?: ProviderPort;
  /** Where requests to other organisations are sent from: the exchange's delivery workflow (docs/exchange.md). */
  exchange?: { temporal: Client; taskQueue: string };
  now?: () => Date;
}

export interface RequestInput {
  basis: Basis;
  identifiers: Identifiers;
  service: number;
  article?: string;
  subject: string;
  purpose?: string;
  cms: string;
}

const OVERSIGHT_ROLES = ['auditor', 'administrator'];

function signatureOf(cms: Uint8Array, by: InfoSignature['by'], signerIin?: string): InfoSignature {
  const bytes = Buffer.from(cms);
  return { cms: bytes, sha256: createHash('sha256').update(bytes).digest('hex'), signerIin, by };
}

function cmsBytes(text: string): Buffer {
  return Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

export function createInformationRequestService(deps: InformationRequestDeps) {
  const { models, record } = deps;
  const now = deps.now ?? (() => new Date());
  const reference = createReferenceStore(models, now);
  const journal = sharedLogJournal(deps.db);
  const justification = deps.justification ?? createCaseRegisterJustification(models);
  /** Starts (once: the workflow id is the envelope's) the delivery of an information envelope to another organisation. */
  async function startDelivery(kind: 'information-request' | 'information-answer', documentId: string, recipientBin: string, ownBin: string): Promise<string> {
    if (!deps.exchange) throw problems.unavailable('Electronic exchange is not configured on this server.');
    const envelopeId = envelopeIdFor(ownBin, kind, documentId, recipientBin);
    try {
      await deps.exchange.temporal.workflow.start(defs.EXCHANGE_DELIVERY_WORKFLOW_TYPE, {
        workflowId: defs.exchangeDeliveryWorkflowId(envelopeId),
        taskQueue: deps.exchange.taskQueue,
        args: [{ kind, documentId, recipientBin } satisfies defs.ExchangeDeliveryInput],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return envelopeId;
  }

  /** A service provided by another organisation: the request is sent across the exchange; its answer comes back as an envelope. */
  const across: ProviderPort = {
    async deliver(request) {
      const bin = request.service.providerBin!;
      const self = await models.ExchangeIdentity.findById('self', { bin: 1 }).lean();
      const correspondent = await models.Correspondent.findById(bin, { name: 1 }).lean();
      if (!self || !correspondent) throw new Error(`Exchange with BIN ${bin} is not configured`);
      const envelopeId = envelopeIdFor(self.bin, 'information-request', request.requestId, bin);
      // Recorded before the envelope leaves, so an answer arriving at once finds which envelope it answers.
      await models.InfoRequest.collection.updateOne({ _id: request.requestId } as never, { $set: { provider: { kind: 'exchange', bin, name: { kk: correspondent.name?.kk ?? bin, ru: correspondent.name?.ru ?? bin }, envelopeId } } });
      await startDelivery('information-request', request.requestId, bin, self.bin);
      return { status: 'sent', providerBin: bin, envelopeId };
    },
  };
  const provider = deps.provider ?? routedProvider(createLocalProvider({ models, signer: deps.signer }), across);
  const requestNumbers = createRequestNumbers(deps.db);
  const answerClaims = deps.db.collection<{ _id: string; answeredBy: string; answeredAt: Date }>('info_answer_claims');

  const who = (actor: AuthenticatedActor, source?: string) => ({ employeeId: actor.employeeId, roles: actor.roles, source });
  const isOverseer = (actor: AuthenticatedActor) => actor.roles.some((r) => OVERSIGHT_ROLES.includes(r));
  const unitOf = async (actor: AuthenticatedActor) => (await models.Employee.findById(actor.employeeId, { unitId: 1 }).lean())?.unitId;

  const claimNumber = (at: Date) => requestNumbers.claim(at);

  // ---------------------------------------------------------------- reference data
  async function referenceTable(table: ReferenceTable) {
    const rows = await reference.table(table);
    return rows.map((r) => ({
      key: r.key,
      current: r.current && referenceVersionView(r.current),
      versions: r.versions.map(referenceVersionView),
    }));
  }

  function referenceVersionView(v: { version: number; validFrom: Date; data: Record<string, unknown>; ambiguous?: string; changedBy: string; changedAt: Date; reason?: string }) {
    return { version: v.version, validFrom: v.validFrom.toISOString(), data: v.data, ambiguous: v.ambiguous ?? undefined, changedBy: v.changedBy, changedAt: v.changedAt.toISOString(), reason: v.reason ?? undefined };
  }

  async function changeReference(actor: AuthenticatedActor, table: ReferenceTable, key: string, input: { data: Record<string, unknown>; validFrom: Date; reason: string; expectedVersion?: number }, source: string) {
    const data = parseOrThrow(referenceRowData[table], input.data, 'body.data') as Record<string, unknown>;
    const rowKey = table === 'services' ? String(data.code) : String(data.key);
    if (rowKey !== key) throw problems.validation([{ field: table === 'services' ? 'body.data.code' : 'body.data.key', message: `must be the row's key, ${key}` }]);
    const changed = await reference.change(table, key, { ...input, data, changedBy: actor.employeeId });
    if (changed.conflict) throw problems.conflict(`Row ${table}/${key} is at version ${changed.current}; reload it and change that version.`, 'version-conflict');
    await record('information-reference.changed', who(actor, source), { data: { table, key, version: changed.record.version, validFrom: input.validFrom.toISOString(), reason: input.reason } });
    return referenceVersionView(changed.record);
  }

  // ---------------------------------------------------------------- catalogue roles of employees
  async function setRequesterRole(actor: AuthenticatedActor, employeeId: string, roleKey: string, source: string) {
    if (!(await models.Employee.findById(employeeId, { _id: 1 }).lean())) throw problems.notFound(`Employee ${employeeId}`);
    if (!(await reference.row('roles', roleKey))) {
      throw problems.validation([{ field: 'body.roleKey', message: `"${roleKey}" is not in the role catalogue` }]);
    }
    await models.InfoRequester.collection.replaceOne({ _id: employeeId } as never, { roleKey, changedBy: actor.employeeId, changedAt: now() }, { upsert: true });
    await record('information-requester.role-set', who(actor, source), { data: { employeeId, roleKey } });
    return { employeeId, roleKey };
  }

  async function listRequesters() {
    const rows = await models.InfoRequester.find({}).sort({ _id: 1 }).lean();
    return rows.map((r) => ({ employeeId: String(r._id), roleKey: r.roleKey, changedBy: r.changedBy, changedAt: new Date(r.changedAt).toISOString() }));
  }

  async function removeRequesterRole(actor: AuthenticatedActor, employeeId: string, source: string) {
    const removed = await models.InfoRequester.collection.deleteOne({ _id: employeeId } as never);
    if (!removed.deletedCount) throw problems.notFound(`Catalogue role of employee ${employeeId}`);
    await record('information-requester.role-removed', who(actor, source), { data: { employeeId } });
  }

  // ---------------------------------------------------------------- case register
  async function putCase(actor: AuthenticatedActor, input: { register: CaseRegister; number: string; court?: string; year?: string; assignedTo: string[]; articles: string[] }, source: string) {
    if (input.register === 'court' && (!input.court || !input.year)) {
      throw problems.validation([{ field: input.court ? 'body.year' : 'body.court', message: 'a court case needs the court and the year' }]);
    }
    const id = caseId(input.register, { caseNumber: input.number, court: input.court, year: input.year });
    const articles = input.articles.map(articleKey);
    await models.InfoCase.collection.replaceOne({ _id: id } as never, { ...input, articles, updatedBy: actor.employeeId, updatedAt: now() }, { upsert: true });
    await record('information-case.saved', who(actor, source), { data: { caseId: id, assignedTo: input.assignedTo } });
    return { id, ...input, articles };
  }

  async function importCases(actor: AuthenticatedActor, csv: string, source: string) {
    const parsed = parseCaseCsv(csv);
    // Someone assigned who is not an employee here would make the case nobody's: refused by line, like the rest.
    const named = [...new Set(parsed.rows.flatMap((r) => r.assignedTo))];
    const known = new Set((await models.Employee.find({ _id: { $in: named } }, { _id: 1 }).lean()).map((e) => String(e._id)));
    for (const row of parsed.rows) {
      const unknown = row.assignedTo.filter((id) => !known.has(id));
      if (unknown.length) parsed.errors.push({ line: row.line ?? 0, code: 'unknown-employee', message: `no employee ${unknown.join(', ')}` });
    }
    if (parsed.errors.length) {
      const errors = parsed.errors.sort((a, b) => a.line - b.line);
      throw new HttpProblem(422, 'validation', 'The request is not valid', errors.map((e) => `line ${e.line}: ${e.message}`).join('; '), {
        errors: errors.map((e) => ({ field: `body.csv.line${e.line}`, message: e.message })),
        lines: errors.map((e) => ({ line: e.line, code: e.code })),
      });
    }
    for (const { line: _line, ...row } of parsed.rows) {
      const id = caseId(row.register, { caseNumber: row.number, court: row.court, year: row.year });
      await models.InfoCase.collection.replaceOne({ _id: id } as never, { ...row, articles: row.articles.map(articleKey), updatedBy: actor.employeeId, updatedAt: now() }, { upsert: true });
    }
    await record('information-case.imported', who(actor, source), { data: { rows: parsed.rows.length } });
    return { imported: parsed.rows.length };
  }

  async function listCases(actor: AuthenticatedActor) {
    const rows = await models.InfoCase.find(isOverseer(actor) ? {} : { assignedTo: actor.employeeId }).sort({ _id: 1 }).lean();
    return rows.map((r) => ({ id: r._id, register: r.register, number: r.number, court: r.court ?? undefined, year: r.year ?? undefined, assignedTo: r.assignedTo, articles: r.articles }));
  }

  async function putDataSource(actor: AuthenticatedActor, service: number, subject: string, input: { found: boolean; result: Record<string, unknown> }, source: string) {
    if (!(await reference.row('services', String(service)))) throw problems.notFound(`Service ${service}`);
    // "Not found" with data would sign data into an answer that says there is none.
    if (!input.found && Object.keys(input.result).length) throw problems.validation([{ field: 'body.result', message: 'an answer "not found" carries no data' }]);
    await models.InfoDataSource.collection.replaceOne({ _id: dataSourceId(service, subject) } as never, { service, subject, found: input.found, result: input.result, changedBy: actor.employeeId, changedAt: now() }, { upsert: true });
    await record('information-source.saved', who(actor, source), { data: { service, found: input.found } });
  }

  async function listDataSource(service: number) {
    const rows = await models.InfoDataSource.find({ service }).sort({ subject: 1 }).lean();
    return rows.map((r) => ({ service: r.service, subject: r.subject, found: r.found !== false, result: (r.result ?? {}) as Record<string, unknown>, changedBy: r.changedBy, changedAt: new Date(r.changedAt).toISOString() }));
  }

  // ---------------------------------------------------------------- the request
  async function refuse(actor: AuthenticatedActor, input: Omit<RequestInput, 'cms'>, refusal: Refusal, source: string, signature?: InfoSignature, signedText?: string): Promise<never> {
    const at = now();
    const id = randomUUID();
    const number = await claimNumber(at);
    const roleKey = (await models.InfoRequester.findById(actor.employeeId).lean())?.roleKey;
    const row: InfoRequestRecord = {
      _id: id, number, requesterId: actor.employeeId, roleKey, basis: input.basis, identifiers: input.identifiers as Record<string, string>, service: input.service,
      article: input.article, subject: input.subject, purpose: input.purpose, status: 'refused', refusal, signature, signedText, redacted: false, createdAt: at,
    };
    await models.InfoRequest.collection.insertOne(JSON.parse(JSON.stringify({ ...row, signature: undefined, createdAt: undefined })) as never);
    await models.InfoRequest.collection.updateOne({ _id: id } as never, { $set: { createdAt: at, ...(signature && { signature }) } });
    await journal.append({ kind: 'refusal', requestId: id, requestNumber: number, actorId: actor.employeeId, subject: input.subject, basis: input.basis, identifiers: input.identifiers as Record<string, string>, service: input.service, article: input.article, refusalCode: refusal.code, reason: refusal.reason, at });
    await record('information-request.refused', who(actor, source), { data: { requestId: id, code: refusal.code } });
    throw new HttpProblem(422, `information-request/${refusal.code}`, 'The request is refused', refusal.reason, { errors: [{ field: refusal.field, message: refusal.reason }], requestId: id, number, code: refusal.code });
  }

  async function submit(actor: AuthenticatedActor, body: RequestInput, source: string) {
    if (!deps.eds) throw problems.unavailable('EDS signatures are not configured on this server: requests must be signed (¶2).');
    const at = now();
    const { cms, ...input } = body;
    const article = input.article ? articleKey(input.article) : undefined;
    const fields = { ...input, article };
    // Signed as the user stated it; the article is read into its Annex 3 key only for the checks and the log.
    const signedText = requestSigningText({ requesterId: actor.employeeId, ...input });
    const employee = await models.Employee.findById(actor.employeeId, { iin: 1 }).lean();
    const verdict = employee?.iin
      ? await deps.eds.verifySignature({ cms, content: new TextEncoder().encode(signedText), receivedAt: at, expectedIins: [employee.iin] })
      : { valid: false, failures: [{ code: 'no-iin', message: 'your account has no IIN to match the certificate against' }] };
    if (!verdict.valid) {
      return refuse(actor, fields, { code: 'signature-invalid', field: 'body.cms', reason: `The EDS signature was refused: ${verdict.failures.map((f) => f.message).join('; ')}.` }, source);
    }
    const signature = signatureOf(cmsBytes(cms), 'employee', 'signer' in verdict ? verdict.signer?.iin : undefined);

    const roleKey = (await models.InfoRequester.findById(actor.employeeId).lean())?.roleKey;
    const [role, service, articleRow] = await Promise.all([
      roleKey ? reference.row('roles', roleKey, at) : undefined,
      reference.row('services', String(input.service), at),
      article ? reference.row('articles', article, at) : undefined,
    ]);
    const admission = admit({ role, service, basis: input.basis, identifiers: input.identifiers, article, articleRow });
    if (isRefusal(admission)) return refuse(actor, fields, admission, source, signature, signedText);
    const justified = await justification.check({ employeeId: actor.employeeId, basis: input.basis, identifiers: input.identifiers, article: service?.needsWhitelistedArticle ? article : undefined });
    if (!justified.justified) return refuse(actor, fields, justified, source, signature, signedText);
    if (service?.providerBin) {
      if (!deps.exchange || !(await models.ExchangeIdentity.exists({ _id: 'self' }))) throw problems.unavailable('Electronic exchange is not configured on this server: the service is provided by another organisation.');
      const correspondent = await models.Correspondent.findById(service.providerBin, { active: 1 }).lean();
      if (!correspondent || correspondent.active === false) {
        return refuse(actor, fields, { code: 'provider-not-correspondent', field: 'body.service', reason: `Service ${service.code} is provided by the organisation with BIN ${service.providerBin}, which is not in the exchange address book.` }, source, signature, signedText);
      }
    }

    const id = randomUUID();
    const number = await claimNumber(at);
    const row: InfoRequestRecord = {
      _id: id, number, requesterId: actor.employeeId, roleKey, basis: input.basis, identifiers: input.identifiers as Record<string, string>, service: input.service, article,
      subject: input.subject, purpose: input.purpose, status: 'awaiting-answer', signature, signedText, redacted: admission.redacted, createdAt: at,
    };
    await models.InfoRequest.collection.insertOne(row as never);
    await journal.append({ kind: 'request', requestId: id, requestNumber: number, actorId: actor.employeeId, subject: input.subject, basis: input.basis, identifiers: input.identifiers as Record<string, string>, service: input.service, article, at });
    await record('information-request.sent', who(actor, source), { data: { requestId: id, service: input.service, basis: input.basis, exempt: justified.exempt } });

    const outcome = await provider.deliver({ requestId: id, number, service: service!, subject: input.subject, redacted: admission.redacted, at });
    if (outcome.status === 'awaiting-answer') {
      await models.InfoRequest.collection.updateOne({ _id: id } as never, { $set: { provider: { kind: 'unit', unitId: outcome.unitId } } });
    } else if (outcome.status === 'answered') {
      await storeAnswer(id, number, input.subject, input.service, 'system:data-source', outcome.answer.result, outcome.answer.signedText, signatureOf(outcome.answer.cms, 'organisation'), { kind: 'source' });
    }
    return get(actor, id);
  }

  /**
   * One answer per request: claimed by inserting it under the request's id (a conditional update is not atomic on
   * the embedded database), so of two responders answering at once the second gets a conflict, never an overwrite.
   */
  async function storeAnswer(id: string, number: string, subject: string, service: number, answeredBy: string, result: unknown, signedText: string, signature: InfoSignature, providerInfo?: InfoRequestRecord['provider']) {
    const answeredAt = now();
    try {
      await answerClaims.insertOne({ _id: id, answeredBy, answeredAt });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw problems.conflict(`Request ${number} has already been answered.`);
      throw error;
    }
    await models.InfoRequest.collection.updateOne({ _id: id } as never, { $set: { status: 'answered', answer: { result, answeredBy, answeredAt, signedText, signature }, ...(providerInfo && { provider: providerInfo }) } });
    await journal.append({ kind: 'answer', requestId: id, requestNumber: number, actorId: answeredBy, subject, service, at: answeredAt });
  }

  async function loadVisible(actor: AuthenticatedActor, id: string): Promise<InfoRequestRecord> {
    const row = await models.InfoRequest.findById(id).lean<InfoRequestRecord>();
    // One answer for "absent" and "not yours", so an outsider learns nothing from the difference.
    if (!row) throw problems.notFound(`Request ${id}`);
    if (row.requesterId === actor.employeeId || isOverseer(actor)) return row;
    if (row.provider?.kind === 'unit' && row.provider.unitId && (await unitOf(actor)) === row.provider.unitId) return row;
    throw problems.notFound(`Request ${id}`);
  }

  /** The other organisation a request went to or came from, by its name (the screens never show a bare BIN). */
  function organisationOf(row: InfoRequestRecord) {
    if (row.provider?.kind === 'exchange' && row.provider.bin) {
      return { direction: 'to' as const, bin: row.provider.bin, name: row.provider.name ?? { kk: row.provider.bin, ru: row.provider.bin }, number: row.provider.providerNumber ?? undefined };
    }
    if (row.origin) return { direction: 'from' as const, bin: row.origin.bin, name: row.origin.name, number: row.origin.number, requester: row.origin.requester.fullName ?? undefined };
    return undefined;
  }

  function view(row: InfoRequestRecord) {
    const sig = (s?: InfoSignature) => s && { sha256: s.sha256, by: s.by, signerIin: s.signerIin ?? undefined, cms: Buffer.from((s.cms as unknown as { buffer?: Uint8Array }).buffer ?? s.cms).toString('base64') };
    return {
      id: row._id,
      number: row.number,
      requesterId: row.requesterId,
      roleKey: row.roleKey ?? undefined,
      basis: row.basis,
      identifiers: row.identifiers,
      service: row.service,
      article: row.article ?? undefined,
      subject: row.subject,
      purpose: row.purpose ?? undefined,
      status: row.status,
      redacted: row.redacted,
      refusal: row.refusal ?? undefined,
      providerUnitId: row.provider?.unitId ?? undefined,
      organisation: organisationOf(row),
      refusalSignature: row.refusalSignature && { signedText: row.refusalSignature.signedText, signature: sig(row.refusalSignature.signature)! },
      signature: sig(row.signature),
      answer: row.answer && { result: row.answer.result, answeredBy: row.answer.answeredBy, answeredAt: new Date(row.answer.answeredAt).toISOString(), signedText: row.answer.signedText, signature: sig(row.answer.signature)! },
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }

  async function get(actor: AuthenticatedActor, id: string) {
    return view(await loadVisible(actor, id));
  }

  /** Mine, and the ones my unit has to answer; overseers see all. */
  async function list(actor: AuthenticatedActor, query: { box?: 'mine' | 'to-answer' }) {
    const filter = query.box === 'to-answer' ? { status: 'awaiting-answer', 'provider.unitId': await unitOf(actor) } : isOverseer(actor) && !query.box ? {} : { requesterId: actor.employeeId };
    const rows = await models.InfoRequest.find(filter).sort({ createdAt: -1 }).limit(500).lean<InfoRequestRecord[]>();
    return rows.map(view);
  }

  /** The responder's answer: signed with their own EDS, and never carrying what a redacted service hides. */
  async function answer(actor: AuthenticatedActor, id: string, input: { result: unknown; cms: string }, source: string) {
    const row = await loadVisible(actor, id);
    if (row.provider?.kind !== 'unit' || row.provider.unitId !== (await unitOf(actor))) throw problems.notFound(`Request ${id}`);
    if (row.status !== 'awaiting-answer') throw problems.conflict(`Request ${row.number} is already ${row.status}.`);
    if (row.redacted) {
      const service = await reference.row('services', String(row.service), new Date(row.createdAt));
      const hidden = hiddenFieldsIn(input.result, service?.hiddenFields ?? []);
      if (hidden.length) throw problems.validation(hidden.map((f) => ({ field: `body.result.${f}`, message: 'this answer is redacted on the request\'s ground: leave this field out' })));
    }
    if (!deps.eds) throw problems.unavailable('EDS signatures are not configured on this server.');
    const signedText = answerSigningText({ requestId: row._id, number: row.number, service: row.service, subject: row.subject, redacted: row.redacted, result: input.result });
    const employee = await models.Employee.findById(actor.employeeId, { iin: 1 }).lean();
    const verdict = await deps.eds.verifySignature({ cms: input.cms, content: new TextEncoder().encode(signedText), receivedAt: now(), expectedIins: employee?.iin ? [employee.iin] : [] });
    if (!verdict.valid) {
      throw problems.unprocessable(`The signature was refused: ${verdict.failures.map((f) => f.message).join('; ')}.`, 'signature-invalid', { errors: [{ field: 'body.cms', message: 'the signature does not verify' }] });
    }
    await storeAnswer(row._id, row.number, row.subject, row.service, actor.employeeId, input.result, signedText, signatureOf(cmsBytes(input.cms), 'employee', verdict.signer?.iin));
    await record('information-request.answered', who(actor, source), { data: { requestId: row._id } });
    if (row.origin) {
      // A request from another organisation: the signed answer goes back to it across the exchange.
      const self = await models.ExchangeIdentity.findById('self', { bin: 1 }).lean();
      if (self) await startDelivery('information-answer', row._id, row.origin.bin, self.bin);
    }
    return get(actor, id);
  }

  const toSign = (text: string) => ({ text, base64: Buffer.from(text, 'utf8').toString('base64') });

  function requestText(actor: AuthenticatedActor, input: Omit<RequestInput, 'cms'>) {
    return toSign(requestSigningText({ requesterId: actor.employeeId, ...input }));
  }

  async function answerText(actor: AuthenticatedActor, id: string, result: unknown) {
    const row = await loadVisible(actor, id);
    return toSign(answerSigningText({ requestId: row._id, number: row.number, service: row.service, subject: row.subject, redacted: row.redacted, result }));
  }

  // ---------------------------------------------------------------- the log journal
  async function searchLog(query: LogQuery) {
    return (await journal.search(query)).map((e) => ({ ...e, at: e.at.toISOString() }));
  }

  async function exportLog(query: LogQuery, format: 'csv' | 'xlsx'): Promise<Buffer> {
    const rows = await journal.search(query, 100_000);
    if (format === 'csv') return Buffer.from(logCsv(rows), 'utf8');
    const book = new (excelJs().Workbook)();
    const sheet = book.addWorksheet('Log');
    sheet.addRow([...LOG_COLUMNS]);
    for (const r of rows) sheet.addRow(LOG_COLUMNS.map((c) => logCell(r as LogEntry, c)));
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  // ---------------------------------------------------------------- departmental control
  /** Opens the month's review for every unit head (domain/information-requests/reviews.ts; the monthly schedule does the same). */
  async function openReviews(month: string): Promise<{ opened: number }> {
    const { opened } = await openMonthlyReviews(models, month, now());
    return { opened };
  }

  function monthRange(month: string): { from: Date; to: Date } {
    const [y, m] = month.split('-').map(Number);
    const from = new Date(`${month}-01T00:00:00+05:00`);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return { from, to: new Date(`${next}-01T00:00:00+05:00`) };
  }

  async function reviewOf(actor: AuthenticatedActor, id: string): Promise<InfoReviewRecord> {
    const review = await models.InfoReview.findById(id).lean<InfoReviewRecord>();
    if (!review || (review.officialId !== actor.employeeId && !isOverseer(actor))) throw problems.notFound(`Review ${id}`);
    return review;
  }

  async function reviewView(review: InfoReviewRecord) {
    const { from, to } = monthRange(review.month);
    const staff = await models.Employee.find({ unitId: { $in: review.unitIds } }, { _id: 1 }).lean();
    const subordinates = staff.map((e) => e._id).filter((e) => e !== review.officialId);
    const requests = await models.InfoRequest.find({ requesterId: { $in: subordinates }, createdAt: { $gte: from, $lt: to } }).sort({ createdAt: 1 }).lean<InfoRequestRecord[]>();
    return {
      id: review._id, month: review.month, officialId: review.officialId, status: review.status,
      violations: review.violations.map((v) => ({ ...v, markedAt: new Date(v.markedAt).toISOString() })),
      requests: requests.map(view),
    };
  }

  async function myReviews(actor: AuthenticatedActor) {
    const rows = await models.InfoReview.find(isOverseer(actor) ? {} : { officialId: actor.employeeId }).sort({ _id: -1 }).lean<InfoReviewRecord[]>();
    return rows.map((r) => ({ id: r._id, month: r.month, officialId: r.officialId, status: r.status, violations: r.violations.length }));
  }

  async function getReview(actor: AuthenticatedActor, id: string) {
    return reviewView(await reviewOf(actor, id));
  }

  /** A violation blocks the requester's account at once (¶12) and is recorded with its reason, in the review and the log journal. */
  async function markViolation(actor: AuthenticatedActor, id: string, input: { requestId: string; reason: string }, source: string) {
    const review = await reviewOf(actor, id);
    const shown = await reviewView(review);
    const request = shown.requests.find((r) => r.id === input.requestId);
    if (!request) throw problems.validation([{ field: 'body.requestId', message: 'this request is not among the ones under this review' }]);
    const at = now();
    await models.InfoReview.collection.updateOne({ _id: id } as never, { $push: { violations: { requestId: input.requestId, employeeId: request.requesterId, reason: input.reason, markedAt: at } } } as never);
    await deps.blockAccount({ actor, source }, request.requesterId, `departmental control ${review.month}: ${input.reason}`);
    await journal.append({ kind: 'violation', requestId: request.id, requestNumber: request.number, actorId: actor.employeeId, subject: request.requesterId, reason: input.reason, at });
    await record('information-review.violation', who(actor, source), { data: { reviewId: id, requestId: input.requestId, employeeId: request.requesterId } });
    return getReview(actor, id);
  }

  // ---------------------------------------------------------------- prosecutor's check
  async function prosecutorCheck(actor: AuthenticatedActor, input: { employeeId: string; from: Date; to: Date; prosecutor: string; resolution?: { number: string; date: string; fileName: string; contentBase64: string } }, source: string) {
    const at = now();
    if (!input.resolution) {
      await journal.append({ kind: 'refusal', actorId: actor.employeeId, subject: input.employeeId, refusalCode: 'resolution-required', reason: `prosecutor ${input.prosecutor}: no check resolution attached (¶55)`, at });
      await record('information-prosecutor-check.refused', who(actor, source), { data: { employeeId: input.employeeId } });
      throw problems.unprocessable('A prosecutor\'s request for a user\'s activity is accepted only with a copy of the check resolution (¶55).', 'information-request/resolution-required', {
        errors: [{ field: 'body.resolution', message: 'attach the check resolution' }],
      });
    }
    if (!deps.signer) throw problems.unavailable('No organisation key is configured to sign the export.');
    const content = Buffer.from(input.resolution.contentBase64, 'base64');
    if (!content.length) throw problems.validation([{ field: 'body.resolution.contentBase64', message: 'the copy of the resolution is empty' }]);
    const requests = await models.InfoRequest.find({ requesterId: input.employeeId, createdAt: { $gte: input.from, $lt: input.to } }).sort({ createdAt: 1 }).lean<InfoRequestRecord[]>();
    const log = await journal.search({ actorId: input.employeeId, from: input.from, to: input.to }, 100_000);
    const id = randomUUID();
    const exportBody = {
      kind: 'qujat-prosecutor-check-export',
      checkId: id,
      employeeId: input.employeeId,
      from: astanaIso(input.from),
      to: astanaIso(input.to),
      resolution: { number: input.resolution.number, date: input.resolution.date, sha256: createHash('sha256').update(content).digest('hex') },
      requests: requests.map((r) => { const v = view(r); return { ...v, signature: v.signature && { sha256: v.signature.sha256 }, answer: v.answer && { ...v.answer, signature: { sha256: v.answer.signature.sha256 } } }; }),
      log: log.map((e) => ({ seq: e.seq, kind: e.kind, atAstana: e.atAstana, requestNumber: e.requestNumber, service: e.service, refusalCode: e.refusalCode, hash: e.hash })),
      exportedAt: astanaIso(at),
    };
    const exportText = canonicalJson(exportBody);
    const signature = signatureOf(await deps.signer.sign(new TextEncoder().encode(exportText)), 'organisation');
    await models.InfoProsecutorCheck.collection.insertOne({
      _id: id, employeeId: input.employeeId, from: input.from, to: input.to, prosecutor: input.prosecutor,
      resolution: { number: input.resolution.number, date: input.resolution.date, fileName: input.resolution.fileName, sha256: exportBody.resolution.sha256, content }, registeredBy: actor.employeeId, exportText, signature, createdAt: at,
    } as never);
    await journal.append({ kind: 'prosecutor-export', actorId: actor.employeeId, subject: input.employeeId, reason: `prosecutor ${input.prosecutor}, resolution ${input.resolution.number} of ${input.resolution.date}`, at });
    await record('information-prosecutor-check.answered', who(actor, source), { data: { checkId: id, employeeId: input.employeeId, requests: requests.length } });
    return { id, exportText, export: exportBody, signature: { sha256: signature.sha256, cms: signature.cms.toString('base64') } };
  }

  /** Past checks, newest first: who was checked, for which period, on whose resolution; the files are fetched one by one. */
  async function listProsecutorChecks() {
    const rows = await models.InfoProsecutorCheck.find({}, { exportText: 0, 'resolution.content': 0, 'signature.cms': 0 }).sort({ createdAt: -1 }).lean<InfoProsecutorCheckRecord[]>();
    return rows.map((r) => ({
      id: r._id, employeeId: r.employeeId, from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), prosecutor: r.prosecutor,
      resolution: { number: r.resolution.number, date: r.resolution.date, fileName: r.resolution.fileName }, registeredBy: r.registeredBy, createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /** One kept file of a check: the signed export (its canonical JSON), its detached signature, or the resolution's copy. */
  async function prosecutorCheckFile(id: string, part: 'export' | 'signature' | 'resolution'): Promise<{ content: Buffer; fileName: string; contentType: string }> {
    const check = await models.InfoProsecutorCheck.findById(id).lean<InfoProsecutorCheckRecord>();
    if (!check) throw problems.notFound(`Prosecutor's check ${id}`);
    const bytes = (b: unknown) => Buffer.from((b as { buffer?: Uint8Array }).buffer ?? (b as Uint8Array));
    const day = astanaIso(new Date(check.createdAt)).slice(0, 10);
    if (part === 'export') return { content: Buffer.from(check.exportText, 'utf8'), fileName: `prosecutor-check-${day}.json`, contentType: 'application/json; charset=utf-8' };
    if (part === 'signature') return { content: bytes(check.signature.cms), fileName: `prosecutor-check-${day}.json.p7s`, contentType: 'application/pkcs7-signature' };
    return { content: bytes(check.resolution.content), fileName: check.resolution.fileName, contentType: 'application/octet-stream' };
  }

  return {
    reference, journal, referenceTable, changeReference, setRequesterRole, listRequesters, removeRequesterRole, putCase, importCases, listCases, putDataSource, listDataSource,
    submit, get, list, answer, requestText, answerText, searchLog, exportLog, verifyLog: () => journal.verify(),
    openMonthlyReviews: openReviews, myReviews, getReview, markViolation, prosecutorCheck, listProsecutorChecks, prosecutorCheckFile,
  };
}

export type InformationRequestService = ReturnType<typeof createInformationRequestService>;
