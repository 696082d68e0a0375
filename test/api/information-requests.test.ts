/**
 * Justified information requests between bodies (seed-004 §P3–P5): the §8 scenarios that concern requests,
 * named by their number, and the journal, departmental control and prosecutor's check around them.
 * The providing side here is the in-installation provider (a data source, or a responder of a unit).
 */
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createSigningEngineEds } from '../../api/auth/signing-engine-eds';
import { createCrl, createTestCa, issueEndEntity, type Credential } from '../../client/dev-ca';
import { signCms } from '../../client/sign-cms';
import { makeIin } from '../../db/seed/iin';
import { createAuditChain } from '../../domain/audit/audit-chain';
import { astanaIso } from '../../domain/calendar/astana-time';
import { orgSignerFromPem } from '../../domain/exchange/exchange-crypto';
import { LOG_JOURNAL_COLLECTION } from '../../domain/information-requests/log-journal';
import { answerSigningText } from '../../domain/information-requests/provider-port';
import { requestSigningText } from '../../domain/information-requests/request-rules';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../signing';
import { startTestSystem, type TestSystem } from '../support/system';
import { withDigit } from '../support/two-orgs';

jest.setTimeout(180_000);

const ca = createTestCa({ keyType: 'ec' });
const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
const BIN = withDigit('12034000567');
const orgKey = issueEndEntity(ca, { fullName: 'Ақпарат орталығы Мөр', iin: withDigit('70010100001'), bin: BIN, organisation: 'Operator' }, { purpose: 'sign' });

/** Reads a response body as bytes, whatever its content type. */
function binary(response: unknown, done: (err: Error | null, body: Buffer) => void): void {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

let sys: TestSystem;
let http: request.Agent;
const tokens: Record<string, string> = {};
const keys: Record<string, Credential> = {};
const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

/** People: [id, unit, system roles, catalogue role]. */
const PEOPLE: Array<[string, string, string[], string | undefined]> = [
  ['inv-a', 'investigations', ['employee'], 'investigator-mvd'],
  ['inv-b', 'investigations', ['employee'], 'investigator-mvd'],
  ['inv-c', 'investigations', ['employee'], 'investigator-mvd'],
  ['inv-d', 'investigations', ['employee'], 'investigator-mvd'],
  ['knb-inv', 'knb', ['employee'], 'investigator-knb'],
  ['bailiff', 'bailiffs', ['employee'], 'bailiff'],
  ['judge', 'court', ['employee'], 'judge'],
  ['head', 'investigations', ['employee'], 'criminal-police'],
  ['responder', 'pension-fund', ['employee'], undefined],
  ['outsider', 'knb', ['employee'], undefined],
  ['newcomer', 'court', ['employee'], undefined],
  ['admin', 'operator', ['employee', 'administrator'], undefined],
  ['auditor', 'operator', ['employee', 'auditor'], undefined],
];

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  const { app } = createApp({
    config: { temporal: { taskQueue: sys.taskQueue, namespace: 'default', port: 0, uiPort: 0 } },
    db: sys.db, models: sys.models, temporal: sys.temporal, audit: createAuditChain(sys.models.AuditEvent), logger: pino({ level: 'silent' }),
    eds: createSigningEngineEds(context),
    informationRequests: { signer: orgSignerFromPem(orgKey.keyPem, orgKey.certPem, [ca.intermediate.certPem]) },
  });
  http = request(app) as unknown as request.Agent;
  await sys.models.Unit.create([
    { _id: 'investigations', name: { kk: 'Тергеу', ru: 'Следствие' }, headEmployeeId: 'head' },
    { _id: 'knb', name: { kk: 'ҰҚК', ru: 'КНБ' } },
    { _id: 'bailiffs', name: { kk: 'Орындаушылар', ru: 'Исполнители' } },
    { _id: 'court', name: { kk: 'Сот', ru: 'Суд' } },
    { _id: 'pension-fund', name: { kk: 'Зейнетақы қоры', ru: 'Пенсионный фонд' } },
    { _id: 'operator', name: { kk: 'Оператор', ru: 'Оператор' } },
  ]);
  let serial = 1;
  for (const [id, unitId, roles] of PEOPLE) {
    const iin = makeIin('1985-05-05', 'male', serial++ * 10);
    await sys.addPeople([{ id, unitId, roles: roles as never, iin }]);
    keys[id] = issueEndEntity(ca, { fullName: `Test ${id}`, iin }, { purpose: 'sign' });
    tokens[id] = await sys.tokenFor(id);
  }
  for (const [id, , , roleKey] of PEOPLE) if (roleKey) await http.put(`/api/information-requests/requesters/${id}`).set(as('admin')).send({ roleKey }).expect(200);
  await http.put('/api/information-requests/cases').set(as('admin')).send({ register: 'erdr', number: 'ERDR-A-1', assignedTo: ['inv-a', 'inv-c'], articles: ['245-1'] }).expect(200);
  await http.put('/api/information-requests/cases').set(as('admin')).send({ register: 'erdr', number: 'ERDR-B-1', assignedTo: ['inv-b'], articles: ['105-1'] }).expect(200);
  await http.put('/api/information-requests/data-sources/11/880101300123').set(as('admin'))
    .send({ result: { employer: 'ЖШС Бірлік', months: [{ month: '2026-10', amount: 154000 }], total: 154000 } }).expect(204);
});
afterAll(() => sys?.stop());

