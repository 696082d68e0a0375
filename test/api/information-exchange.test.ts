/**
 * Information requests across the exchange, between two installations for real (test/support/two-orgs.ts): A's
 * catalogue names B (by BIN) as the provider of some services; A's signed request travels to B as an envelope, B
 * verifies it, records it in its own journal and answers — from a data source at once or by a responder of the
 * unit on its service row — and the signed answer (or refusal) comes back to A's request and A's journal.
 */
import { randomUUID } from 'node:crypto';
import { signCms } from '../../client/sign-cms';
import { envelopeBytes, ENVELOPE_FORMAT, type Envelope } from '../../domain/exchange/envelope';
import { answerSigningText } from '../../domain/information-requests/provider-port';
import { LOG_JOURNAL_COLLECTION } from '../../domain/information-requests/log-journal';
import { requestSigningText } from '../../domain/information-requests/request-rules';
import type { InfoRequestRecord } from '../../db/models/information-request';
import { eventually } from '../support/system';
import { createCrl, issueEndEntity } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms } from '../../signing';
import { auth, BIN_A, BIN_B, BIN_C, startTwoOrgs, withDigit, type Org, type TwoOrgs } from '../support/two-orgs';

jest.setTimeout(180_000);

let orgs: TwoOrgs;
let A: Org;
let B: Org;

const REQUESTER_IIN = withDigit('85050530010');
const BIN_D = withDigit('44022000333');
const RESPONDER_IIN = withDigit('86060630020');
const SINCE = '2020-01-01T00:00:00+05:00';

/** A new version of a service row with `patch` on top of the version in force. */
async function changeService(org: Org, code: number, patch: Record<string, unknown>) {
  const rows = (await org.sys.http.get('/api/information-requests/reference/services').set(auth(org, 'admin')).expect(200)).body as Array<{ key: string; current: { data: Record<string, unknown> }; versions: unknown[] }>;
  const row = rows.find((r) => r.key === String(code))!;
  await org.sys.http.put(`/api/information-requests/reference/services/${code}`).set(auth(org, 'admin'))
    .send({ data: { ...row.current.data, ...patch }, validFrom: SINCE, reason: 'provided across the exchange', expectedVersion: row.versions.length }).expect(201);
}

beforeAll(async () => {
  orgs = await startTwoOrgs({ A: [{ id: 'inv', iin: REQUESTER_IIN }], B: [{ id: 'responder', iin: RESPONDER_IIN, unitId: 'fund' }] });
  ({ A, B } = orgs);
  await A.sys.http.put('/api/information-requests/requesters/inv').set(auth(A, 'admin')).send({ roleKey: 'investigator-mvd' }).expect(200);
  // At A, services 2, 3, 4, 5 and 11 are provided by B; at B, 3 is answered by the fund's responders and 4 is not provided.
  for (const code of [2, 3, 4, 5, 11]) await changeService(A, code, { providerBin: BIN_B });
  // 7 names an organisation A's address book does not have; 8 one whose entry points at B's installation, which refuses
  // an envelope not addressed to it.
  await changeService(A, 7, { providerBin: BIN_D });
  await changeService(A, 8, { providerBin: BIN_C });
  const cKey = issueEndEntity(orgs.ca, { fullName: 'Гамма Мөр', iin: withDigit('70010100001'), bin: BIN_C, organisation: 'Gamma LLP' }, { purpose: 'sign' });
  await A.sys.http.put(`/api/exchange/correspondents/${BIN_C}`).set(auth(A, 'admin')).send({ name: { kk: 'Гамма ЖШС', ru: 'ТОО Гамма' }, endpointUrl: B.url, certificates: [cKey.certPem] }).expect(200);
  await changeService(B, 3, { providerUnitId: 'fund' });
  await changeService(B, 4, { withdrawn: true });
});
afterAll(async () => {
  await orgs?.stop();
});

async function send(service: number, subject: string, status: number) {
  const body = { basis: 'initial-check', identifiers: {}, service, subject };
  const key = A.staffKeys.inv;
  const text = requestSigningText({ requesterId: 'inv', ...body });
  const cms = Buffer.from(await signCms({ content: new TextEncoder().encode(text), keyPem: key.keyPem, certPem: key.certPem, chainPems: [orgs.ca.intermediate.certPem], detached: true, pem: false })).toString('base64');
  return A.sys.http.post('/api/information-requests').set(auth(A, 'inv')).send({ ...body, cms }).expect(status);
}

