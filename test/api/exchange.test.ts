/**
 * Two organisations for real: two API apps listening on their own ports, two workers on their own task
 * queues, two databases, real CMS signatures from one test PKI, real HTTP between them. A letter goes from
 * A to B, is verified and registered at B, and B's signed receipt comes back to A's card; a tampered
 * document is refused with a signed rejection notice; strangers, forgeries and replays are refused; a
 * duplicate envelope makes one document; a receiver that was down gets the letter when it is back; a reply
 * is linked both ways.
 */
import { randomUUID } from 'node:crypto';
import { issueEndEntity, type TestCa } from '../../client/dev-ca';
import { orgSignerFromPem, type OrgSigner } from '../../domain/exchange/exchange-crypto';
import { createCorrespondenceActivities } from '../../activities/correspondence/correspondence-activities';
import { createAuditChain } from '../../domain/audit/audit-chain';
import { loadTemplateCatalog } from '../../domain/rendering/template-catalog';
import { envelopeBytes, parseEnvelope, sha256Hex, type Envelope } from '../../domain/exchange/envelope';
import { eventually } from '../support/system';
import { arrivedAt, auth, BIN_A, BIN_B, BIN_C, close, exchangeOf, listen, registeredLetter as letterOf, startTwoOrgs, withDigit, type Org, type TwoOrgs } from '../support/two-orgs';

jest.setTimeout(180_000);

let orgs: TwoOrgs;
let ca: TestCa;
let A: Org;
let B: Org;

beforeAll(async () => {
  orgs = await startTwoOrgs();
  ({ ca, A, B } = orgs);
});
afterAll(async () => {
  await orgs?.stop();
});

const registeredLetter = (org: Org, title: string, fields: Record<string, string>) => letterOf(ca, org, title, fields);
const arrivedAtB = (aDocumentId: string) => arrivedAt(A, B, aDocumentId);

type Delivered = { id: string; number: string; incomingId: string };
let delivered: Promise<Delivered> | undefined;
/** A letter from A that has arrived and been registered at B, made by whichever test needs it first, so that each test runs alone and in any order. */
function aDeliveredLetter(): Promise<Delivered> {
  delivered ??= (async () => {
    const letter = await registeredLetter(A, 'О договоре', { exchangeAddressees: BIN_B });
    const incomingId = await arrivedAtB(letter.id);
    await B.sys.http.post(`/api/documents/${incomingId}/actions/register`).set(auth(B, 'reg')).send({}).expect(200);
    return { ...letter, incomingId };
  })();
  return delivered;
}

it('a letter sent from A is verified and registered at B, and B’s signed receipt comes back to A’s card', async () => {
  const letter = await registeredLetter(A, 'О поставке', { exchangeAddressees: BIN_B });
  const incomingId = await arrivedAtB(letter.id);

  // B: the incoming card, every signature verified (chain, revocation, signer of A's BIN), sender's number filled in.
  const inB = await exchangeOf(B, incomingId, 'reg');
  expect(inB.incoming).toMatchObject({ senderBin: BIN_A, senderNumber: letter.number, verification: { valid: true } });
  expect(inB.incoming.verification.signatures[0]).toMatchObject({ valid: true, revocation: 'good', signer: { bin: BIN_A } });
  const card = (await B.sys.http.get(`/api/documents/${incomingId}`).set(auth(B, 'reg')).expect(200)).body;
  expect(card).toMatchObject({ type: 'incoming-electronic', title: 'О поставке' });
  // The registrars heard that it waits for them.
  expect(await B.sys.models.Notification.countDocuments({ documentId: incomingId, kind: 'exchange.incoming-awaiting-registration', recipientId: 'reg' })).toBe(1);
  // Stored byte for byte, and verifiable again from those bytes.
  const stored = await B.sys.models.ExchangeInbox.findById(incomingId).lean();
  const sent = await A.sys.models.ExchangeOutbox.findById(incomingId).lean();
  expect(Buffer.from(stored!.envelope.buffer).equals(Buffer.from(sent!.envelope.buffer))).toBe(true);
  const again = await B.sys.http.post(`/api/exchange/inbox/${incomingId}/verify`).set(auth(B, 'reg')).expect(200);
  expect(again.body).toMatchObject({ valid: true, senderBin: BIN_A });

  const registered = await B.sys.http.post(`/api/documents/${incomingId}/actions/register`).set(auth(B, 'reg')).send({}).expect(200);
  const theirNumber = registered.body.registration.number as string;

  const back = await eventually(async () => {
    const v = await exchangeOf(A, letter.id);
    expect(v.outgoing.addressees[0].status).toBe('registered');
    return v;
  }, 60_000);
  const addressee = back.outgoing.addressees[0];
  expect(addressee).toMatchObject({ bin: BIN_B, answer: { kind: 'receipt', incomingNumber: theirNumber, signatureValid: true } });
  expect(addressee.answer.incomingDate).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(Date.parse(addressee.deliveredAt)).toBeLessThanOrEqual(Date.parse(addressee.answer.receivedAt));
  // The receipt also closes the 1-working-day wait of the delivery.
  const delivery = await A.sys.models.Delivery.findById(letter.id).lean();
  expect(delivery?.receipt).toMatchObject({ recipientNumber: theirNumber });
});