async function sign(who: string, text: string): Promise<string> {
  return Buffer.from(await signCms({ content: new TextEncoder().encode(text), keyPem: keys[who].keyPem, certPem: keys[who].certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: false })).toString('base64');
}

interface Ask {
  basis: string;
  identifiers?: Record<string, string>;
  service: number;
  article?: string;
  subject?: string;
}

/** Signs the request as `signAs` (the requester unless a test forges it) and sends it, expecting `status`. */
async function ask(status: number, who: string, input: Ask, signAs = who) {
  const body = { identifiers: {}, subject: '880101300123', ...input };
  const cms = await sign(signAs, requestSigningText({ requesterId: who, basis: body.basis, identifiers: body.identifiers, service: body.service, article: body.article, subject: body.subject }));
  return http.post('/api/information-requests').set(as(who)).send({ ...body, cms }).expect(status);
}

async function logOf(requestId: string) {
  return (await http.get('/api/information-requests/log').query({ requestId }).set(as('auditor')).expect(200)).body as Array<Record<string, unknown>>;
}

describe('§8 scenarios', () => {
  it('§8.5 someone else\'s case: refused as unjustified, with the reason, and logged', async () => {
    const res = await ask(422, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-B-1' }, service: 1 });
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'case-not-yours', errors: [{ field: 'body.identifiers.caseNumber' }] });
    const log = await logOf(res.body.requestId);
    expect(log).toEqual([expect.objectContaining({ kind: 'refusal', actorId: 'inv-a', refusalCode: 'case-not-yours', service: 1, basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-B-1' }, subject: '880101300123' })]);
    expect(log[0].atAstana).toMatch(/\+05:00$/);
    const stored = (await http.get(`/api/information-requests/${res.body.requestId}`).set(as('inv-a')).expect(200)).body;
    expect(stored).toMatchObject({ status: 'refused', refusal: { code: 'case-not-yours' } });
  });

  it('§8.6 missing identifiers: an assignment without its outgoing number and a civil case without year or court are refused; international assistance with its three numbers passes without the case check', async () => {
    const assignment = await ask(422, 'inv-a', { basis: 'criminal-assignment', identifiers: { caseNumber: 'ERDR-A-1' }, service: 1 });
    expect(assignment.body).toMatchObject({ code: 'identifier-missing', errors: [{ field: 'body.identifiers.assignmentOutgoingNumber' }] });
    const noYear = await ask(422, 'judge', { basis: 'civil-case-court', identifiers: { caseNumber: '2-100/26', court: 'Астана қалалық соты' }, service: 1 });
    expect(noYear.body.errors).toEqual([expect.objectContaining({ field: 'body.identifiers.year' })]);
    const noCourt = await ask(422, 'judge', { basis: 'civil-case-court', identifiers: { caseNumber: '2-100/26', year: '2026' }, service: 1 });
    expect(noCourt.body.errors).toEqual([expect.objectContaining({ field: 'body.identifiers.court' })]);
    const international = await ask(201, 'inv-a', {
      basis: 'international-assistance', identifiers: { assignmentOutgoingNumber: 'MLA-77', requestingBody: 'Prosecutor General of Kyrgyzstan', coverLetterOutgoingNumber: '2-15/901' }, service: 1,
    });
    expect(international.body).toMatchObject({ status: 'answered', basis: 'international-assistance' });
  });

  it('§8.7 article whitelist: art. 245 part 1 opens the VAT-payer service; 215, 240 and a non-economic article do not', async () => {
    const ok = await ask(201, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 38, article: '245 part 1' });
    expect(ok.body).toMatchObject({ status: 'answered', article: '245-1', answer: { signature: { by: 'organisation' } } });
    for (const article of ['215', '240-1', '105-1']) {
      const refused = await ask(422, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 38, article });
      expect(refused.body).toMatchObject({ code: 'article-not-whitelisted', errors: [{ field: 'body.article' }] });
      expect((await logOf(refused.body.requestId))[0]).toMatchObject({ kind: 'refusal', refusalCode: 'article-not-whitelisted', article });
    }
    const noArticle = await ask(422, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 38 });
    expect(noArticle.body.code).toBe('article-required');
  });

  it('§8.8 role and ground matrix: a bailiff on a criminal case and a КНБ investigator on service 27 are refused; a redacted pension answer has no amounts', async () => {
    const bailiff = await ask(422, 'bailiff', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 1 });
    expect(bailiff.body).toMatchObject({ code: 'ground-not-allowed', errors: [{ field: 'body.basis' }] });
    const knb = await ask(422, 'knb-inv', { basis: 'initial-check', service: 27 });
    expect(knb.body).toMatchObject({ code: 'service-restricted-to-body', errors: [{ field: 'body.service' }] });
    const mvd = await ask(201, 'inv-a', { basis: 'initial-check', service: 27 });
    expect(mvd.body.status).toBe('answered');

    const redacted = await ask(201, 'inv-a', { basis: 'initial-check', service: 11 });
    expect(redacted.body).toMatchObject({ redacted: true, answer: { result: { found: true, data: { employer: 'ЖШС Бірлік', months: [{ month: '2026-10' }] } } } });
    expect(JSON.stringify(redacted.body.answer.result)).not.toMatch(/amount|total|154000/);
    expect(redacted.body.answer.signedText).not.toMatch(/154000/);
    const full = await ask(201, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 11 });
    expect(full.body).toMatchObject({ redacted: false, answer: { result: { data: { total: 154000 } } } });
  });

  it('§8.10 a prosecutor\'s request without the resolution copy is refused and logged; with it the answer is a signed export of the user\'s requests', async () => {
    await ask(201, 'inv-c', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 1 });
    await ask(422, 'inv-c', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-B-1' }, service: 1 });
    const period = { employeeId: 'inv-c', from: '2020-01-01T00:00:00+05:00', to: '2099-01-01T00:00:00+05:00', prosecutor: 'Прокурор Есіл ауданы' };
    const without = await http.post('/api/information-requests/prosecutor-checks').set(as('auditor')).send(period).expect(422);
    expect(without.body).toMatchObject({ errors: [{ field: 'body.resolution' }] });
    const refusals = (await http.get('/api/information-requests/log').query({ kind: 'refusal', subject: 'inv-c' }).set(as('auditor')).expect(200)).body;
    expect(refusals).toEqual(expect.arrayContaining([expect.objectContaining({ refusalCode: 'resolution-required', actorId: 'auditor' })]));
    await http.post('/api/information-requests/prosecutor-checks').set(as('inv-a')).send(period).expect(403);

    const resolution = { number: '45-17', date: '2026-11-30', fileName: 'қаулы.pdf', contentBase64: Buffer.from('%PDF-1.4 resolution').toString('base64') };
    const check = await http.post('/api/information-requests/prosecutor-checks').set(as('auditor')).send({ ...period, resolution }).expect(201);
    expect(check.body.export.requests.map((r: { status: string }) => r.status).sort()).toEqual(['answered', 'refused']);
    const report = await verifyCms({ cms: Buffer.from(check.body.signature.cms, 'base64'), content: new TextEncoder().encode(check.body.exportText), receivedAt: new Date() }, context);
    expect(report.valid).toBe(true);
    const tampered = await verifyCms({ cms: Buffer.from(check.body.signature.cms, 'base64'), content: new TextEncoder().encode(check.body.exportText.replace('refused', 'answered')), receivedAt: new Date() }, context);
    expect(tampered.valid).toBe(false);

    // The check is listed for auditors, and its kept files come back as they were signed and received.
    const listed = (await http.get('/api/information-requests/prosecutor-checks').set(as('auditor')).expect(200)).body;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id: check.body.id, employeeId: 'inv-c', prosecutor: period.prosecutor, resolution: { number: '45-17', date: '2026-11-30', fileName: 'қаулы.pdf' } })]));
    expect(JSON.stringify(listed)).not.toContain(resolution.contentBase64);
    const exported = await http.get(`/api/information-requests/prosecutor-checks/${check.body.id}/export`).set(as('auditor')).buffer(true).parse(binary).expect(200);
    expect(exported.body.toString('utf8')).toBe(check.body.exportText);
    const signature = await http.get(`/api/information-requests/prosecutor-checks/${check.body.id}/signature`).set(as('auditor')).buffer(true).parse(binary).expect(200);
    expect(signature.body.toString('base64')).toBe(check.body.signature.cms);
    const copy = await http.get(`/api/information-requests/prosecutor-checks/${check.body.id}/resolution`).set(as('auditor')).buffer(true).parse(binary).expect(200);
    expect(copy.body.toString()).toBe('%PDF-1.4 resolution');
    expect(copy.headers['content-disposition']).toContain(encodeURIComponent('қаулы.pdf'));
    await http.get('/api/information-requests/prosecutor-checks').set(as('admin')).expect(403);
    await http.get(`/api/information-requests/prosecutor-checks/${check.body.id}/export`).set(as('inv-a')).expect(403);
    await http.get('/api/information-requests/prosecutor-checks/no-such-check/export').set(as('auditor')).expect(404);
  });
});