async function ask(service: number, subject: string) {
  const sent = await send(service, subject, 201);
  expect(sent.body).toMatchObject({ status: 'awaiting-answer', organisation: { direction: 'to', bin: BIN_B, name: { ru: 'ТОО Бета', kk: 'Бета ЖШС' } } });
  return sent.body as { id: string; number: string };
}

const requestAtA = async (id: string) => (await A.sys.http.get(`/api/information-requests/${id}`).set(auth(A, 'inv')).expect(200)).body;
const settledAtA = (id: string) => eventually(async () => {
  const r = await requestAtA(id);
  expect(r.status).not.toBe('awaiting-answer');
  return r;
}, 60_000);
const incomingAtB = (aId: string) => eventually(async () => {
  const row = await B.sys.models.InfoRequest.findOne({ 'origin.requestId': aId }).lean<InfoRequestRecord>();
  expect(row).toBeTruthy();
  return row!;
}, 60_000);
const logOf = async (org: Org, requestId: string) => (await org.sys.http.get('/api/information-requests/log').query({ requestId }).set(auth(org, 'admin')).expect(200)).body as Array<Record<string, unknown>>;

it('a request answered by B’s data source comes back signed by B and is logged on both sides', async () => {
  const subject = withDigit('90010140001');
  await B.sys.http.put(`/api/information-requests/data-sources/2/${subject}`).set(auth(B, 'admin')).send({ result: { address: 'Астана, Мәңгілік Ел 8' } }).expect(204);
  const sent = await ask(2, subject);
  const answered = await settledAtA(sent.id);
  const atB = await incomingAtB(sent.id);
  expect(answered).toMatchObject({ status: 'answered', answer: { result: { found: true, data: { address: 'Астана, Мәңгілік Ел 8' } }, signature: { by: 'organisation' } }, organisation: { direction: 'to', number: atB.number } });
  // The answer is B's organisation signature over the text it names: this request's envelope, service, subject, result.
  const signed = JSON.parse(answered.answer.signedText);
  expect(signed).toMatchObject({ kind: 'qujat-information-answer', requestId: atB._id, service: 2, subject });
  expect((await logOf(A, sent.id)).map((e) => e.kind)).toEqual(['request', 'answer']);

  // B: the request as its requester signed it, verified, from A by name; B's journal has the request and the answer.
  const viewAtB = (await B.sys.http.get(`/api/information-requests/${atB._id}`).set(auth(B, 'admin')).expect(200)).body;
  expect(viewAtB).toMatchObject({ status: 'answered', service: 2, subject, organisation: { direction: 'from', bin: BIN_A, name: { ru: 'ТОО Альфа' }, number: sent.number }, signature: { by: 'employee', signerIin: REQUESTER_IIN } });
  const logB = await logOf(B, atB._id);
  expect(logB.map((e) => e.kind)).toEqual(['request', 'answer']);
  expect(logB[0]).toMatchObject({ actorId: `${BIN_A}:inv`, subject, service: 2, basis: 'initial-check' });
});

it('a request B leaves to its fund’s responders is answered with the responder’s EDS and reaches A', async () => {
  const subject = withDigit('90010140002');
  const sent = await ask(3, subject);
  const atB = await incomingAtB(sent.id);
  const box = await eventually(async () => {
    const rows = (await B.sys.http.get('/api/information-requests').query({ box: 'to-answer' }).set(auth(B, 'responder')).expect(200)).body as Array<{ id: string; organisation?: { name: { kk: string } } }>;
    expect(rows.map((r) => r.id)).toContain(atB._id);
    return rows;
  });
  expect(box.find((r) => r.id === atB._id)?.organisation?.name.kk).toBe('Альфа ЖШС');
  expect((await requestAtA(sent.id)).status).toBe('awaiting-answer');

  const result = { registered: true, place: 'Қарағанды' };
  const text = (await B.sys.http.post(`/api/information-requests/${atB._id}/answer-signing-text`).set(auth(B, 'responder')).send({ result }).expect(200)).body.text as string;
  const key = B.staffKeys.responder;
  const cms = Buffer.from(await signCms({ content: new TextEncoder().encode(text), keyPem: key.keyPem, certPem: key.certPem, chainPems: [orgs.ca.intermediate.certPem], detached: true, pem: false })).toString('base64');
  await B.sys.http.post(`/api/information-requests/${atB._id}/answer`).set(auth(B, 'responder')).send({ result, cms }).expect(200);

  const answered = await settledAtA(sent.id);
  expect(answered).toMatchObject({ status: 'answered', answer: { result, signature: { by: 'employee', signerIin: RESPONDER_IIN } } });
  expect((await logOf(A, sent.id)).map((e) => e.kind)).toEqual(['request', 'answer']);
  expect((await logOf(B, atB._id)).map((e) => e.kind)).toEqual(['request', 'answer']);
});

