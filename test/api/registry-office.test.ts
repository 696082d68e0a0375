/**
 * The registry office through the API, against the real Temporal and database servers: journals and
 * their roles, the duplicate check and comma numbering through the registration workflow, the receipt
 * notification and the rejection with a reason, attachments with their limits and formats, generated
 * letters, and the dispatch of an outgoing document with its receipt chase.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { buildDocx } from '../../domain/rendering/docx-builder';
import { seedJournals } from '../../db/seed/journals';
import * as defs from '../../workflows/definitions';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { pdfText } from '../support/pdf-text';

let sys: TestSystem;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const people = ['admin', 'reg', 'author', 'a1', 'boss', 'head', 'outsider'] as const;

beforeAll(async () => {
  // Small limits make the limit tests cheap; they are read when the app is built.
  process.env.QUJAT_ATTACHMENT_MAX_FILES = '3';
  process.env.QUJAT_ATTACHMENT_MAX_TOTAL_MB = '0.05';
  try {
    sys = await startTestSystem();
  } finally {
    delete process.env.QUJAT_ATTACHMENT_MAX_FILES;
    delete process.env.QUJAT_ATTACHMENT_MAX_TOTAL_MB;
  }
  await seedJournals(sys.models);
  await sys.addPeople([
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'reg', roles: ['employee', 'registrar'] },
    { id: 'author' },
    { id: 'a1' },
    { id: 'boss' },
    { id: 'head' },
    { id: 'outsider' },
  ]);
  for (const id of people) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

describe('journals', () => {
  it('registrars read them, administrators define and change them', async () => {
    const list = await sys.http.get('/api/journals').set(auth('reg')).expect(200);
    expect(list.body.map((j: { code: string }) => j.code)).toEqual(expect.arrayContaining(['incoming', 'outgoing', 'internal', 'orders', 'directives', 'citizens-applications']));
    expectProblem(await sys.http.get('/api/journals').set(auth('author')), 403);

    const body = { code: 'contracts', title: { kk: 'Шарттар', ru: 'Договоры' }, index: '05', format: '{index}-{seq}/{year}', width: 3 };
    expectProblem(await sys.http.post('/api/journals').set(auth('reg')).send(body), 403);
    const created = await sys.http.post('/api/journals').set(auth('admin')).send(body).expect(201);
    expect(created.body).toMatchObject({ code: 'contracts', direction: 'internal', example: expect.stringMatching(/^05-001\/20\d\d$/) });
    expectProblem(await sys.http.post('/api/journals').set(auth('admin')).send(body), 409);
    expectProblem(await sys.http.post('/api/journals').set(auth('admin')).send({ ...body, code: 'bad', format: '{index}' }), 422, 'body.format');
    expectProblem(await sys.http.post('/api/journals').set(auth('admin')).send({ ...body, code: 'bad', format: '{seq}-{month}' }), 422, 'body.format');

    const changed = await sys.http.patch('/api/journals/contracts').set(auth('admin')).send({ width: 0 }).expect(200);
    expect(changed.body.example).toMatch(/^05-1\/20\d\d$/);
    await sys.http.delete('/api/journals/contracts').set(auth('admin')).expect(204);
    expectProblem(await sys.http.get('/api/journals/contracts').set(auth('admin')), 404);
  });
});

async function createIncoming(type: 'incoming-paper' | 'incoming-electronic', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('reg'))
    .send({
      type,
      title: 'Ақпарат беру туралы',
      correspondent: 'ТОО «Альфа»',
      participants: { executor: 'head', addressees: ['head'] },
      fields: { senderNumber: '15-2/1234', senderDate: '2026-11-20', receivedAt: '2026-11-23T04:12:00Z' },
      ...extra,
    })
    .expect(201);
  await sys.http.post(`/api/documents/${res.body.id}/actions/submit`).set(auth('reg')).send({}).expect(200);
  return res.body.id as string;
}

describe('paper incoming documents: duplicate check and comma numbering (002 A1 §6.2)', () => {
  it('a duplicate is found and registered under the same number with ,1 and ,2; originals go on without a gap', async () => {
    // A sender number of this test's own: other tests register letters with the default one, in any order.
    const letterOf = { fields: { senderNumber: '15-2/4321', senderDate: '2026-11-20', receivedAt: '2026-11-23T04:12:00Z' } };
    const first = await createIncoming('incoming-paper', letterOf);
    const card = await sys.http.get(`/api/documents/${first}`).set(auth('reg')).expect(200);
    expect(card.body.draftNumber).toMatch(/^D-\d+$/);
    expect(card.body.caption).toContain(card.body.draftNumber);

    const registered = await sys.http.post(`/api/documents/${first}/actions/register`).set(auth('reg')).send({}).expect(200);
    const number = registered.body.registration.number as string;
    expect(number).toMatch(/^01-12\/\d+$/);
    expect(registered.body.caption).toContain(`№ ${number}`);

    // Spelled differently, but the same letter.
    const check = await sys.http
      .post('/api/registrations/duplicate-check')
      .set(auth('reg'))
      .send({ senderNumber: '№ 15–2/4321', senderDate: '20.11.2026', correspondent: 'тоо "Альфа"' })
      .expect(200);
    expect(check.body).toMatchObject({ duplicate: true, matches: [{ documentId: first, number, duplicates: 0 }] });
    const other = await sys.http.post('/api/registrations/duplicate-check').set(auth('reg')).send({ senderNumber: '15-2/4321', senderDate: '2026-11-21', correspondent: 'ТОО «Альфа»' }).expect(200);
    expect(other.body).toEqual({ duplicate: false, matches: [] });
    expectProblem(await sys.http.post('/api/registrations/duplicate-check').set(auth('author')).send({ senderNumber: '1', senderDate: '2026-01-01', correspondent: 'x' }), 403);
    expectProblem(await sys.http.post('/api/registrations/duplicate-check').set(auth('reg')).send({ senderNumber: '1', senderDate: '31.02.2026', correspondent: 'x' }), 422, 'body.senderDate');

    const second = await createIncoming('incoming-paper', letterOf);
    const dup1 = await sys.http.post(`/api/documents/${second}/actions/register`).set(auth('reg')).send({ duplicateOf: first }).expect(200);
    expect(dup1.body.registration.number).toBe(`${number},1`);
    const third = await createIncoming('incoming-paper', letterOf);
    const dup2 = await sys.http.post(`/api/documents/${third}/actions/register`).set(auth('reg')).send({ duplicateOf: first }).expect(200);
    expect(dup2.body.registration.number).toBe(`${number},2`);

    const next = await createIncoming('incoming-paper', { fields: { senderNumber: '99', senderDate: '2026-11-22' } });
    const nextReg = await sys.http.post(`/api/documents/${next}/actions/register`).set(auth('reg')).send({}).expect(200);
    expect(nextReg.body.registration.number).toBe(`01-12/${Number(number.split('/')[1]) + 1}`);

    const again = await sys.http.post('/api/registrations/duplicate-check').set(auth('reg')).send({ senderNumber: '15-2/4321', senderDate: '2026-11-20', correspondent: 'ТОО «Альфа»' }).expect(200);
    expect(again.body.matches).toEqual([expect.objectContaining({ documentId: first, duplicates: 2 })]);

    const journal = await sys.http.get('/api/journals/incoming/registrations').set(auth('reg')).expect(200);
    const numbers = journal.body.items.map((r: { number: string }) => r.number);
    expect(numbers).toEqual(expect.arrayContaining([number, `${number},1`, `${number},2`]));
    expect(numbers.indexOf(`${number},1`)).toBe(numbers.indexOf(number) + 1);
  });
});

describe('electronic incoming documents', () => {
  it('registration issues the receipt notification (seed-003 §17)', async () => {
    const id = await createIncoming('incoming-electronic');
    const registered = await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);
    const receipt = await eventually(async () => (await sys.http.get(`/api/documents/${id}/receipt`).set(auth('reg')).expect(200)).body);
    expect(receipt.fields).toMatchObject({
      sender: 'ТОО «Альфа»',
      receivedAt: '23.11.2026 09:12',
      registration: { number: registered.body.registration.number },
      registrar: { fullName: 'Test reg' },
      executor: { fullName: 'Test head' },
    });
    expect(receipt.text).toContain('Хабарлама-түбіртек');
    expectProblem(await sys.http.get(`/api/documents/${id}/receipt`).set(auth('outsider')), 404);
  });

  it('refusal takes a reason from the list and produces the rejection notice', async () => {
    const reasons = await sys.http.get('/api/rejection-reasons').set(auth('reg')).expect(200);
    expect(reasons.body.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['signature-invalid', 'certificate-invalid', 'requisites-missing', 'other']));

    const id = await createIncoming('incoming-electronic');
    expectProblem(await sys.http.post(`/api/documents/${id}/actions/refuse`).set(auth('reg')).send({ reasonCode: 'i-do-not-like-it', comment: 'x' }), 422, 'body.reasonCode');
    const refused = await sys.http.post(`/api/documents/${id}/actions/refuse`).set(auth('reg')).send({ reasonCode: 'signer-not-authorised', comment: 'Қол қоюшы басшы емес' }).expect(200);
    expect(refused.body.status).toBe('rejected');
    const notice = await eventually(async () => (await sys.http.get(`/api/documents/${id}/rejection-notice`).set(auth('reg')).expect(200)).body);
    expect(notice.text).toContain('ҚАБЫЛДАНБАДЫ');
    expect(notice.text).toContain('Қол қоюшы басшы емес');
    expect(notice.fields.reason).toMatchObject({ code: 'signer-not-authorised', title: 'Қол қоюшының өкілеттігі расталмады' });
    expectProblem(await sys.http.get(`/api/documents/${id}/receipt`).set(auth('reg')), 404);
  });
});

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(Math.max(0, size - 9), 0x20)]);

async function createLetter(participants: Record<string, unknown> = { approvers: ['a1'], signer: 'boss', executor: 'author' }): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Кеңсе техникасы туралы', correspondent: '«Әлем» ЖШС', participants, fields: { executorPhone: '+7 7172 55 01 02' } })
    .expect(201);
  return res.body.id as string;
}

const upload = (id: string, filename: string, bytes: Buffer, who = 'author', kind?: string) =>
  sys.http
    .post(`/api/documents/${id}/attachments`)
    .query({ filename, ...(kind && { kind }) })
    .set(auth(who))
    .set('Content-Type', 'application/octet-stream')
    .send(bytes);

describe('attachments (seed-003 §§7–8)', () => {
  it('stream into GridFS with a server-side SHA-256, and stream back byte for byte', async () => {
    const id = await createLetter();
    const bytes = pdf(20_000);
    const stored = await upload(id, '../../etc/Қосымша 1.pdf', bytes).expect(201);
    expect(stored.body).toMatchObject({ filename: 'Қосымша 1.pdf', format: 'pdf', contentType: 'application/pdf', size: 20_000, sha256: createHash('sha256').update(bytes).digest('hex') });
    const list = await sys.http.get(`/api/documents/${id}/attachments`).set(auth('author')).expect(200);
    expect(list.body).toMatchObject({ limits: { maxFiles: 3 }, items: [{ id: stored.body.id }] });
    const back = await sys.http.get(`/api/documents/${id}/attachments/${stored.body.id}`).set(auth('author')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(back.status).toBe(200);
    expect(Buffer.compare(back.body as Buffer, bytes)).toBe(0);
    expect(back.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Қосымша 1.pdf')}`);
    expectProblem(await sys.http.get(`/api/documents/${id}/attachments`).set(auth('outsider')), 404);
    expectProblem(await sys.http.post(`/api/documents/${id}/attachments`).query({ filename: 'a.pdf' }).send(bytes), 401);
  });

  it('refuse a format by extension or by content, naming the rule', async () => {
    const id = await createLetter();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(200)]);
    const byName = await upload(id, 'setup.exe', exe);
    expectProblem(byName, 415, 'query.filename');
    expect(byName.body.rule).toBe('format');
    expectProblem(await upload(id, 'invoice.pdf', exe), 415, 'query.filename');
    expectProblem(await upload(id, 'archive.7z', Buffer.from('7z\xbc\xaf\x27\x1c')), 415);
    // The content part is DOC/DOCX only, and a ZIP renamed .docx is not a DOCX.
    expectProblem(await upload(id, 'scan.pdf', pdf(100), 'author', 'content'), 415);
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    expectProblem(await upload(id, 'letter.docx', await zip.generateAsync({ type: 'nodebuffer' }), 'author', 'content'), 415);
    const docx = await buildDocx('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>', { title: 't', createdAt: new Date() });
    await upload(id, 'letter.docx', docx, 'author', 'content').expect(201);
    expectProblem(await upload(id, 'letter2.docx', docx, 'author', 'content'), 422, 'query.kind');
    expectProblem(await upload(id, '..', pdf(100)), 422, 'query.filename');
    expectProblem(await upload(id, 'empty.pdf', Buffer.alloc(0)), 422, 'body');
  });

  it('enforce the per-document count and total size', async () => {
    const id = await createLetter();
    for (let i = 1; i <= 3; i++) await upload(id, `a${i}.pdf`, pdf(1_000)).expect(201);
    const fourth = await upload(id, 'a4.pdf', pdf(1_000));
    expectProblem(fourth, 422, 'attachments');
    expect(fourth.body).toMatchObject({ rule: 'max-files', detail: expect.stringContaining('at most 3') });

    const other = await createLetter();
    await upload(other, 'big.pdf', pdf(40_000)).expect(201);
    const tooBig = await upload(other, 'more.pdf', pdf(20_000));
    expectProblem(tooBig, 413, 'body');
    expect(tooBig.body.rule).toBe('max-total-size');
    await upload(other, 'fits.pdf', pdf(10_000)).expect(201);
    const list = await sys.http.get(`/api/documents/${other}/attachments`).set(auth('author')).expect(200);
    expect(list.body.items.map((a: { filename: string }) => a.filename)).toEqual(['big.pdf', 'fits.pdf']);
  });

  it('change only at the Create point and only by the author', async () => {
    const id = await createLetter();
    const stored = await upload(id, 'a.pdf', pdf(500)).expect(201);
    expectProblem(await upload(id, 'b.pdf', pdf(500), 'a1'), 404); // not even visible to a1 yet
    await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
    expectProblem(await upload(id, 'b.pdf', pdf(500)), 409);
    expectProblem(await sys.http.delete(`/api/documents/${id}/attachments/${stored.body.id}`).set(auth('author')), 409);
    await sys.http.post(`/api/documents/${id}/actions/withdraw`).set(auth('author')).send({}).expect(200);
    await sys.http.delete(`/api/documents/${id}/attachments/${stored.body.id}`).set(auth('author')).expect(204);
    await upload(id, 'b.pdf', pdf(500)).expect(201);
  });
});

describe('generated letters', () => {
  it('the cover letter comes as DOCX, HTML and PDF filled from the card', async () => {
    const id = await createLetter();
    const docx = await sys.http.get(`/api/documents/${id}/cover-letter`).query({ format: 'docx' }).set(auth('author')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(docx.status).toBe(200);
    expect(docx.headers['x-template']).toBe('cover-letter@1/kk');
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
    for (const text of ['Test author', 'Test boss', '«Әлем» ЖШС', '+7 7172 55 01 02']) expect(xml).toContain(text);

    const html = await sys.http.get(`/api/documents/${id}/cover-letter`).query({ format: 'html' }).set(auth('author')).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('Test boss');
    const pdfRes = await sys.http.get(`/api/documents/${id}/cover-letter`).query({ format: 'pdf' }).set(auth('author')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect((await pdfText(pdfRes.body as Buffer)).text).toContain('Test author');
    expectProblem(await sys.http.get(`/api/documents/${id}/cover-letter`).query({ format: 'odt' }).set(auth('author')), 422, 'query.format');

    const unsigned = await createLetter({ approvers: ['a1'], executor: 'author' });
    expectProblem(await sys.http.get(`/api/documents/${unsigned}/cover-letter`).set(auth('author')), 422, 'data.signer.fullName');
  });

  it('the paper copy is a PDF with the copy mark and its sheet count', async () => {
    const id = await createLetter();
    const res = await sys.http.get(`/api/documents/${id}/paper-copy.pdf`).set(auth('author')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await pdfText(res.body as Buffer);
    expect(text).toContain('Электрондық құжаттың көшірмесі');
    expect(text).toContain(`Парақ саны: ${pages}`);
    expect(res.headers['x-sheets']).toBe(String(pages));
  });

  it('the installed templates are listed with their versions', async () => {
    const res = await sys.http.get('/api/templates').set(auth('author')).expect(200);
    expect(res.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'cover-letter', latestVersion: 1 })]));
  });
});

describe('dispatch of an outgoing document and its receipt (seed-003 §§18–19)', () => {
  it('waits for the recipient\'s receipt; recording it ends the chase', async () => {
    const id = await createLetter();
    expectProblem(await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('author')), 403); // registrars only
    // Someone who may not see the draft gets the card's own answer, not a 403 that would confirm it exists.
    expectProblem(await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('a1')), 404);
    // A draft has not reached the registry: the registrar does not see it yet.
    expectProblem(await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('reg')).send({}), 404);
    await sys.models.Document.updateOne({ _id: id }, { $set: { status: 'on-registration' } }); // as the projection writes it there
    const unregistered = await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('reg')).send({});
    expectProblem(unregistered, 409);
    expect(unregistered.body.type).toContain('not-registered');
    // Registration itself needs a signed document; the dispatch only needs its registration.
    await sys.models.Document.updateOne({ _id: id }, { $set: { registration: { journal: 'outgoing', number: '01-13/5', registeredAt: new Date() }, status: 'registered' } });
    const sent = await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('reg')).send({}).expect(200);
    expect(sent.body).toMatchObject({ recipient: '«Әлем» ЖШС', status: 'awaiting-receipt', sentBy: 'reg' });
    await sys.http.post(`/api/documents/${id}/dispatch`).set(auth('reg')).send({}).expect(200); // idempotent
    const due = await eventually(async () => {
      const d = await sys.http.get(`/api/documents/${id}/delivery`).set(auth('reg')).expect(200);
      expect(d.body.receiptDueAt).toBeDefined();
      return Date.parse(d.body.receiptDueAt);
    });
    expect(due).toBeGreaterThan(Date.parse(sent.body.sentAt));

    const received = await sys.http.post(`/api/documents/${id}/delivery-receipt`).set(auth('reg')).send({ receivedAt: new Date().toISOString(), recipientNumber: 'ВХ-77' }).expect(200);
    expect(received.body).toMatchObject({ status: 'receipt-received', receipt: { recipientNumber: 'ВХ-77' } });
    const result = await sys.temporal.workflow.getHandle(defs.receiptChaseWorkflowId(id)).result();
    expect(result.outcome).toBe('receipt-received');
    expect(await sys.models.Notification.countDocuments({ documentId: id, kind: 'receipt.chase' })).toBe(0);
  });
});
