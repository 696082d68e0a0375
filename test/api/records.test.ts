/**
 * The card's life after creation, through the API against the real servers: edits by role and state with
 * their history and audit events, the version check under concurrent edits, frozen registration and signed
 * content, a new version of a signed document, links both ways (and found by search), a reply created from an
 * incoming letter and closing its control.
 */
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { pdfText } from '../support/pdf-text';
import ExcelJS from 'exceljs';

const iin = (first11: string) => `${first11}${iinControlDigit(first11)}`;
const BOSS_IIN = iin('75031230012');

let sys: TestSystem;
let ca: TestCa;
let bossKey: Credential;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  ca = createTestCa({ keyType: 'ec' });
  bossKey = issueEndEntity(ca, { fullName: 'Ахметов Данияр', iin: BOSS_IIN, roles: ['first-head'] }, { purpose: 'sign' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const verifier: CmsVerifier = async ({ cms, content, receivedAt, expectedIins, requiredRoles }) => {
    const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins }, requiredRoles }, context);
    return { valid: report.valid, reason: report.reason, failures: failuresOf(report), report };
  };
  sys = await startTestSystem({ verifyCms: verifier });
  await sys.addPeople([
    { id: 'author' },
    { id: 'a1' },
    { id: 'boss', iin: BOSS_IIN },
    { id: 'reg', roles: ['employee', 'registrar'] },
    { id: 'head' },
    { id: 'exec' },
    { id: 'ctl', roles: ['employee', 'controller'] },
    { id: 'outsider' },
    { id: 'exec2' },
  ]);
  for (const id of ['author', 'a1', 'boss', 'reg', 'head', 'exec', 'ctl', 'outsider', 'exec2']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

async function draftLetter(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Кеңсе техникасы туралы', summary: 'Бастапқы мазмұн', participants: { approvers: ['a1'], signer: 'boss' }, ...extra })
    .expect(201);
  return res.body.id as string;
}

async function signedLetter(): Promise<string> {
  const id = await draftLetter();
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  const content = await sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth('boss')).expect(200);
  const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
  const signed = await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms }).expect(201);
  expect(signed.body.document.status).toBe('on-registration');
  return id;
}

async function registeredIncoming(): Promise<{ id: string; number: string }> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('reg'))
    .send({
      type: 'incoming-paper',
      title: 'Ақпарат сұрау',
      correspondent: 'ТОО «Альфа»',
      participants: { executor: 'head' },
      fields: { senderNumber: '15-2/77', senderDate: '2026-11-20' },
    })
    .expect(201);
  const id = res.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('reg')).send({}).expect(200);
  const registered = await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);
  return { id, number: registered.body.registration.number as string };
}