describe('requests answered by a unit of the providing body', () => {
  it('goes to the responders, who answer with their EDS; a redacted service refuses hidden fields; an outsider sees nothing', async () => {
    const before = (await http.get('/api/information-requests/reference/services').set(as('inv-a')).expect(200)).body.find((r: { key: string }) => r.key === '11');
    const current = before.current;
    await http.put('/api/information-requests/reference/services/11').set(as('inv-a')).send({ data: current.data, validFrom: '2020-01-01T00:00:00+05:00', reason: 'x' }).expect(403);
    const malformed = await http.put('/api/information-requests/reference/services/11').set(as('admin')).send({ data: { ...current.data, grounds: ['criminal-case', 'astrology'] }, validFrom: '2020-01-01T00:00:00+05:00', reason: 'x' }).expect(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'body.data.grounds.1' })]);
    const stale = await http.put('/api/information-requests/reference/services/11').set(as('admin')).send({ data: current.data, validFrom: '2020-01-01T00:00:00+05:00', reason: 'x', expectedVersion: 0 }).expect(409);
    expect(stale.body.type).toMatch(/version-conflict$/);
    const changed = await http.put('/api/information-requests/reference/services/11').set(as('admin'))
      .send({ data: { ...current.data, providerUnitId: 'pension-fund' }, validFrom: '2020-01-01T00:00:00+05:00', reason: 'answered by the fund', expectedVersion: before.versions.length }).expect(201);
    expect(changed.body).toMatchObject({ version: before.versions.length + 1, changedBy: 'admin' });
    try {
      const sent = await ask(201, 'inv-a', { basis: 'initial-check', service: 11, subject: '900202400456' });
      expect(sent.body).toMatchObject({ status: 'awaiting-answer', providerUnitId: 'pension-fund', redacted: true });
      const id = sent.body.id as string;
      const box = (await http.get('/api/information-requests').query({ box: 'to-answer' }).set(as('responder')).expect(200)).body;
      expect(box.map((r: { id: string }) => r.id)).toContain(id);
      await http.get(`/api/information-requests/${id}`).set(as('outsider')).expect(404);

      const withAmount = { employer: 'АҚ Темір', amount: 1 };
      const cmsBad = await sign('responder', answerSigningText({ requestId: id, number: sent.body.number, service: 11, subject: '900202400456', redacted: true, result: withAmount }));
      const hidden = await http.post(`/api/information-requests/${id}/answer`).set(as('responder')).send({ result: withAmount, cms: cmsBad }).expect(422);
      expect(hidden.body.errors).toEqual([expect.objectContaining({ field: 'body.result.amount' })]);

      const result = { employer: 'АҚ Темір' };
      const forged = await sign('outsider', answerSigningText({ requestId: id, number: sent.body.number, service: 11, subject: '900202400456', redacted: true, result }));
      await http.post(`/api/information-requests/${id}/answer`).set(as('responder')).send({ result, cms: forged }).expect(422);
      const cms = await sign('responder', answerSigningText({ requestId: id, number: sent.body.number, service: 11, subject: '900202400456', redacted: true, result }));
      // Two answers at once (a double click, two responders): one is stored, the other is a conflict.
      const [first, second] = await Promise.all([
        http.post(`/api/information-requests/${id}/answer`).set(as('responder')).send({ result, cms }),
        http.post(`/api/information-requests/${id}/answer`).set(as('responder')).send({ result, cms }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const answered = first.status === 200 ? first : second;
      expect(answered.body).toMatchObject({ status: 'answered', answer: { result, answeredBy: 'responder', signature: { by: 'employee' } } });
      await http.post(`/api/information-requests/${id}/answer`).set(as('responder')).send({ result, cms }).expect(409);
      expect((await logOf(id)).map((e) => e.kind)).toEqual(['request', 'answer']);
    } finally {
      const now = (await http.get('/api/information-requests/reference/services').set(as('admin')).expect(200)).body.find((r: { key: string }) => r.key === '11');
      await http.put('/api/information-requests/reference/services/11').set(as('admin')).send({ data: current.data, validFrom: '2020-01-01T00:00:00+05:00', reason: 'back to the data source', expectedVersion: now.versions.length }).expect(201);
    }
  });
});