it('the same envelope delivered again gives one document, answered as a duplicate', async () => {
  const firstLetter = await aDeliveredLetter();
  const sent = (await A.sys.models.ExchangeOutbox.findById(firstLetter.incomingId).lean())!;
  const transmission = { envelope: Buffer.from(sent.envelope.buffer).toString('base64'), signature: Buffer.from(sent.signature.buffer).toString('base64') };
  const before = await B.sys.models.Document.countDocuments({ type: 'incoming-electronic' });
  const [r1, r2] = await Promise.all([
    B.sys.http.post('/exchange/v1/envelopes').send(transmission),
    B.sys.http.post('/exchange/v1/envelopes').send(transmission),
  ]);
  expect([r1.status, r2.status]).toEqual([200, 200]);
  expect(r1.body).toMatchObject({ envelopeId: firstLetter.incomingId, duplicate: true });
  expect(await B.sys.models.Document.countDocuments({ type: 'incoming-electronic' })).toBe(before);
});

/** An envelope of A's shape, signed by `signer`: what a stranger or a forger would send. */
async function handMadeEnvelope(signer: OrgSigner, patch: Partial<Envelope> = {}) {
  const firstLetter = await aDeliveredLetter();
  const sent = (await A.sys.models.ExchangeOutbox.findById(firstLetter.incomingId).lean())!;
  const original = parseEnvelope(Buffer.from(sent.envelope.buffer));
  const envelope: Envelope = { ...original, envelopeId: randomUUID(), createdAt: new Date().toISOString(), ...patch };
  const bytes = envelopeBytes(envelope);
  return { envelope: bytes.toString('base64'), signature: Buffer.from(await signer.sign(bytes)).toString('base64') };
}