describe('editing a card', () => {
  it('the author edits a draft; every edit keeps old and new values in the card history and the audit trail', async () => {
    const id = await draftLetter();
    const card = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(card.body.cardVersion).toBe(0);

    const edited = await sys.http
      .patch(`/api/documents/${id}`)
      .set(auth('author'))
      .send({ version: 0, changes: { title: 'Кеңсе техникасын жеткізу туралы', summary: 'Жаңа мазмұн', fields: { pages: 2 } } })
      .expect(200);
    expect(edited.body).toMatchObject({ cardVersion: 1, title: 'Кеңсе техникасын жеткізу туралы', summary: 'Жаңа мазмұн', fields: { pages: 2 } });

    // Nothing changed: no new version.
    const same = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 1, changes: { title: 'Кеңсе техникасын жеткізу туралы' } }).expect(200);
    expect(same.body.cardVersion).toBe(1);

    const history = await sys.http.get(`/api/documents/${id}/edits`).set(auth('author')).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        kind: 'edit',
        actorId: 'author',
        changes: expect.arrayContaining([
          { field: 'title', old: 'Кеңсе техникасы туралы', new: 'Кеңсе техникасын жеткізу туралы' },
          { field: 'summary', old: 'Бастапқы мазмұн', new: 'Жаңа мазмұн' },
          { field: 'fields', old: {}, new: { pages: 2 } },
        ]),
      }),
    ]);
    const events = await sys.models.AuditEvent.find({ documentId: id, type: 'document.edited' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0].actorId).toBe('author');
    expect((events[0].data as { changes: unknown[] }).changes).toEqual(expect.arrayContaining([{ field: 'title', old: 'Кеңсе техникасы туралы', new: 'Кеңсе техникасын жеткізу туралы' }]));
  });

  it('an edit made on an old version is refused with 409, and of two simultaneous edits exactly one is kept', async () => {
    const id = await draftLetter();
    await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { summary: 'бір' } }).expect(200);
    const stale = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { summary: 'екі' } });
    expectProblem(stale, 409, 'body.version');
    expect(stale.body).toMatchObject({ currentVersion: 1 });

    const rivals = await Promise.all(
      ['үш', 'төрт', 'бес', 'алты'].map((summary) => sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 1, changes: { summary } })),
    );
    const won = rivals.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of rivals.filter((x) => x.status !== 200)) expectProblem(r, 409, 'body.version');
    const card = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(card.body).toMatchObject({ cardVersion: 2, summary: won[0].body.summary });
    // The one kept is the one the history shows: nothing lost silently.
    const history = await sys.http.get(`/api/documents/${id}/edits`).set(auth('author')).expect(200);
    expect(history.body.items.map((e: { changes: Array<{ new: unknown }> }) => e.changes[0].new)).toEqual(['бір', won[0].body.summary]);
  });

  it('an edit claimed but not applied (a crash in between) is rolled forward by the next reader', async () => {
    const id = await draftLetter();
    await sys.models.DocumentEdit.create({ _id: `${id}:000001`, documentId: id, version: 1, actorId: 'author', at: new Date(), kind: 'edit', changes: [{ field: 'summary', old: 'Бастапқы мазмұн', new: 'апаттан кейін' }], set: { summary: 'апаттан кейін' } });
    const conflict = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { summary: 'басқа' } });
    expectProblem(conflict, 409, 'body.version');
    const card = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(card.body).toMatchObject({ cardVersion: 1, summary: 'апаттан кейін' });
    expect(await sys.models.AuditEvent.countDocuments({ documentId: id, type: 'document.edited' })).toBe(1);
  });

  it('a card edit names only people active now: one blocked after it was kept is refused, named at its place in the list', async () => {
    await sys.addPeople([{ id: 'leaver' }]);
    const id = await draftLetter();
    await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { participants: { approvers: ['a1', 'leaver'], signer: 'boss' } } }).expect(200);
    // Through the model, as the people API writes it: the employees' version token moves, so no copy is trusted.
    await sys.models.Employee.updateOne({ _id: 'leaver' }, { $set: { status: 'blocked' } });
    const refused = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 1, changes: { participants: { approvers: ['leaver', 'a1'], signer: 'boss' } } });
    expectProblem(refused, 422, 'body.changes.participants.approvers.0');
  });

  it('each role changes only its fields in each state, refused with the field named', async () => {
    const id = await draftLetter();
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('outsider')).send({ version: 0, changes: { title: 'x' } }), 404);
    // A registrar sees a document only once it reaches registration, so a draft is not theirs to find.
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('reg')).send({ version: 0, changes: { title: 'x' } }), 404);
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { registrationNumber: '1' } }), 422, 'body.changes.registrationNumber');
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { sheetsMain: -1 } }), 422, 'body.changes.sheetsMain');
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { colour: 'red' } }), 422);
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { participants: { signer: 'nobody' } } }), 422, 'body.changes.participants.signer');
    // The registration-control card's own fields: the author keeps them at the Create point (the registry office
    // once the document reaches it).
    const reg = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 0, changes: { sheetsMain: 2, paperForm: 'original' } }).expect(200);
    expect(reg.body.registrationCard).toMatchObject({ sheetsMain: 2, paperForm: 'original' });

    await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
    const onApproval = await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 1, changes: { summary: 'x' } });
    expectProblem(onApproval, 409, 'body.changes.summary');
    expect(onApproval.body.type).toMatch(/not-editable-now$/);
    const a1 = await sys.http.patch(`/api/documents/${id}`).set(auth('a1')).send({ version: 1, changes: { summary: 'x' } });
    expectProblem(a1, 403, 'body.changes.summary');
    expect(await sys.models.AuditEvent.countDocuments({ type: 'access.refused', actorId: 'a1' })).toBeGreaterThan(0);
    // Withdrawn to the Create point, the author changes it again.
    await sys.http.post(`/api/documents/${id}/actions/withdraw`).set(auth('author')).send({}).expect(200);
    await sys.http.patch(`/api/documents/${id}`).set(auth('author')).send({ version: 1, changes: { summary: 'қайта' } }).expect(200);
  });

  it('after registration the number and date are frozen; the registry office corrects the unsigned card', async () => {
    const { id } = await registeredIncoming();
    const card = await sys.http.get(`/api/documents/${id}`).set(auth('reg')).expect(200);
    const v = card.body.cardVersion as number;
    const frozen = await sys.http.patch(`/api/documents/${id}`).set(auth('reg')).send({ version: v, changes: { registrationNumber: '01-12/999', registrationDate: '2026-01-01' } });
    expectProblem(frozen, 409, 'body.changes.registrationNumber');
    expect(frozen.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.changes.registrationDate' })]));
    const fixed = await sys.http.patch(`/api/documents/${id}`).set(auth('reg')).send({ version: v, changes: { summary: 'Түзетілген мазмұн', executorPhone: '+7 (7172) 55-00-00' } }).expect(200);
    expect(fixed.body).toMatchObject({ summary: 'Түзетілген мазмұн', registrationCard: { executorPhone: '+7 (7172) 55-00-00' }, registration: card.body.registration });
    expectProblem(await sys.http.patch(`/api/documents/${id}`).set(auth('head')).send({ version: v + 1, changes: { summary: 'x' } }), 403, 'body.changes.summary');
  });

  it('after signing the signed content is frozen: a new version is a new draft linked "amends", the signed one keeps its signature', async () => {
    const id = await signedLetter();
    const before = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    const frozen = await sys.http.patch(`/api/documents/${id}`).set(auth('reg')).send({ version: before.body.cardVersion, changes: { summary: 'өзгеріс' } });
    expectProblem(frozen, 409, 'body.changes.summary');
    expect(frozen.body.type).toMatch(/signed-content-frozen$/);
    // The registration-control card is not signed content.
    await sys.http.patch(`/api/documents/${id}`).set(auth('reg')).send({ version: before.body.cardVersion, changes: { sheetsMain: 1 } }).expect(200);
    // The signature still verifies against the unchanged content: registration goes through.
    await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);

    expectProblem(await sys.http.post(`/api/documents/${id}/versions`).set(auth('a1')), 403);
    const next = await sys.http.post(`/api/documents/${id}/versions`).set(auth('author')).expect(201);
    expect(next.body).toMatchObject({ status: 'draft', title: before.body.title, versionOf: { documentId: id, version: 1 }, links: [expect.objectContaining({ kind: 'amends', documentId: id })] });
    const edited = await sys.http.patch(`/api/documents/${next.body.id}`).set(auth('author')).send({ version: next.body.cardVersion, changes: { summary: 'өзгеріс' } }).expect(200);
    expect(edited.body.summary).toBe('өзгеріс');
    const old = await sys.http.get(`/api/documents/${id}`).set(auth('author')).expect(200);
    expect(old.body.summary).toBe(before.body.summary);
    const signatures = await sys.http.get(`/api/documents/${id}/signatures`).set(auth('author')).expect(200);
    expect(signatures.body).toEqual([expect.objectContaining({ status: 'valid' })]);
    const backlinks = await sys.http.get(`/api/documents/${id}/links`).set(auth('author')).expect(200);
    expect(backlinks.body.linkedFrom).toEqual([expect.objectContaining({ kind: 'amends', documentId: next.body.id })]);
    // An unsigned document is edited instead.
    expectProblem(await sys.http.post(`/api/documents/${next.body.id}/versions`).set(auth('author')), 409);
  });
});