describe('signatures and the case register', () => {
  it('a request signed by someone else, or over other content, is refused and logged', async () => {
    const refused = await ask(422, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 1 }, 'inv-b');
    expect(refused.body).toMatchObject({ code: 'signature-invalid', errors: [{ field: 'body.cms' }] });
    expect((await logOf(refused.body.requestId))[0]).toMatchObject({ kind: 'refusal', refusalCode: 'signature-invalid' });
  });

  it('imports cases from CSV, refusing a file with a bad line as a whole', async () => {
    const bad = await http.post('/api/information-requests/cases/import').set(as('admin')).send({ csv: 'register,number,court,year,assignedTo,articles\nerdr,CSV-1,,,inv-b,218-1\ncourt,2-5/26,,2026,judge,\n' }).expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.csv.line3' })]);
    expect(bad.body.lines).toEqual([{ line: 3, code: 'court' }]);
    // Lines are counted as in the file, blank ones too; someone assigned who is not an employee is refused by line.
    const unknown = await http.post('/api/information-requests/cases/import').set(as('admin')).send({ csv: 'register,number,court,year,assignedTo,articles\n\nerdr,CSV-9,,,nobody-here,\nbogus,CSV-10,,,inv-b,\n' }).expect(422);
    expect(unknown.body.lines).toEqual([{ line: 3, code: 'unknown-employee' }, { line: 4, code: 'register' }]);
    await ask(422, 'inv-b', { basis: 'criminal-case', identifiers: { caseNumber: 'CSV-1' }, service: 1 });
    await http.post('/api/information-requests/cases/import').set(as('admin'))
      .send({ csv: 'register,number,court,year,assignedTo,articles\nerdr,CSV-1,,,inv-b,218-1\ncourt,2-5/26,Алматы қалалық соты,2026,judge,\n' }).expect(200, { imported: 2 });
    await ask(201, 'inv-b', { basis: 'criminal-case', identifiers: { caseNumber: 'CSV-1' }, service: 1 });
    await ask(201, 'judge', { basis: 'civil-case-court', identifiers: { caseNumber: '2-5/26', court: 'Алматы қалалық соты', year: '2026' }, service: 1 });
    await http.post('/api/information-requests/cases/import').set(as('inv-a')).send({ csv: 'x' }).expect(403);
  });
});

