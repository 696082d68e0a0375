/**
 * The archive through the API against the real servers: a closed file handed to the archive keeps each
 * document's signed content, signatures, files and receipts, downloadable as one ZIP; an archived document is
 * read-only; legal holds are set and lifted by the right people, with reasons, in the audit trail.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { signCms } from '../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, verifyCms, iinControlDigit } from '../../signing';
import type { CmsVerifier } from '../../domain/signatures/signing-setup';
import { failuresOf } from '../../domain/signatures/signing-setup';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { pdfText } from '../support/pdf-text';

const iin = (first11: string) => `${first11}${iinControlDigit(first11)}`;
const BOSS_IIN = iin('75031230012');

let sys: TestSystem;
let ca: TestCa;
let bossKey: Credential;
const tokens: Record<string, string> = {};
const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
const thisYear = Number(new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 4));
let fileSeq = 0;

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
    { id: 'admin', roles: ['employee', 'administrator'] },
    { id: 'aud', roles: ['employee', 'auditor'] },
    { id: 'outsider' },
    { id: 'head' },
    { id: 'exec' },
    { id: 'ctl', roles: ['employee', 'controller'] },
  ]);
  for (const id of ['author', 'a1', 'boss', 'reg', 'admin', 'aud', 'outsider', 'head', 'exec', 'ctl']) tokens[id] = await sys.tokenFor(id);
});
afterAll(async () => {
  await sys?.stop();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

const binary = (response: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function signAs(id: string, who: string, key: Credential): Promise<void> {
  const content = await sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth(who)).expect(200);
  const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: key.keyPem, certPem: key.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
  await sys.http.post(`/api/documents/${id}/signatures`).set(auth(who)).send({ cms }).expect(201);
}

/** A registered (and so executed) outgoing letter with one attached file and the boss's valid signature. */
async function signedRegisteredLetter(fileBytes: Buffer): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('author'))
    .send({ type: 'outgoing-letter', title: 'Мұрағатқа тапсырылатын хат', summary: 'Мазмұны', participants: { approvers: ['a1'], signer: 'boss' } })
    .expect(201);
  const id = res.body.id as string;
  await sys.http.post(`/api/documents/${id}/attachments?filename=a.pdf`).set(auth('author')).set('Content-Type', 'application/octet-stream').send(fileBytes).expect(201);
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('author')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/approve`).set(auth('a1')).send({}).expect(200);
  const content = await sys.http.get(`/api/documents/${id}/content-to-sign`).set(auth('boss')).expect(200);
  const cms = await signCms({ content: new Uint8Array(Buffer.from(content.body.contentBase64, 'base64')), keyPem: bossKey.keyPem, certPem: bossKey.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: true });
  await sys.http.post(`/api/documents/${id}/signatures`).set(auth('boss')).send({ cms }).expect(201);
  await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);
  return id;
}

/** A new file of this year's nomenclature with `documents` filed into it. */
async function fileWith(documents: string[], retentionYears: number | null = 5): Promise<string> {
  const index = `77-${++fileSeq}`;
  await sys.http
    .post('/api/nomenclature')
    .set(auth('reg'))
    .send({ year: thisYear, index, unitId: 'unit-a', title: { kk: 'Хаттар', ru: 'Письма' }, retentionYears, medium: 'electronic', journals: ['outgoing'] })
    .expect(201);
  const fileId = `${thisYear}:${index}`;
  for (const id of documents) await sys.http.post(`/api/documents/${id}/filing`).set(auth('reg')).send({ fileId }).expect(201);
  return fileId;
}

describe('the archive', () => {
  it('a closed file goes to the archive with each document\'s signed content, signatures, files and receipts; the package is a ZIP; archived documents are read-only', async () => {
    const fileBytes = Buffer.from('%PDF-1.4\n% archived file\n%%EOF\n');
    const letter = await signedRegisteredLetter(fileBytes);
    const fileId = await fileWith([letter]);

    expectProblem(await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('reg')), 409, 'params.fileId');
    await sys.http.post(`/api/nomenclature/${fileId}/close`).set(auth('reg')).expect(200);
    expectProblem(await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('author')), 403);
    expect(await sys.models.AuditEvent.countDocuments({ type: 'access.refused', actorId: 'author' })).toBeGreaterThan(0);
    const archived = await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('reg')).expect(200);
    expect(archived.body).toMatchObject({ fileId, state: 'archived', documents: 1, archivedNow: 1 });
    // Archiving again adds nothing and writes no second record or event.
    const again = await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('reg')).expect(200);
    expect(again.body).toMatchObject({ documents: 1, archivedNow: 0 });
    expect((await sys.http.get(`/api/nomenclature/${fileId}`).set(auth('reg')).expect(200)).body.state).toBe('archived');
    expect(await sys.models.AuditEvent.countDocuments({ documentId: letter, type: 'document.archived' })).toBe(1);
    expect(await sys.models.AuditEvent.countDocuments({ type: 'file.archived', 'data.fileId': fileId })).toBe(1);

    const record = await sys.http.get(`/api/documents/${letter}/archive`).set(auth('author')).expect(200);
    expect(record.body).toMatchObject({ state: 'archived', fileId, attachments: [{ name: 'a.pdf', sha256: createHash('sha256').update(fileBytes).digest('hex'), size: fileBytes.length }] });
    expect(record.body.signatures).toEqual([expect.objectContaining({ status: 'valid', signer: expect.stringContaining('Ахметов') })]);
    expect(record.body.number).toMatch(/\S/);
    expectProblem(await sys.http.get(`/api/documents/${letter}/archive`).set(auth('outsider')), 404);

    const zipRes = await sys.http.get(`/api/documents/${letter}/archive-package`).set(auth('author')).buffer(true).parse(binary).expect(200);
    expect(zipRes.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(zipRes.body as Buffer);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'signed-content.json', 'files/01-a.pdf', 'receipts.json']));
    expect(names.filter((n) => n.endsWith('.p7s'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.report.json'))).toHaveLength(1);
    // The boss's certificate and the intermediate the CMS carries, as files of their own.
    const certificates = JSON.parse(await zip.file('certificates.json')!.async('string')) as Array<{ file: string; sha256: string; signatures: string[] }>;
    expect(certificates).toHaveLength(2);
    const bossDer = Buffer.from(bossKey.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const bossFile = certificates.find((c) => c.sha256 === createHash('sha256').update(bossDer).digest('hex'));
    expect(bossFile).toBeDefined();
    expect((await zip.file(bossFile!.file)!.async('nodebuffer')).equals(bossDer)).toBe(true);
    expect((await zip.file('files/01-a.pdf')!.async('nodebuffer')).equals(fileBytes)).toBe(true);
    const signed = await zip.file('signed-content.json')!.async('nodebuffer');
    expect(createHash('sha256').update(signed).digest('hex')).toBe(record.body.contentSha256);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest).toMatchObject({ documentId: letter, contentSha256: record.body.contentSha256 });

    const card = await sys.http.get(`/api/documents/${letter}`).set(auth('reg')).expect(200);
    const edit = await sys.http.patch(`/api/documents/${letter}`).set(auth('reg')).send({ version: card.body.cardVersion ?? 0, changes: { executorPhone: '+7 7172 00 00 00' } });
    expectProblem(edit, 409, 'params.id');
    expect(edit.body.type).toMatch(/document-archived/);
    expectProblem(await sys.http.post(`/api/documents/${letter}/links`).set(auth('reg')).send({ kind: 'refers-to', number: '1-1/1', date: '2026-01-05' }), 409, 'params.id');
    expectProblem(await sys.http.post(`/api/documents/${letter}/versions`).set(auth('author')), 409, 'params.id');
  });

  it('year end archives only a finished year and closes what is still open', async () => {
    expectProblem(await sys.http.post('/api/nomenclature/archive-year').set(auth('reg')).send({ year: thisYear }), 409, 'body.year');
    expectProblem(await sys.http.post('/api/nomenclature/archive-year').set(auth('reg')).send({ year: 'last' }), 422, 'body.year');
    const index = `88-${++fileSeq}`;
    await sys.http.post('/api/nomenclature').set(auth('reg')).send({ year: thisYear - 1, index, unitId: 'unit-a', title: { kk: 'Ескі', ru: 'Старое' }, retentionYears: 3, medium: 'paper' }).expect(201);
    const yearEnd = await sys.http.post('/api/nomenclature/archive-year').set(auth('admin')).send({ year: thisYear - 1 }).expect(200);
    expect(yearEnd.body.closed).toContain(`${thisYear - 1}:${index}`);
    expect(yearEnd.body.archived).toContain(`${thisYear - 1}:${index}`);
  });
});

describe('legal holds', () => {
  it('set by the records people with a reason, lifted only by an administrator or auditor, every step audited', async () => {
    const fileId = await fileWith([]);
    expectProblem(await sys.http.post('/api/legal-holds').set(auth('author')).send({ kind: 'file', targetId: fileId, reason: 'Сот ісі' }), 403);
    expectProblem(await sys.http.post('/api/legal-holds').set(auth('reg')).send({ kind: 'file', targetId: fileId }), 422, 'body.reason');
    expectProblem(await sys.http.post('/api/legal-holds').set(auth('reg')).send({ kind: 'file', targetId: 'no-such-file', reason: 'Сот ісі' }), 422, 'body.targetId');
    const set = await sys.http.post('/api/legal-holds').set(auth('reg')).send({ kind: 'file', targetId: fileId, reason: 'Сот ісі № 2-118' }).expect(201);
    expect(set.body).toMatchObject({ kind: 'file', targetId: fileId, setBy: 'reg' });
    expectProblem(await sys.http.post('/api/legal-holds').set(auth('aud')).send({ kind: 'file', targetId: fileId, reason: 'екінші рет' }), 409);
    const list = await sys.http.get('/api/legal-holds').set(auth('aud')).expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: fileId, reason: 'Сот ісі № 2-118' })]));
    // The archivist who compiles destruction acts cannot lift a hold.
    expectProblem(await sys.http.post(`/api/legal-holds/file/${encodeURIComponent(fileId)}/lift`).set(auth('reg')).send({ reason: 'бітті' }), 403);
    expectProblem(await sys.http.post(`/api/legal-holds/file/${encodeURIComponent(fileId)}/lift`).set(auth('admin')).send({}), 422, 'body.reason');
    await sys.http.post(`/api/legal-holds/file/${encodeURIComponent(fileId)}/lift`).set(auth('admin')).send({ reason: 'Сот шешімі заңды күшіне енді' }).expect(200);
    expectProblem(await sys.http.post(`/api/legal-holds/file/${encodeURIComponent(fileId)}/lift`).set(auth('admin')).send({ reason: 'тағы' }), 404);
    const events = await sys.models.AuditEvent.find({ type: { $in: ['hold.set', 'hold.lifted'] }, 'data.targetId': fileId }).lean();
    expect(events.map((e) => e.type).sort()).toEqual(['hold.lifted', 'hold.set']);
    expect(events.find((e) => e.type === 'hold.lifted')!.data).toMatchObject({ reason: 'Сот шешімі заңды күшіне енді', heldFor: 'Сот ісі № 2-118' });
  });
});

/** A closed, archived file with `documents`, moved `yearsAgo` back so its storage period is over. */
async function expiredArchivedFile(documents: string[], retentionYears: number | null, yearsAgo: number): Promise<string> {
  const fileId = await fileWith(documents, retentionYears);
  await sys.http.post(`/api/nomenclature/${fileId}/close`).set(auth('reg')).expect(200);
  await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('reg')).expect(200);
  // Documents can only be filed into a file of their own year, so the file's age is set directly: a file of
  // `yearsAgo` years back whose documents are the ones just archived.
  await sys.models.CaseFile.updateOne({ _id: fileId }, { $set: { year: thisYear - yearsAgo } });
  return fileId;
}

/** A registered incoming document executed with `reports` as its execution card's files; its id. */
async function executedIncomingWithReport(reports: Array<{ name: string; bytes: Buffer }>): Promise<string> {
  const res = await sys.http
    .post('/api/documents')
    .set(auth('reg'))
    .send({ type: 'incoming-paper', title: 'Орындалған сұрау', correspondent: 'ТОО «Альфа»', participants: { executor: 'head' }, fields: { senderNumber: '15-2/77', senderDate: '2026-11-20' } })
    .expect(201);
  const id = res.body.id as string;
  await sys.http.post(`/api/documents/${id}/actions/submit`).set(auth('reg')).send({}).expect(200);
  await sys.http.post(`/api/documents/${id}/actions/register`).set(auth('reg')).send({}).expect(200);
  const resolved = await sys.http.post(`/api/documents/${id}/actions/write-resolution`).set(auth('head')).send({ text: 'Орындаңыз', responsibleExecutorId: 'exec', controllerId: 'ctl' }).expect(200);
  const resolutionId = (resolved.body.workflow as { resolutions: Array<{ id: string }> }).resolutions[0].id;
  const ids: string[] = [];
  for (const r of reports) {
    const up = await sys.http.post(`/api/documents/${id}/execution-files?resolutionId=${resolutionId}&filename=${encodeURIComponent(r.name)}`).set(auth('exec')).set('Content-Type', 'application/octet-stream').send(r.bytes).expect(201);
    ids.push(up.body.id as string);
  }
  await sys.http.post(`/api/documents/${id}/actions/file-card`).set(auth('exec')).send({ resolutionId, text: 'Орындалды', attachmentIds: ids }).expect(200);
  const done = await sys.http.post(`/api/documents/${id}/actions/remove-from-control`).set(auth('ctl')).send({}).expect(200);
  expect(done.body.status).toBe('executed');
  return id;
}

describe('files of execution cards', () => {
  it('go into the archive record and package beside the document\'s own files, and a destruction act removes them too', async () => {
    const report = Buffer.from('%PDF-1.4\n% execution report\n%%EOF\n');
    const id = await executedIncomingWithReport([{ name: 'есеп.pdf', bytes: report }]);
    const fileId = await expiredArchivedFile([id], 3, 10);

    const record = await sys.http.get(`/api/documents/${id}/archive`).set(auth('reg')).expect(200);
    expect(record.body.attachments).toEqual([{ name: 'есеп.pdf', sha256: createHash('sha256').update(report).digest('hex'), size: report.length, executionCard: { resolutionId: expect.any(String), executorId: 'exec' } }]);
    const zipRes = await sys.http.get(`/api/documents/${id}/archive-package`).set(auth('reg')).buffer(true).parse(binary).expect(200);
    const zip = await JSZip.loadAsync(zipRes.body as Buffer);
    expect((await zip.file('execution-files/exec/01-есеп.pdf')!.async('nodebuffer')).equals(report)).toBe(true);

    const compiled = await sys.http.post('/api/destruction-acts').set(auth('reg')).send({ approvers: ['a1'], signer: 'boss', language: 'kk', fileIds: [fileId] }).expect(201);
    const actId = compiled.body.actId as string;
    await sys.http.post(`/api/documents/${actId}/actions/submit`).set(auth('reg')).send({}).expect(200);
    await sys.http.post(`/api/documents/${actId}/actions/approve`).set(auth('a1')).send({}).expect(200);
    await signAs(actId, 'boss', bossKey);
    await sys.http.post(`/api/documents/${actId}/actions/register`).set(auth('reg')).send({}).expect(200);
    await eventually(async () => expect((await sys.http.get(`/api/destruction-acts/${actId}`).set(auth('reg')).expect(200)).body.state).toBe('completed'));

    const stored = (await sys.models.ArchiveRecord.findById(id).lean())!;
    const ids = stored.attachments.map((a) => a.id);
    expect(ids).toHaveLength(1);
    expect(await sys.models.Document.db.collection('attachments.files').countDocuments({ _id: { $in: ids as never[] } })).toBe(0);
    expect(await sys.models.Document.db.collection('attachments.chunks').countDocuments({ files_id: { $in: ids as never[] } })).toBe(0);
    expect((await sys.models.Attachment.findById(ids[0]).lean())?.state).toBe('destroyed');
  });
});

describe('destruction acts', () => {
  it('compiled from expired files, approved, signed and registered, removes the contents and keeps the register entry; holds stop it even after compiling', async () => {
    const bytes = (n: number) => Buffer.from(`%PDF-1.4\n% to be destroyed ${n}\n%%EOF\n`);
    const [gone, heldLater, heldBefore] = [await signedRegisteredLetter(bytes(1)), await signedRegisteredLetter(bytes(2)), await signedRegisteredLetter(bytes(3))];
    const expired = await expiredArchivedFile([gone, heldLater, heldBefore], 3, 10);
    const alone = await signedRegisteredLetter(bytes(4));
    const wholeFile = await expiredArchivedFile([alone], 2, 10);
    const permanent = await expiredArchivedFile([], null, 10);
    const heldFile = await expiredArchivedFile([], 1, 10);
    const young = await expiredArchivedFile([], 50, 1);
    await sys.http.post('/api/legal-holds').set(auth('aud')).send({ kind: 'file', targetId: heldFile, reason: 'Тексеру жүріп жатыр' }).expect(201);
    await sys.http.post('/api/legal-holds').set(auth('reg')).send({ kind: 'document', targetId: heldBefore, reason: 'Сот ісі № 7' }).expect(201);

    const candidates = await sys.http.get('/api/destruction-acts/candidates').set(auth('reg')).expect(200);
    const byId = new Map((candidates.body.items as Array<{ fileId: string; eligible: boolean; reason?: string }>).map((c) => [c.fileId, c]));
    expect(byId.get(expired)).toMatchObject({ eligible: true });
    expect(byId.get(permanent)).toMatchObject({ eligible: false, reason: 'kept permanently' });
    expect(byId.get(heldFile)).toMatchObject({ eligible: false, reason: expect.stringContaining('Тексеру') });
    expect(byId.get(young)).toMatchObject({ eligible: false });
    expectProblem(await sys.http.get('/api/destruction-acts/candidates').set(auth('author')), 403);

    const compileBody = { approvers: ['a1'], signer: 'boss', language: 'ru' };
    expectProblem(await sys.http.post('/api/destruction-acts').set(auth('author')).send({ ...compileBody, fileIds: [expired] }), 403);
    const refused = await sys.http.post('/api/destruction-acts').set(auth('reg')).send({ ...compileBody, fileIds: [expired, permanent, heldFile, young] });
    expectProblem(refused, 409, 'body.fileIds.1');
    expect((refused.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['body.fileIds.1', 'body.fileIds.2', 'body.fileIds.3']);
    expectProblem(await sys.http.post('/api/destruction-acts').set(auth('reg')).send({ ...compileBody, fileIds: [expired], signer: 'nobody' }), 422, 'body.signer');
    // Not typed by hand through the generic create: such an act would list nothing.
    expectProblem(await sys.http.post('/api/documents').set(auth('reg')).send({ type: 'destruction-act', title: 'Акт', participants: { approvers: ['a1'], signer: 'boss' } }), 422, 'body.type');

    const compiled = await sys.http.post('/api/destruction-acts').set(auth('reg')).send({ ...compileBody, fileIds: [expired, wholeFile] }).expect(201);
    const actId = compiled.body.actId as string;
    expect(compiled.body).toMatchObject({
      state: 'compiled',
      files: [expect.objectContaining({ fileId: expired, documents: 2 }), expect.objectContaining({ fileId: wholeFile, documents: 1 })],
      excluded: [expect.objectContaining({ documentId: heldBefore, reason: 'Сот ісі № 7' })],
    });
    expect([...compiled.body.documentIds].sort()).toEqual([gone, heldLater, alone].sort());
    // The same file cannot go into a second act while this one is under way.
    expectProblem(await sys.http.post('/api/destruction-acts').set(auth('reg')).send({ ...compileBody, fileIds: [expired] }), 409, 'body.fileIds.0');

    // A hold set after compiling still stops that document's destruction.
    await sys.http.post('/api/legal-holds').set(auth('aud')).send({ kind: 'document', targetId: heldLater, reason: 'Прокуратура сұрауы' }).expect(201);

    await sys.http.post(`/api/documents/${actId}/actions/submit`).set(auth('reg')).send({}).expect(200);
    await sys.http.post(`/api/documents/${actId}/actions/approve`).set(auth('a1')).send({}).expect(200);
    await signAs(actId, 'boss', bossKey);
    const registered = await sys.http.post(`/api/documents/${actId}/actions/register`).set(auth('reg')).send({}).expect(200);
    const actNumber = registered.body.registration.number as string;

    const act = await eventually(async () => {
      const res = await sys.http.get(`/api/destruction-acts/${actId}`).set(auth('reg')).expect(200);
      if (res.body.state !== 'completed') throw new Error('not carried out yet');
      return res.body;
    });
    expect(act).toMatchObject({ number: actNumber, outcome: expect.arrayContaining([{ documentId: gone, number: expect.any(String), result: 'destroyed' }, expect.objectContaining({ documentId: heldLater, result: 'kept', reason: expect.stringContaining('Прокуратура сұрауы') })]) });

    // The destroyed document: contents gone, register entry kept.
    const record = await sys.http.get(`/api/documents/${gone}/archive`).set(auth('reg')).expect(200);
    expect(record.body).toMatchObject({ state: 'destroyed', destroyed: { actId, actNumber }, attachments: [expect.objectContaining({ name: 'a.pdf' })] });
    const card = await sys.http.get(`/api/documents/${gone}`).set(auth('reg')).expect(200);
    expect(card.body.title).toBe('Мұрағатқа тапсырылатын хат');
    expect(card.body.registration.number).toBe(record.body.number);
    const stored = await sys.models.ArchiveRecord.findById(gone).lean();
    expect(stored!.signedContent).toBeFalsy();
    const fileIds = stored!.attachments.map((a) => a.id);
    expect(await sys.models.Document.db.collection('attachments.files').countDocuments({ _id: { $in: fileIds as never[] } })).toBe(0);
    expect(await sys.models.Document.db.collection('attachments.chunks').countDocuments({ files_id: { $in: fileIds as never[] } })).toBe(0);
    for (const s of stored!.signatures) expect((await sys.models.Signature.findById(s.id).lean())!.cms.buffer.length).toBe(0);
    expectProblem(await sys.http.get(`/api/documents/${gone}/archive-package`).set(auth('reg')), 409);
    expect(await sys.models.AuditEvent.countDocuments({ documentId: gone, type: 'document.destroyed' })).toBe(1);

    // The held documents keep everything.
    expect(await sys.models.AuditEvent.countDocuments({ documentId: heldLater, type: 'document.destroyed' })).toBe(0);
    expect(await sys.models.AuditEvent.countDocuments({ documentId: heldLater, type: 'document.destruction-withheld' })).toBe(1);
    const kept = await sys.http.get(`/api/documents/${heldLater}/archive-package`).set(auth('reg')).buffer(true).parse(binary).expect(200);
    expect((await (await JSZip.loadAsync(kept.body as Buffer)).file('files/01-a.pdf')!.async('nodebuffer')).equals(bytes(2))).toBe(true);
    expect((await sys.http.get(`/api/documents/${heldBefore}/archive`).set(auth('reg')).expect(200)).body.state).toBe('archived');
    // A file with kept documents stays in the archive; a file whose every document went is destroyed.
    expect((await sys.http.get(`/api/nomenclature/${expired}`).set(auth('reg')).expect(200)).body.state).toBe('archived');
    expect((await sys.http.get(`/api/nomenclature/${wholeFile}`).set(auth('reg')).expect(200)).body.state).toBe('destroyed');
    expect((await sys.http.get(`/api/documents/${alone}/archive`).set(auth('reg')).expect(200)).body.state).toBe('destroyed');
    // The act is read-only history now: the same file cannot be listed again.
    expect((await sys.http.get('/api/destruction-acts/candidates').set(auth('reg')).expect(200)).body.items.map((c: { fileId: string }) => c.fileId)).not.toContain(wholeFile);

    for (const language of ['ru', 'kk'] as const) {
      const pdf = await sys.http.get(`/api/destruction-acts/${actId}/form?language=${language}`).set(auth('reg')).buffer(true).parse(binary).expect(200);
      const { text } = await pdfText(pdf.body as Buffer);
      expect(text).toContain(actNumber);
      expect(text).toContain(language === 'ru' ? 'АКТ' : 'АКТ');
      expect(text).toContain(language === 'ru' ? 'уничтожен' : 'жойылды');
      expect(text).toContain('Прокуратура');
    }
  });
});

describe('re-verification of the archive', () => {
  it('runs in the background over every archived signature and reports the one made invalid on purpose; exports to XLSX and PDF', async () => {
    const intact = await signedRegisteredLetter(Buffer.from('%PDF-1.4\n% intact\n%%EOF\n'));
    const tampered = await signedRegisteredLetter(Buffer.from('%PDF-1.4\n% tampered\n%%EOF\n'));
    const fileId = await fileWith([intact, tampered]);
    await sys.http.post(`/api/nomenclature/${fileId}/close`).set(auth('reg')).expect(200);
    await sys.http.post(`/api/nomenclature/${fileId}/archive`).set(auth('reg')).expect(200);
    // One signature made invalid on purpose: a byte of its CMS is changed in the store.
    const sigId = (await sys.models.ArchiveRecord.findById(tampered).lean())!.signatures[0].id;
    const stored = await sys.models.Signature.findById(sigId).lean();
    const cms = Buffer.from(stored!.cms.buffer);
    const text = cms.toString('utf8');
    const broken = text.includes('-----BEGIN')
      ? Buffer.from(Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64').map((b, i, all) => (i === all.length - 10 ? b ^ 0xff : b)))
      : Buffer.from(cms.map((b, i) => (i === cms.length - 10 ? b ^ 0xff : b)));
    await sys.models.Signature.updateOne({ _id: sigId }, { $set: { cms: broken } });

    expectProblem(await sys.http.post('/api/archive/verifications').set(auth('author')).send({ fileId }), 403);
    expectProblem(await sys.http.post('/api/archive/verifications').set(auth('aud')).send({ fileId: 'no-file' }), 422, 'body.fileId');
    const started = await sys.http.post('/api/archive/verifications').set(auth('aud')).send({ fileId }).expect(202);
    expect(started.body).toMatchObject({ state: 'running', documents: 2 });
    const runId = started.body.runId as string;

    const report = await eventually(async () => {
      const res = await sys.http.get(`/api/archive/verifications/${runId}`).set(auth('reg')).expect(200);
      if (res.body.state !== 'finished') throw new Error(`run is ${res.body.state}`);
      return res.body;
    }, 60_000);
    expect(report).toMatchObject({ signatures: 2, notValidNow: 1 });
    const byDoc = new Map((report.items as Array<{ documentId: string }>).map((i) => [i.documentId, i]));
    expect(byDoc.get(intact)).toMatchObject({ signer: expect.stringContaining('Ахметов'), verdictAtSigning: 'valid', verdictNow: 'valid', result: 'confirmed' });
    expect(byDoc.get(tampered)).toMatchObject({ verdictAtSigning: 'valid', verdictNow: 'invalid', result: 'broken', reason: expect.any(String) });
    expect(await sys.models.AuditEvent.countDocuments({ type: 'archive.reverified', 'data.runId': runId })).toBe(1);
    const runs = await sys.http.get('/api/archive/verifications').set(auth('aud')).expect(200);
    expect(runs.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ runId, state: 'finished', notValidNow: 1 })]));
    expectProblem(await sys.http.get('/api/archive/verifications/not-a-run').set(auth('aud')), 422, 'params.runId');

    const xlsx = await sys.http.get(`/api/archive/verifications/${runId}/report.xlsx?language=ru`).set(auth('aud')).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const cells = book.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['нарушена', 'подтверждена']));
    const pdf = await sys.http.get(`/api/archive/verifications/${runId}/report.pdf?language=kk`).set(auth('aud')).buffer(true).parse(binary).expect(200);
    const pdfContent = (await pdfText(pdf.body as Buffer)).text;
    expect(pdfContent).toContain('бұзылды');
    expect(pdfContent).toContain('расталды');
  });
});