describe('links between documents', () => {
  it('a reply created from an incoming letter is linked with its number and date, shown on both cards, found by the number, and closes its control', async () => {
    const incoming = await registeredIncoming();
    // head resolves to exec; exec answers.
    await sys.http.post(`/api/documents/${incoming.id}/actions/write-resolution`).set(auth('head')).send({ text: 'Жауап дайындаңыз', responsibleExecutorId: 'exec', controllerId: 'ctl' }).expect(200);
    expectProblem(await sys.http.post('/api/documents').set(auth('outsider')).send({ type: 'outgoing-letter', title: 'x', inReplyTo: incoming.id }), 422, 'body.inReplyTo');

    const reply = await sys.http
      .post('/api/documents')
      .set(auth('exec'))
      .send({ type: 'outgoing-letter', title: 'Сұрауға жауап', participants: { approvers: ['a1'], signer: 'boss' }, inReplyTo: incoming.id })
      .expect(201);
    const registeredAt = (await sys.http.get(`/api/documents/${incoming.id}`).set(auth('reg')).expect(200)).body.registration.registeredAt as string;
    const day = new Date(Date.parse(registeredAt) + 5 * 3600_000).toISOString().slice(0, 10);
    expect(reply.body.links).toEqual([expect.objectContaining({ kind: 'in-reply-to', documentId: incoming.id, number: incoming.number, date: day })]);

    const both = await sys.http.get(`/api/documents/${incoming.id}/links`).set(auth('exec')).expect(200);
    expect(both.body.linkedFrom).toEqual([expect.objectContaining({ kind: 'in-reply-to', documentId: reply.body.id, title: 'Сұрауға жауап' })]);
    const fromReply = await sys.http.get(`/api/documents/${reply.body.id}/links`).set(auth('exec')).expect(200);
    expect(fromReply.body.links).toEqual([expect.objectContaining({ kind: 'in-reply-to', documentId: incoming.id, title: 'Ақпарат сұрау' })]);

    // The incoming number finds the reply (field "links") as well as the letter itself.
    await eventually(async () => {
      const found = await sys.http.get(`/api/search?q=${encodeURIComponent(incoming.number)}`).set(auth('exec')).expect(200);
      const hit = found.body.items.find((i: { id: string }) => i.id === reply.body.id);
      expect(hit).toBeDefined();
      expect(hit.matched).toContain('links');
    });

    // An unregistered reply cannot close the control yet.
    expectProblem(await sys.http.post(`/api/documents/${incoming.id}/close-control-by-reply`).set(auth('exec')).send({ replyId: reply.body.id }), 422, 'body.replyId');
    // A reply sent: approved, signed, registered.
    const rid = reply.body.id as string;
    await sys.http.post(`/api/documents/${rid}/actions/submit`).set(auth('exec')).send({}).expect(200);
    await sys.http.post(`/api/documents/${rid}/actions/approve`).set(auth('a1')).send({}).expect(200);
    const content = await sys.http.get(`/api/documents/${rid}/content-to-sign`).set(auth('boss')).expect(200);
    const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
    await sys.http.post(`/api/documents/${rid}/signatures`).set(auth('boss')).send({ cms }).expect(201);
    const sent = await sys.http.post(`/api/documents/${rid}/actions/register`).set(auth('reg')).send({}).expect(200);

    expectProblem(await sys.http.post(`/api/documents/${incoming.id}/close-control-by-reply`).set(auth('reg')).send({ replyId: rid }), 409);
    const closed = await sys.http.post(`/api/documents/${incoming.id}/close-control-by-reply`).set(auth('exec')).send({ replyId: rid }).expect(200);
    expect(closed.body.status).toBe('awaiting-control-removal');
    const cards = (closed.body.workflow as { cards: Array<{ text: string; executorId: string }> }).cards;
    expect(cards).toEqual([expect.objectContaining({ executorId: 'exec', text: expect.stringContaining(`№ ${sent.body.registration.number}`) })]);
  });

  it('links to documents outside Qujat need number and date; duplicates are refused; removal updates both cards', async () => {
    const id = await draftLetter();
    const other = await draftLetter();
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'refers-to', number: '7-1/5' }), 422, 'body.date');
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'refers-to', number: '7-1/5', date: '2026-02-30' }), 422, 'body.date');
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'obeys', number: '7-1/5', date: '2026-02-03' }), 422, 'body.kind');
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'refers-to', documentId: id }), 422, 'body.documentId');
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('outsider')).send({ kind: 'refers-to', number: '1', date: '2026-02-03' }), 404);
    const external = await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'cancels', number: '7-1/5', date: '2026-02-03' }).expect(201);
    expect(external.body).toMatchObject({ cardVersion: 1, link: { kind: 'cancels', number: '7-1/5', date: '2026-02-03' } });
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'cancels', number: '7-1/5', date: '2026-02-03' }), 409);
    expectProblem(await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'refers-to', documentId: other, version: 0 }), 409, 'body.version');
    const internal = await sys.http.post(`/api/documents/${id}/links`).set(auth('author')).send({ kind: 'refers-to', documentId: other, version: 1 }).expect(201);
    const draftNumber = (await sys.http.get(`/api/documents/${other}`).set(auth('author')).expect(200)).body.draftNumber;
    expect(internal.body.link).toMatchObject({ documentId: other, number: draftNumber });
    expect((await sys.http.get(`/api/documents/${other}/links`).set(auth('author')).expect(200)).body.linkedFrom).toHaveLength(1);

    await sys.http.delete(`/api/documents/${id}/links/${internal.body.link.id}`).set(auth('author')).expect(204);
    expect((await sys.http.get(`/api/documents/${other}/links`).set(auth('author')).expect(200)).body.linkedFrom).toEqual([]);
    const history = await sys.http.get(`/api/documents/${id}/edits`).set(auth('author')).expect(200);
    expect(history.body.items.map((e: { kind: string }) => e.kind)).toEqual(['link-added', 'link-added', 'link-removed']);
    expect(await sys.models.AuditEvent.countDocuments({ documentId: id, type: { $in: ['document.link-added', 'document.link-removed'] } })).toBe(3);
  });
});