describe('the log journal', () => {
  it('exports CSV and XLSX, verifies its chain, and detects an altered entry', async () => {
    const sent = await ask(201, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 2 });
    const csv = await http.get('/api/information-requests/log/export').query({ format: 'csv', requestId: sent.body.id }).set(as('auditor')).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(sent.body.number);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(3); // header, request, answer
    const xlsx = await http.get('/api/information-requests/log/export').query({ format: 'xlsx', requestId: sent.body.id }).set(as('auditor')).buffer(true)
      .parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); }).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    await http.get('/api/information-requests/log').set(as('inv-a')).expect(403);

    expect((await http.get('/api/information-requests/log/verification').set(as('auditor')).expect(200)).body.ok).toBe(true);
    const entries = sys.db.collection<{ _id: string; seq: number; requestId?: string; identifiers?: Record<string, string> }>(LOG_JOURNAL_COLLECTION);
    const target = (await entries.findOne({ requestId: sent.body.id, kind: 'request' } as never))!;
    await entries.updateOne({ _id: target._id }, { $set: { identifiers: { caseNumber: 'ERDR-B-1' } } });
    try {
      const verdict = (await http.get('/api/information-requests/log/verification').set(as('auditor')).expect(200)).body;
      expect(verdict).toMatchObject({ ok: false, brokenAt: { seq: target.seq, problem: 'content-altered' } });
    } finally {
      await entries.updateOne({ _id: target._id }, { $set: { identifiers: target.identifiers } });
    }
    expect((await http.get('/api/information-requests/log/verification').set(as('auditor')).expect(200)).body.ok).toBe(true);
  });
});

