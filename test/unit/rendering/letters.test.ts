/**
 * Generated letters from the card: the cover letter as DOCX (parsed back), HTML and PDF (text
 * extracted), the paper copy with its copy mark and sheet count, versioned templates, clear errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { createLetters } from '../../../domain/rendering/letters';
import { renderTemplate, TemplateDataError } from '../../../domain/rendering/render-template';
import { loadTemplateCatalog } from '../../../domain/rendering/template-catalog';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';
import { pdfText } from '../../support/pdf-text';

let t: TestDatabase;
const printedAt = new Date('2026-11-23T09:15:00Z'); // 14:15 in Astana
const catalog = loadTemplateCatalog();

async function card(id: string, extra: Record<string, unknown> = {}) {
  await t.models.Document.create({
    _id: id,
    type: 'outgoing-letter',
    title: 'Кеңсе техникасын жеткізу туралы <R&D> "тест"',
    language: 'kk',
    authorId: 'exec',
    correspondent: '«Әлем» ЖШС; Қазақстан Республикасының Қаржы министрлігі',
    participants: { executor: 'exec', signer: 'boss', recipients: ['colleague'] },
    fields: { executorPhone: '+7 (7172) 55-01-02' },
    route: { key: 'outgoing-letter', version: 1 },
    workflowId: `document:${id}`,
    status: 'draft',
    draftNumber: 'D-12',
    ...extra,
  });
}

beforeAll(async () => {
  t = await openTestDatabase();
  await t.models.Position.create({ _id: 'chair', title: { kk: 'Басқарма төрағасы', ru: 'Председатель правления' }, unitId: 'u' });
  await t.models.Employee.create([
    { _id: 'exec', fullName: 'Әсел Құрманғазықызы Үсенова', unitId: 'u', email: 'asel@example.kz' },
    { _id: 'boss', fullName: 'Ғалым Өмірұлы Һасенов', unitId: 'u', positionId: 'chair' },
    { _id: 'colleague', fullName: 'Іңкәр Ұланова', unitId: 'u' },
  ]);
  await t.models.DocumentType.create({ _id: 'outgoing-letter', title: { kk: 'Шығыс хат', ru: 'Исходящее письмо' }, routeKey: 'outgoing-letter' });
  await card('letter-1');
});
afterAll(async () => t?.drop());

const letters = () => createLetters({ models: t.models, catalog, now: () => printedAt, organization: { kk: '«Qujat» АҚ', ru: 'АО «Qujat»' } });

describe('the cover letter', () => {
  it('is a DOCX that opens: word/document.xml carries executor, signer and recipients, escaped', async () => {
    const file = await letters().coverLetter('letter-1', 'docx');
    expect(file.contentType).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(file.bytes);
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
    expect(text).toContain('Әсел Құрманғазықызы Үсенова'); // executor
    expect(text).toContain('+7 (7172) 55-01-02');
    expect(text).toContain('Ғалым Өмірұлы Һасенов'); // signer
    expect(text).toContain('Басқарма төрағасы');
    expect(text).toContain('«Әлем» ЖШС'); // recipients, external and internal
    expect(text).toContain('Қазақстан Республикасының Қаржы министрлігі');
    expect(text).toContain('Іңкәр Ұланова');
    expect(text).toContain('D-12');
    // Markup in the data stays text: the XML is still well-formed around it.
    expect(xml).toContain('&lt;R&amp;D&gt; &quot;тест&quot;');
    expect(xml).not.toContain('<R&D>');
    expect(file.template).toEqual({ key: 'cover-letter', version: 1, language: 'kk' });
  });

  it('is HTML with every value escaped', async () => {
    const file = await letters().coverLetter('letter-1', 'html');
    const html = file.bytes.toString('utf8');
    expect(html).toContain('<html lang="kk">');
    expect(html).toContain('Ғалым Өмірұлы Һасенов');
    expect(html).toContain('&lt;R&amp;D&gt;');
    expect(html).not.toContain('<R&D>');
  });

  it('is a PDF whose text a reader extracts, Kazakh letters included', async () => {
    const file = await letters().coverLetter('letter-1', 'pdf');
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(file.bytes);
    expect(text).toContain('Әсел Құрманғазықызы Үсенова');
    expect(text).toContain('Ғалым Өмірұлы Һасенов');
    expect(text).toContain('Іңкәр Ұланова');
  });

  it('follows the document language', async () => {
    await card('letter-ru', { language: 'ru' });
    const html = (await letters().coverLetter('letter-ru', 'html')).bytes.toString('utf8');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Исполнитель: Әсел Құрманғазықызы Үсенова');
  });

  it('names the card field that is missing instead of leaving a gap', async () => {
    await card('no-signer', { participants: { executor: 'exec', recipients: ['colleague'] } });
    const failure = letters().coverLetter('no-signer', 'docx');
    await expect(failure).rejects.toBeInstanceOf(TemplateDataError);
    await expect(failure).rejects.toMatchObject({ field: 'signer.fullName', message: expect.stringContaining('"signer.fullName"') });
  });
});

describe('the paper copy of an e-document (seed-003 §§34–37)', () => {
  it('carries the copy mark, the signature check result, the system, the print date and its own sheet count', async () => {
    await card('signed', { summary: 'Мәтін. '.repeat(900), registration: { journal: 'outgoing', number: '01-13/77', registeredAt: new Date('2026-11-20T05:00:00Z') } });
    await t.models.Signature.create({ _id: 'sig-1', documentId: 'signed', submittedBy: 'boss', cms: Buffer.from([1]), status: 'valid', verifiedAt: new Date('2026-11-20T04:00:00Z') });
    const file = await letters().paperCopy('signed');
    const { text, pages } = await pdfText(file.bytes);
    expect(pages).toBeGreaterThan(1);
    expect(file.pages).toBe(pages);
    expect(text).toContain('Электрондық құжаттың көшірмесі');
    expect(text).toContain('ЭЦҚ тексеру нәтижесі: оң');
    expect(text).toContain('Qujat ЭҚЖ');
    expect(text).toContain('Көшірме жасалған күн: 23.11.2026 14:15');
    expect(text).toContain(`Парақ саны: ${pages}`);
    expect(text).toContain('*** Электрондық құжаттың көшірмесі дұрыс.');
    expect(text).toContain('01-13/77');
    expect(text).toContain('Ғалым Өмірұлы Һасенов: қолтаңба жарамды');
  });

  it('says the result is negative, without the stamp, when a signature failed', async () => {
    await card('bad-sig');
    await t.models.Signature.create({ _id: 'sig-2', documentId: 'bad-sig', submittedBy: 'boss', cms: Buffer.from([1]), status: 'invalid' });
    const { text } = await pdfText((await letters().paperCopy('bad-sig')).bytes);
    expect(text).toContain('ЭЦҚ тексеру нәтижесі: теріс');
    expect(text).toContain('Парақ саны: 1');
    expect(text).not.toContain('көшірмесі дұрыс');
  });
});

describe('templates', () => {
  const tempDirs: string[] = [];
  afterAll(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempCatalog(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-templates-'));
    tempDirs.push(dir);
    fs.mkdirSync(path.join(dir, 'note'));
    fs.writeFileSync(path.join(dir, 'note', 'manifest.json'), JSON.stringify({ title: { kk: 'Ескерту', ru: 'Заметка' }, required: ['who'] }));
    for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'note', name), source);
    return loadTemplateCatalog(dir);
  }

  it('are versioned: the newest version is used unless one is asked for', () => {
    const c = tempCatalog({ 'note.v1.kk.txt.hbs': 'one {{who}}', 'note.v2.kk.txt.hbs': 'two {{who}}', 'note.v2.ru.html.hbs': '<b>{{who}}</b>' });
    expect(renderTemplate(c, { key: 'note', language: 'kk', format: 'txt' }, { who: 'A' }).text).toBe('two A');
    expect(renderTemplate(c, { key: 'note', language: 'kk', format: 'txt', version: 1 }, { who: 'A' }).text).toBe('one A');
    expect(c.list()).toEqual([
      expect.objectContaining({
        key: 'note',
        latestVersion: 2,
        versions: [expect.objectContaining({ version: 1, languages: ['kk'], formats: ['txt'] }), expect.objectContaining({ version: 2, languages: ['kk', 'ru'], formats: ['html', 'txt'] })],
      }),
    ]);
  });

  it('fail clearly on a field the data lacks, a missing version, or a misnamed file', () => {
    const c = tempCatalog({ 'note.v1.kk.txt.hbs': '{{who}} {{whom}}' });
    expect(() => renderTemplate(c, { key: 'note', language: 'kk', format: 'txt' }, { whom: 'B' })).toThrow('needs "who"');
    expect(() => renderTemplate(c, { key: 'note', language: 'kk', format: 'txt' }, { who: 'A' })).toThrow('uses "whom", which its data does not have');
    expect(() => renderTemplate(c, { key: 'note', language: 'ru', format: 'txt' }, { who: 'A' })).toThrow('has no txt version in ru');
    expect(() => tempCatalog({ 'note-v1-kk.txt.hbs': 'x' })).toThrow('does not follow');
  });

  it('ship the cover letter in kk and ru as docx, html and txt, and the paper copy', () => {
    const keys = Object.fromEntries(catalog.list().map((t) => [t.key, t]));
    expect(keys['cover-letter'].versions[0]).toMatchObject({ languages: ['kk', 'ru'], formats: ['docx', 'html', 'txt'] });
    expect(keys['paper-copy'].versions[0]).toMatchObject({ languages: ['kk', 'ru'], formats: ['txt'] });
    expect(keys['receipt-notification']).toBeDefined();
    expect(keys['rejection-notice']).toBeDefined();
  });
});