it('a redacted service is redacted by the provider: no hidden field reaches the signed answer', async () => {
  const subject = withDigit('90010140003');
  await B.sys.http.put(`/api/information-requests/data-sources/11/${subject}`).set(auth(B, 'admin'))
    .send({ result: { employer: 'ЖШС Бірлік', months: [{ month: '2026-10', amount: 154000 }], total: 154000 } }).expect(204);
  const sent = await ask(11, subject);
  const answered = await settledAtA(sent.id);
  expect(answered).toMatchObject({ status: 'answered', redacted: true, answer: { result: { found: true, data: { employer: 'ЖШС Бірлік', months: [{ month: '2026-10' }] } } } });
  expect(JSON.stringify(answered.answer.result)).not.toMatch(/amount|total|154000/);
  expect(answered.answer.signedText).not.toMatch(/amount|total|154000/);
  const atB = await incomingAtB(sent.id);
  expect(atB.redacted).toBe(true);
  expect(JSON.stringify(atB.answer?.result)).not.toMatch(/154000/);
});

it('a service B does not provide comes back as B’s signed refusal, logged on both sides', async () => {
  const subject = withDigit('90010140004');
  const sent = await ask(4, subject);
  const refused = await settledAtA(sent.id);
  expect(refused).toMatchObject({ status: 'refused', refusal: { code: 'service-not-provided', field: 'provider' }, refusalSignature: { signature: { by: 'organisation' } } });
  // B's organisation signature over the refusal text, verifiable by anyone who trusts the CA.
  const report = await verifyCms({ cms: Buffer.from(refused.refusalSignature.signature.cms, 'base64'), content: Buffer.from(refused.refusalSignature.signedText, 'utf8'), receivedAt: new Date(), expectedSigner: { bin: BIN_B } }, createVerificationContext({ trustedRootsPem: orgs.ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(orgs.ca)] })] }));
  expect(report.valid).toBe(true);
  const row = (await A.sys.models.InfoRequest.findById(sent.id).lean<InfoRequestRecord>())!;
  expect(JSON.parse(row.refusalSignature!.signedText)).toMatchObject({ kind: 'qujat-information-refusal', code: 'service-not-provided', service: 4, subject });
  expect(row.refusalSignature!.signature.by).toBe('organisation');
  const logA = await logOf(A, sent.id);
  expect(logA.map((e) => e.kind)).toEqual(['request', 'refusal']);
  expect(logA[1]).toMatchObject({ refusalCode: 'service-not-provided', actorId: `org:${BIN_B}` });
  const atB = await incomingAtB(sent.id);
  expect(atB.status).toBe('refused');
  expect((await logOf(B, atB._id))).toEqual([expect.objectContaining({ kind: 'refusal', refusalCode: 'service-not-provided', actorId: `${BIN_A}:inv` })]);
});

it('the same envelopes delivered again make one request at B and one answer at A', async () => {
  const subject = withDigit('90010140005');
  await B.sys.http.put(`/api/information-requests/data-sources/5/${subject}`).set(auth(B, 'admin')).send({ result: { owner: true } }).expect(204);
  const sent = await ask(5, subject);
  await settledAtA(sent.id);
  const atB = await incomingAtB(sent.id);
  const request = (await A.sys.models.ExchangeOutbox.findOne({ kind: 'information-request', documentId: sent.id }).lean())!;
  const answer = (await B.sys.models.ExchangeOutbox.findOne({ kind: 'information-answer', documentId: atB._id }).lean())!;
  const transmission = (row: { envelope: { buffer: Uint8Array }; signature: { buffer: Uint8Array } }) => ({
    envelope: Buffer.from(row.envelope.buffer).toString('base64'), signature: Buffer.from(row.signature.buffer).toString('base64'),
  });
  const [r1, r2] = await Promise.all([B.sys.http.post('/exchange/v1/envelopes').send(transmission(request)), B.sys.http.post('/exchange/v1/envelopes').send(transmission(request))]);
  expect([r1.status, r2.status]).toEqual([200, 200]);
  expect(r1.body).toMatchObject({ envelopeId: request._id, kind: 'information-request', duplicate: true });
  const back = await A.sys.http.post('/exchange/v1/envelopes').send(transmission(answer)).expect(200);
  expect(back.body).toMatchObject({ kind: 'information-answer', duplicate: true });

  expect(await B.sys.models.InfoRequest.countDocuments({ 'origin.requestId': sent.id })).toBe(1);
  const journalB = B.sys.db.collection(LOG_JOURNAL_COLLECTION);
  expect(await journalB.countDocuments({ requestId: atB._id })).toBe(2);
  expect((await logOf(A, sent.id)).map((e) => e.kind)).toEqual(['request', 'answer']);
});