describe('files on execution cards', () => {
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
  const upload = (who: string, id: string, resolutionId: string, filename: string, body: Buffer) =>
    sys.http
      .post(`/api/documents/${id}/execution-files?resolutionId=${resolutionId}&filename=${encodeURIComponent(filename)}`)
      .set(auth(who))
      .set('Content-Type', 'application/octet-stream')
      .send(body);

  it('the executor uploads the report files under the document limits, files the card naming them, and they stay with it', async () => {
    const incoming = await registeredIncoming();
    const resolved = await sys.http.post(`/api/documents/${incoming.id}/actions/write-resolution`).set(auth('head')).send({ text: 'Орындаңыз', responsibleExecutorId: 'exec', controllerId: 'ctl' }).expect(200);
    const resolutionId = (resolved.body.workflow as { resolutions: Array<{ id: string }> }).resolutions[0].id;

    expectProblem(await upload('a1', incoming.id, resolutionId, 'есеп.pdf', pdf('x')), 404); // cannot see it
    expectProblem(await upload('head', incoming.id, resolutionId, 'есеп.pdf', pdf('x')), 409); // no execution task
    expectProblem(await upload('exec', incoming.id, resolutionId, 'есеп.exe', pdf('x')), 415, 'query.filename');
    expectProblem(await upload('exec', incoming.id, resolutionId, 'есеп.pdf', Buffer.from('not a pdf')), 415);

    const stored = [];
    for (let i = 1; i <= 6; i++) stored.push((await upload('exec', incoming.id, resolutionId, `есеп-${i}.pdf`, pdf(`part ${i}`)).expect(201)).body);
    expectProblem(await upload('exec', incoming.id, resolutionId, 'есеп-7.pdf', pdf('part 7')), 422, 'attachments');
    await sys.http.delete(`/api/documents/${incoming.id}/execution-files/${stored[5].id}`).set(auth('exec')).expect(204);

    // The document's own files (and its signed content) are not touched.
    expect((await sys.http.get(`/api/documents/${incoming.id}/attachments`).set(auth('reg')).expect(200)).body.items).toEqual([]);

    // A file id that is not this executor's for this resolution is refused, naming the position.
    const foreign = await upload('exec', incoming.id, resolutionId, 'бөтен.pdf', pdf('foreign')).expect(201);
    await sys.models.Attachment.updateOne({ _id: foreign.body.id }, { $set: { documentId: `exec:${incoming.id}:${resolutionId}:someone-else` } });
    expectProblem(await sys.http.post(`/api/documents/${incoming.id}/actions/file-card`).set(auth('exec')).send({ resolutionId, text: 'Орындалды', attachmentIds: [stored[0].id, foreign.body.id] }), 422, 'body.attachmentIds.1');

    const filed = await sys.http.post(`/api/documents/${incoming.id}/actions/file-card`).set(auth('exec')).send({ resolutionId, text: 'Орындалды', attachmentIds: [stored[0].id, stored[1].id] }).expect(200);
    expect((filed.body.workflow as { cards: Array<{ attachmentIds: string[] }> }).cards[0].attachmentIds).toEqual([stored[0].id, stored[1].id]);
    expectProblem(await sys.http.delete(`/api/documents/${incoming.id}/execution-files/${stored[0].id}`).set(auth('exec')), 409);

    const listed = await sys.http.get(`/api/documents/${incoming.id}/execution-files?resolutionId=${resolutionId}`).set(auth('ctl')).expect(200);
    expect(listed.body.items.map((f: { filename: string }) => f.filename).sort()).toEqual(['есеп-1.pdf', 'есеп-2.pdf', 'есеп-3.pdf', 'есеп-4.pdf', 'есеп-5.pdf']);
    const got = await sys.http.get(`/api/documents/${incoming.id}/execution-files/${stored[0].id}`).set(auth('ctl')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect((got.body as Buffer).equals(pdf('part 1'))).toBe(true);
    expectProblem(await sys.http.get(`/api/documents/${incoming.id}/execution-files/${stored[0].id}`).set(auth('outsider')), 404);
    expect(await sys.models.AuditEvent.countDocuments({ documentId: incoming.id, type: 'execution-file.added' })).toBe(7);
  });
});

const binary = (response: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const thisYear = Number(new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 4));

describe('nomenclature of files, filing and year end', () => {
  it('the registry office keeps the year\'s files by unit; an executed document is filed once into a suggested open file of its year; files close at year end', async () => {
    const body = { year: thisYear, index: '01-15', unitId: 'unit-a', title: { kk: 'Шығыс хаттар', ru: 'Исходящие письма' }, retentionYears: 5, retentionArticle: 'ст. 17', medium: 'electronic', journals: ['outgoing'] };
    expectProblem(await sys.http.post('/api/nomenclature').set(auth('author')).send(body), 403);
    expectProblem(await sys.http.post('/api/nomenclature').set(auth('reg')).send({ ...body, retentionYears: 0 }), 422, 'body.retentionYears');
    expectProblem(await sys.http.post('/api/nomenclature').set(auth('reg')).send({ ...body, unitId: 'no-unit' }), 422, 'body.unitId');
    const created = await sys.http.post('/api/nomenclature').set(auth('reg')).send(body).expect(201);
    expect(created.body).toMatchObject({ id: `${thisYear}:01-15`, state: 'open', keepUntilYear: thisYear + 5, section: { kk: 'A', ru: 'A' } });
    expectProblem(await sys.http.post('/api/nomenclature').set(auth('reg')).send(body), 409);
    await sys.http.post('/api/nomenclature').set(auth('reg')).send({ ...body, index: '01-01', title: { kk: 'Бұйрықтар', ru: 'Приказы' }, retentionYears: null, journals: ['orders'] }).expect(201);
    await sys.http.post('/api/nomenclature').set(auth('reg')).send({ ...body, year: thisYear - 1, index: '01-15' }).expect(201);
    const list = await sys.http.get(`/api/nomenclature?year=${thisYear}`).set(auth('author')).expect(200);
    expect(list.body.sections).toEqual([expect.objectContaining({ unitId: 'unit-a', files: [expect.objectContaining({ index: '01-01', retentionYears: null, keepUntilYear: null }), expect.objectContaining({ index: '01-15' })] })]);

    const letter = await signedLetter();
    const draft = await draftLetter();
    expectProblem(await sys.http.post(`/api/documents/${draft}/filing`).set(auth('author')).send({ fileId: `${thisYear}:01-15` }), 409);
    await sys.http.post(`/api/documents/${letter}/actions/register`).set(auth('reg')).send({}).expect(200);
    const suggested = await sys.http.get(`/api/documents/${letter}/filing`).set(auth('author')).expect(200);
    expect(suggested.body.items.map((f: { id: string }) => f.id)).toEqual([`${thisYear}:01-15`, `${thisYear}:01-01`]);
    expectProblem(await sys.http.post(`/api/documents/${letter}/filing`).set(auth('outsider')).send({ fileId: `${thisYear}:01-15` }), 404);
    expectProblem(await sys.http.post(`/api/documents/${letter}/filing`).set(auth('author')).send({ fileId: `${thisYear - 1}:01-15` }), 422, 'body.fileId');
    expectProblem(await sys.http.post(`/api/documents/${letter}/filing`).set(auth('author')).send({ fileId: 'nothing' }), 422, 'body.fileId');
    await sys.http.patch(`/api/documents/${letter}`).set(auth('reg')).send({ version: 0, changes: { sheetsMain: 2, sheetsAttachments: 1 } }).expect(200);
    const filed = await sys.http.post(`/api/documents/${letter}/filing`).set(auth('author')).send({ fileId: `${thisYear}:01-15` }).expect(201);
    expect(filed.body).toMatchObject({ fileIndex: '01-15' });
    expectProblem(await sys.http.post(`/api/documents/${letter}/filing`).set(auth('reg')).send({ fileId: `${thisYear}:01-01` }), 409);

    const file = await sys.http.get(`/api/nomenclature/${thisYear}:01-15`).set(auth('author')).expect(200);
    expect(file.body.inventory).toEqual([expect.objectContaining({ position: 1, documentId: letter, sheets: 3 })]);
    const inventory = await sys.http.get(`/api/nomenclature/${thisYear}:01-15/forms/file-inventory?language=ru`).set(auth('author')).buffer(true).parse(binary).expect(200);
    expect(inventory.headers['content-type']).toBe('application/pdf');
    const invText = (await pdfText(inventory.body as Buffer)).text;
    expect(invText).toContain('Внутренняя опись документов дела № 01-15');
    expect(invText).toContain('Итого документов: 1, листов: 3');
    const cover = await sys.http.get(`/api/nomenclature/${thisYear}:01-15/forms/file-cover?language=kk`).set(auth('author')).buffer(true).parse(binary).expect(200);
    const coverText = (await pdfText(cover.body as Buffer)).text;
    expect(coverText).toContain('№ 01-15 ІС');
    expect(coverText).toContain('Сақтау мерзімі: 5 жыл');

    expectProblem(await sys.http.post('/api/nomenclature/close-year').set(auth('reg')).send({ year: thisYear }), 409, 'body.year');
    expectProblem(await sys.http.post(`/api/nomenclature/${thisYear}:01-15/close`).set(auth('author')), 403);
    const closedOne = await sys.http.post(`/api/nomenclature/${thisYear}:01-01/close`).set(auth('reg')).expect(200);
    expect(closedOne.body.state).toBe('closed');
    const other = await signedLetter();
    await sys.http.post(`/api/documents/${other}/actions/register`).set(auth('reg')).send({}).expect(200);
    expectProblem(await sys.http.post(`/api/documents/${other}/filing`).set(auth('reg')).send({ fileId: `${thisYear}:01-01` }), 409, 'body.fileId');
    const yearEnd = await sys.http.post('/api/nomenclature/close-year').set(auth('reg')).send({ year: thisYear - 1 }).expect(200);
    expect(yearEnd.body.closed).toEqual([`${thisYear - 1}:01-15`]);
    expect(await sys.models.AuditEvent.countDocuments({ type: 'file.closed' })).toBe(2);
    expect(await sys.models.AuditEvent.countDocuments({ documentId: letter, type: 'document.filed' })).toBe(1);
  });
});

describe('the registration-control card and printed forms', () => {
  it('the card carries every field of seed-003 §8; the stamp, card, resolution form and control sheet print in kk and ru', async () => {
    const incoming = await registeredIncoming();
    await sys.http.post(`/api/documents/${incoming.id}/links`).set(auth('reg')).send({ kind: 'refers-to', number: '7-1/5', date: '2026-02-03' }).expect(201);
    await sys.http
      .patch(`/api/documents/${incoming.id}`)
      .set(auth('reg'))
      .send({ version: 1, changes: { issueNature: 'Ақпарат сұрау', sheetsMain: 3, sheetsAttachments: 2, addresseeBody: 'Қаржы басқармасы', executorPhone: '+7 7172 55 00 00', paperForm: 'original' } })
      .expect(200);
    await sys.http.post(`/api/documents/${incoming.id}/actions/write-resolution`).set(auth('head')).send({ text: 'Жауап дайындаңыз', responsibleExecutorId: 'exec', controllerId: 'ctl' }).expect(200);

    const card = await sys.http.get(`/api/documents/${incoming.id}/control-card?language=ru`).set(auth('reg')).expect(200);
    expect(card.body).toMatchObject({
      document: { type: expect.any(String), number: incoming.number, date: expect.stringMatching(/^\d\d\.\d\d\.\d{4}$/), title: 'Ақпарат сұрау', correspondent: 'ТОО «Альфа»' },
      system: { name: 'Qujat', version: expect.any(String) },
      card: { fileIndex: null, issueNature: 'Ақпарат сұрау', sheetsMain: 3, sheetsAttachments: 2, addresseeBody: 'Қаржы басқармасы', executorPhone: '+7 7172 55 00 00' },
      executor: { id: 'exec', fullName: 'Test exec' },
      control: { controlled: true, dueDate: expect.stringMatching(/^\d\d\.\d\d\.\d{4}$/) },
      marks: { executed: false, filed: false },
      links: [{ kind: 'refers-to', label: 'Ссылка на', number: '7-1/5', day: '03.02.2026', documentId: null }],
      paperForm: 'original',
      signatures: [],
    });
    expectProblem(await sys.http.get(`/api/documents/${incoming.id}/control-card`).set(auth('outsider')), 404);

    const get = (form: string, lang: string, extra = '') => sys.http.get(`/api/documents/${incoming.id}/forms/${form}?language=${lang}${extra}`).set(auth('reg')).buffer(true).parse(binary);
    const ruCard = (await pdfText((await get('control-card', 'ru').expect(200)).body as Buffer)).text;
    for (const expected of ['Регистрационно-контрольная карточка', `№ ${incoming.number}`, 'Характер вопроса: Ақпарат сұрау', 'основной документ — 3, приложения — 2', 'Исполнитель: Test exec', 'на контроле', 'Ссылка на № 7-1/5 от 03.02.2026', 'есть бумажный оригинал', 'Qujat, версия']) {
      expect(ruCard).toContain(expected);
    }
    const kkCard = (await pdfText((await get('control-card', 'kk').expect(200)).body as Buffer)).text;
    expect(kkCard).toContain('Тіркеу-бақылау карточкасы');
    expect(kkCard).toContain('Мәселенің сипаты: Ақпарат сұрау');
    const stamp = (await pdfText((await get('registration-stamp', 'kk').expect(200)).body as Buffer)).text;
    expect(stamp).toContain(`№ ${incoming.number}`);
    expect(stamp).toContain('Парақтар: 5');
    const resolution = (await pdfText((await get('resolution-form', 'ru').expect(200)).body as Buffer)).text;
    expect(resolution).toContain('Жауап дайындаңыз');
    expect(resolution).toContain('Исполнитель: Test exec');
    expectProblem(await sys.http.get(`/api/documents/${incoming.id}/forms/resolution-form?resolutionId=R99`).set(auth('reg')), 422, 'query.resolutionId');
    const sheet = (await pdfText((await get('control-sheet', 'kk').expect(200)).body as Buffer)).text;
    expect(sheet).toContain('Бақылау парағы');
    expect(sheet).toContain('бақылаудан алынбаған');
    expectProblem(await sys.http.get(`/api/documents/${incoming.id}/forms/passport`).set(auth('reg')), 422, 'params.form');
    const draft = await draftLetter();
    expectProblem(await sys.http.get(`/api/documents/${draft}/forms/registration-stamp`).set(auth('author')), 409);
  });
});

describe('records reports', () => {
  it('discipline, documents by type and journal, control and registrations: JSON for the screens, XLSX and PDF for export, to the roles that read reports', async () => {
    const incoming = await registeredIncoming();
    const dueAt = new Date(Date.now() + 5 * 24 * 3600_000).toISOString();
    await sys.http.post(`/api/documents/${incoming.id}/actions/write-resolution`).set(auth('head')).send({ text: 'Орындаңыз', responsibleExecutorId: 'exec2', controllerId: 'ctl', dueAt }).expect(200);
    const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
    const range = `from=2026-01-01&to=${Number(today.slice(0, 4)) + 1}-12-31`;
    expectProblem(await sys.http.get(`/api/reports/records?${range}`).set(auth('author')), 403);
    expectProblem(await sys.http.get(`/api/reports/records?from=2026-12-31&to=2026-01-01`).set(auth('ctl')), 422, 'query.to');
    expectProblem(await sys.http.get(`/api/reports/records?from=2026-13-01&to=2026-12-01`).set(auth('ctl')), 422, 'query.from');

    const report = await sys.http.get(`/api/reports/records?${range}`).set(auth('ctl')).expect(200);
    const byType = Object.fromEntries(report.body.documentsByType.map((t: { type: string; count: number }) => [t.type, t.count]));
    expect(byType['incoming-paper']).toBe(await sys.models.Document.countDocuments({ type: 'incoming-paper' }));
    const registered = await sys.models.Document.countDocuments({ 'registration.journal': 'incoming' });
    expect(report.body.documentsByJournal).toEqual(expect.arrayContaining([{ journal: 'incoming', count: registered }]));
    // A term ahead, inside the period: in work, for the executor and their unit.
    expect(report.body.discipline.byExecutor).toEqual(expect.arrayContaining([{ employeeId: 'exec2', unitId: 'unit-a', onTime: 0, late: 0, overdue: 0, inWork: 1 }]));
    expect(report.body.names.people.exec2).toBe('Test exec2');
    expect(report.body.control.open + report.body.control.overdue).toBeGreaterThan(0);
    expect(report.body.registrationsByMonth.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(await sys.models.Document.countDocuments({ 'registration.number': { $exists: true } }));

    const xlsx = await sys.http.get(`/api/reports/records.xlsx?${range}&language=ru`).set(auth('reg')).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['По видам документов']));
    const typeSheet = book.getWorksheet('По видам документов')!;
    expect(typeSheet.getRow(3).values).toEqual([undefined, 'Вид', 'Количество']);
    const pdf = await sys.http.get(`/api/reports/records.pdf?${range}&language=kk`).set(auth('reg')).buffer(true).parse(binary).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).text;
    expect(text).toContain('Іс жүргізу есебі');
    expect(text).toContain('Орындау тәртібі');
  });
});