it('refuses an unknown sender, a forged or re-used envelope, a stale one, with problem+json naming the reason', async () => {
  const firstLetter = await aDeliveredLetter();
  const cKey = issueEndEntity(ca, { fullName: 'Гамма Мөр', iin: withDigit('70010100001'), bin: BIN_C, organisation: 'Gamma LLP' }, { purpose: 'sign' });
  const cSigner = orgSignerFromPem(cKey.keyPem, cKey.certPem, [ca.intermediate.certPem]);
  const before = await B.sys.models.Document.countDocuments({});

  const stranger = await B.sys.http.post('/exchange/v1/envelopes').send(await handMadeEnvelope(cSigner, { sender: { bin: BIN_C, name: { kk: 'Гамма', ru: 'Гамма' }, endpointUrl: 'http://127.0.0.1:1' } }));
  expect(stranger.status).toBe(403);
  expect(stranger.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(stranger.body.type).toMatch(/unknown-sender$/);

  // Claims to be A, signed by C's key.
  const forged = await B.sys.http.post('/exchange/v1/envelopes').send(await handMadeEnvelope(cSigner));
  expect(forged.status).toBe(401);
  expect(forged.body.type).toMatch(/forged-envelope$/);

  // A's real envelope with one byte changed after signing.
  const good = await handMadeEnvelope(A.signer);
  const bytes = Buffer.from(good.envelope, 'base64');
  const tampered = Buffer.from(bytes.toString('utf8').replace('О договоре', 'О дoговоре'), 'utf8'); // a Latin "o"
  expect(tampered.equals(bytes)).toBe(false);
  const altered = await B.sys.http.post('/exchange/v1/envelopes').send({ envelope: tampered.toString('base64'), signature: good.signature });
  expect(altered.status).toBe(401);
  expect(altered.body.detail).toMatch(/signature/i);

  // The first envelope's id with other contents: a replay.
  const reused = await B.sys.http.post('/exchange/v1/envelopes').send(await handMadeEnvelope(A.signer, { envelopeId: firstLetter.incomingId }));
  expect(reused.status).toBe(409);
  expect(reused.body.type).toMatch(/envelope-id-reused$/);

  const stale = await B.sys.http.post('/exchange/v1/envelopes').send(await handMadeEnvelope(A.signer, { createdAt: new Date(Date.now() - 8 * 86_400_000).toISOString() }));
  expect(stale.status).toBe(422);
  expect(stale.body.errors[0].field).toBe('envelope.createdAt');

  const malformed = await B.sys.http.post('/exchange/v1/envelopes').send({ envelope: Buffer.from('{"format":1}').toString('base64'), signature: good.signature });
  expect(malformed.status).toBe(422);
  expect(await B.sys.models.Document.countDocuments({})).toBe(before);
});

it('B down for a while: delivered when it is back; a document altered after signing is rejected with a signed notice back to A', async () => {
  await close(B.server);
  const letter = await registeredLetter(A, 'Об оплате', { exchangeAddressees: BIN_B });
  // A keeps trying while B is down, saying why.
  const waiting = await eventually(async () => {
    const v = await exchangeOf(A, letter.id);
    expect(v.outgoing.addressees[0].attempts).toBeGreaterThanOrEqual(2);
    expect(v.outgoing.addressees[0].status).toBe('sending');
    return v;
  }, 60_000);
  expect(waiting.outgoing.addressees[0].lastError).toMatch(/127\.0\.0\.1/);

  // Meanwhile the content is altered after the boss signed it (the sending system re-signs the envelope):
  // the organisation signature holds, the boss's does not.
  const row = (await A.sys.models.ExchangeOutbox.findById(waiting.outgoing.addressees[0].envelopeId).lean())!;
  const envelope = parseEnvelope(Buffer.from(row.envelope.buffer));
  const manifest = JSON.parse(Buffer.from(envelope.document!.signedContent, 'base64').toString('utf8')) as { title: string };
  const forgedContent = Buffer.from(JSON.stringify({ ...manifest, title: 'Об оплате в двойном размере' }), 'utf8');
  envelope.document = { ...envelope.document!, signedContent: forgedContent.toString('base64'), signedContentSha256: sha256Hex(forgedContent) };
  const bytes = envelopeBytes(envelope);
  await A.sys.models.ExchangeOutbox.updateOne({ _id: row._id }, { $set: { envelope: bytes, signature: Buffer.from(await A.signer.sign(bytes)) } });

  B.server = await listen(B.sys, B.port);
  const incomingId = await arrivedAtB(letter.id);
  const inB = await exchangeOf(B, incomingId, 'reg');
  expect(inB.incoming.verification.valid).toBe(false);
  expect(inB.incoming.verification.signatures[0].failures.map((f: { code: string }) => f.code)).toContain('digest-mismatch');

  const refused = await B.sys.http
    .post(`/api/documents/${incomingId}/actions/refuse`)
    .set(auth(B, 'reg'))
    .send({ reasonCode: 'signature-invalid', comment: 'ЭЦП не соответствует содержанию' });
  expect(refused.status).toBe(200);
  const back = await eventually(async () => {
    const v = await exchangeOf(A, letter.id);
    expect(v.outgoing.addressees[0].status).toBe('rejected');
    return v;
  }, 60_000);
  expect(back.outgoing.addressees[0].answer).toMatchObject({ kind: 'rejection', reason: { code: 'signature-invalid' }, comment: 'ЭЦП не соответствует содержанию', signatureValid: true });
  expect(await A.sys.models.Notification.countDocuments({ documentId: letter.id, kind: 'exchange.rejected', recipientId: 'author' })).toBe(1);
});

it('a reply from B to A’s letter is linked to A’s original, and B’s reply names A’s number and date', async () => {
  const firstLetter = await aDeliveredLetter();
  const reply = await registeredLetter(B, 'Ответ о поставке', { exchangeAddressees: BIN_A, inReplyTo: firstLetter.incomingId });
  const atA = await eventually(async () => {
    const v = await exchangeOf(A, firstLetter.id);
    expect(v.outgoing.replies).toHaveLength(1);
    return v;
  }, 60_000);
  const replyAtA = atA.outgoing.replies[0] as string;
  // The registrar sees the reply once its route has brought it to registration, a moment after it arrived.
  const inA = await eventually(() => exchangeOf(A, replyAtA, 'reg'), 60_000);
  expect(inA.incoming).toMatchObject({ senderBin: BIN_B, senderNumber: reply.number, repliesTo: firstLetter.id, verification: { valid: true } });
  const original = (await A.sys.http.get(`/api/documents/${firstLetter.id}`).set(auth(A, 'author')).expect(200)).body;
  expect(inA.incoming.inReplyTo).toMatchObject({ number: firstLetter.number, date: expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}$/) });
  expect(original.registration.number).toBe(firstLetter.number);
});