it('an answer whose signed text is not about the request, or not signed by the provider, is not taken', async () => {
  const subject = withDigit('90010140006');
  const sent = await ask(3, subject);
  const atB = await incomingAtB(sent.id);
  const row = (await A.sys.models.InfoRequest.findById(sent.id).lean<InfoRequestRecord>())!;
  /** An answer envelope as B's installation would send it, signed (envelope) with B's key. */
  async function answerEnvelope(result: unknown, signedResult: unknown, answerSigner: typeof B.signer) {
    const signedText = answerSigningText({ requestId: row.provider!.envelopeId!, number: atB.number, service: 3, subject, redacted: false, result: signedResult });
    const envelope: Envelope = {
      format: ENVELOPE_FORMAT, envelopeId: randomUUID(), kind: 'information-answer', createdAt: new Date().toISOString(),
      sender: { bin: BIN_B, name: { kk: 'Бета ЖШС', ru: 'ТОО Бета' }, endpointUrl: B.url }, recipient: { bin: BIN_A },
      informationAnswer: {
        refersTo: row.provider!.envelopeId!, requestId: sent.id, providerNumber: atB.number, outcome: 'answered', result, redacted: false, signedBy: 'organisation',
        signedText, cms: Buffer.from(await answerSigner.sign(Buffer.from(signedText, 'utf8'))).toString('base64'), decidedAt: new Date().toISOString(),
      },
    };
    const bytes = envelopeBytes(envelope);
    await A.sys.http.post('/exchange/v1/envelopes').send({ envelope: bytes.toString('base64'), signature: Buffer.from(await B.signer.sign(bytes)).toString('base64') }).expect(202);
    return envelope.envelopeId;
  }
  const unverified = async (envelopeId: string) => eventually(async () => {
    expect(await A.sys.models.AuditEvent.countDocuments({ type: 'information-answer.unverified', 'data.envelopeId': envelopeId })).toBe(1);
  }, 60_000);
  // The result carried is not the one signed.
  await unverified(await answerEnvelope({ found: true, data: { owner: 'someone else' } }, { found: false }, B.signer));
  // The answer is signed by A's own organisation key, not by B.
  await unverified(await answerEnvelope({ found: false }, { found: false }, A.signer));
  const still = await requestAtA(sent.id);
  expect(still.status).toBe('awaiting-answer');
  expect(still.answer).toBeUndefined();
  expect((await logOf(A, sent.id)).map((e) => e.kind)).toEqual(['request']);
});

it('a provider outside the address book is refused at once; an envelope the provider\'s installation refuses ends the request refused', async () => {
  const outside = await send(7, withDigit('90010140007'), 422);
  expect(outside.body).toMatchObject({ code: 'provider-not-correspondent', errors: [{ field: 'body.service' }] });
  expect((await logOf(A, outside.body.requestId)).map((e) => e.refusalCode)).toEqual(['provider-not-correspondent']);

  const sent = await send(8, withDigit('90010140008'), 201);
  expect(sent.body.organisation).toMatchObject({ direction: 'to', bin: BIN_C, name: { ru: 'ТОО Гамма' } });
  const refused = await settledAtA(sent.body.id);
  expect(refused).toMatchObject({ status: 'refused', refusal: { code: 'delivery-refused', field: 'provider' } });
  expect(refused.refusal.reason).toMatch(/addressed to BIN/);
  expect((await logOf(A, sent.body.id)).map((e) => e.kind)).toEqual(['request', 'refusal']);
  expect(await B.sys.models.InfoRequest.countDocuments({ 'origin.requestId': sent.body.id })).toBe(0);
});