describe('departmental control', () => {
  it('the unit head reviews the month\'s requests of subordinates; marking a violation blocks the account at once and records why', async () => {
    const sent = await ask(201, 'inv-d', { basis: 'initial-check', service: 5 });
    const month = astanaIso(new Date(sent.body.createdAt)).slice(0, 7); // reviews run by Astana months
    await http.post('/api/information-requests/reviews').set(as('admin')).send({ month }).expect(200);
    await http.post('/api/information-requests/reviews').set(as('admin')).send({ month }).expect(200, { opened: 0 });
    const mine = (await http.get('/api/information-requests/reviews').set(as('head')).expect(200)).body;
    const id = mine.find((r: { month: string }) => r.month === month).id as string;
    await http.get(`/api/information-requests/reviews/${id}`).set(as('inv-a')).expect(404);
    const review = (await http.get(`/api/information-requests/reviews/${id}`).set(as('head')).expect(200)).body;
    expect(review.requests.map((r: { id: string }) => r.id)).toContain(sent.body.id);
    expect(review.requests.every((r: { requesterId: string }) => r.requesterId !== 'head')).toBe(true);

    const marked = await http.post(`/api/information-requests/reviews/${id}/violations`).set(as('head')).send({ requestId: sent.body.id, reason: 'Жеке мақсатта сұрау' }).expect(200);
    expect(marked.body.violations).toEqual([expect.objectContaining({ requestId: sent.body.id, employeeId: 'inv-d', reason: 'Жеке мақсатта сұрау' })]);
    expect((await sys.models.Employee.findById('inv-d').lean())?.status).toBe('blocked');
    await ask(401, 'inv-d', { basis: 'initial-check', service: 5 });
    expect(await logOf(sent.body.id)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'violation', actorId: 'head', subject: 'inv-d' })]));
  });
});