it('a receipt that comes after the 1-working-day chase closes the executor’s task', async () => {
  const letter = await registeredLetter(A, 'О сверке', { exchangeAddressees: BIN_B });
  const incomingId = await arrivedAtB(letter.id);
  const delivery = (await A.sys.models.Delivery.findById(letter.id).lean())!;
  expect(delivery.sentBy).toBe('author');
  // The chase firing (its timing on the business calendar is test/workflows/receipt-chase.test.ts).
  const correspondence = createCorrespondenceActivities({ models: A.sys.models, audit: createAuditChain(A.sys.models.AuditEvent), catalog: loadTemplateCatalog() });
  expect((await correspondence.raiseReceiptChase({ documentId: letter.id, dueAtMs: Date.now() })).raised).toBe(true);
  expect(await A.sys.models.InboxEntry.findById(`${letter.id}:receipt-chase:author`).lean()).toMatchObject({ ownerId: 'author', view: 'execution' });
  expect(await A.sys.models.Notification.countDocuments({ documentId: letter.id, kind: 'receipt.chase', recipientId: 'author' })).toBe(1);

  await B.sys.http.post(`/api/documents/${incomingId}/actions/register`).set(auth(B, 'reg')).send({}).expect(200);
  await eventually(async () => expect((await exchangeOf(A, letter.id)).outgoing.addressees[0].status).toBe('registered'), 60_000);
  expect(await A.sys.models.InboxEntry.findById(`${letter.id}:receipt-chase:author`).lean()).toBeNull();
  expect((await A.sys.models.Delivery.findById(letter.id).lean())?.receipt?.receivedAt).toBeTruthy();
});

it('keeps the address book to administrators and to certificates of the entry’s own BIN', async () => {
  const body = { name: { kk: 'Гамма', ru: 'Гамма' }, endpointUrl: 'http://127.0.0.1:9', certificates: [A.orgKey.certPem] };
  const notAdmin = await A.sys.http.put(`/api/exchange/correspondents/${BIN_C}`).set(auth(A, 'author')).send(body);
  expect(notAdmin.status).toBe(403);
  const wrongBin = await A.sys.http.put(`/api/exchange/correspondents/${BIN_C}`).set(auth(A, 'admin')).send(body);
  expect(wrongBin.status).toBe(422);
  expect(wrongBin.body.errors[0].field).toBe('body.certificates.0');
  const list = await A.sys.http.get('/api/exchange/correspondents').set(auth(A, 'author')).expect(200);
  expect(list.body.map((c: { bin: string }) => c.bin)).toEqual([BIN_B]);
  // A row written straight into the collection, without its certificate list, is listed (pinning nothing), not a 500.
  await A.sys.models.Correspondent.collection.insertOne({ _id: BIN_C, name: { kk: 'Гамма', ru: 'Гамма' }, endpointUrl: 'http://127.0.0.1:9', active: false } as never);
  try {
    const withBare = await A.sys.http.get('/api/exchange/correspondents').set(auth(A, 'author')).expect(200);
    expect(withBare.body.find((c: { bin: string }) => c.bin === BIN_C)).toMatchObject({ certificates: [], active: false });
  } finally {
    await A.sys.models.Correspondent.collection.deleteOne({ _id: BIN_C } as never);
  }
  const identity = await A.sys.http.get('/api/exchange/identity').set(auth(A, 'author')).expect(200);
  expect(identity.body).toMatchObject({ bin: BIN_A, certificate: { bin: BIN_A } });
});