describe('administrative settings', () => {
  it('an administrator lists, sets and removes catalogue roles; without one the next request is refused; nobody else may', async () => {
    await http.get('/api/information-requests/requesters').set(as('inv-a')).expect(403);
    await http.delete('/api/information-requests/requesters/inv-a').set(as('inv-a')).expect(403);
    await http.put('/api/information-requests/requesters/newcomer').set(as('admin')).send({ roleKey: 'no-such-role' }).expect(422)
      .expect((res) => expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.roleKey' })]));
    await http.put('/api/information-requests/requesters/newcomer').set(as('admin')).send({ roleKey: 'investigator-mvd' }).expect(200);
    const list = (await http.get('/api/information-requests/requesters').set(as('admin')).expect(200)).body as Array<Record<string, unknown>>;
    expect(list).toEqual(expect.arrayContaining([
      expect.objectContaining({ employeeId: 'newcomer', roleKey: 'investigator-mvd', changedBy: 'admin' }),
      expect.objectContaining({ employeeId: 'inv-a', roleKey: 'investigator-mvd' }),
    ]));
    await ask(201, 'newcomer', { basis: 'initial-check', service: 5 });

    await http.delete('/api/information-requests/requesters/newcomer').set(as('admin')).expect(204);
    await http.delete('/api/information-requests/requesters/newcomer').set(as('admin')).expect(404);
    const after = (await http.get('/api/information-requests/requesters').set(as('admin')).expect(200)).body as Array<{ employeeId: string }>;
    expect(after.map((r) => r.employeeId)).not.toContain('newcomer');
    expect((await ask(422, 'newcomer', { basis: 'initial-check', service: 5 })).body).toMatchObject({ code: 'no-catalogue-role' });
  });

  it('a data source entry says "not found" for a subject, and the signed answer says so; entries of a service are listed', async () => {
    const subject = '770303500789';
    await http.get('/api/information-requests/data-sources/11').set(as('inv-a')).expect(403);
    await http.put(`/api/information-requests/data-sources/11/${subject}`).set(as('admin')).send({ found: false, result: { employer: 'X' } }).expect(422)
      .expect((res) => expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body.result' })]));
    await http.put(`/api/information-requests/data-sources/11/${subject}`).set(as('admin')).send({ found: false }).expect(204);
    const entries = (await http.get('/api/information-requests/data-sources/11').set(as('admin')).expect(200)).body as Array<Record<string, unknown>>;
    expect(entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ service: 11, subject, found: false, result: {}, changedBy: 'admin' }),
      expect.objectContaining({ service: 11, subject: '880101300123', found: true, result: expect.objectContaining({ employer: 'ЖШС Бірлік' }) }),
    ]));
    expect((await http.get('/api/information-requests/data-sources/12').set(as('admin')).expect(200)).body.filter((e: { subject: string }) => e.subject === subject)).toEqual([]);
    const asked = await ask(201, 'inv-a', { basis: 'criminal-case', identifiers: { caseNumber: 'ERDR-A-1' }, service: 11, subject });
    expect(asked.body.answer.result).toEqual({ found: false });
    expect(JSON.parse(asked.body.answer.signedText).result).toEqual({ found: false });
  });
});
