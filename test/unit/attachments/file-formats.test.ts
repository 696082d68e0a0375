import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { claimedFormat, magicFamily, type FileFormat } from '../../../domain/attachments/file-formats';
import { contentDisposition, safeFilename } from '../../../domain/attachments/safe-filename';
import { AttachmentRuleError, UploadInspector } from '../../../domain/attachments/upload-inspector';
import { ZipEntryScanner } from '../../../domain/attachments/zip-entry-scanner';

async function inspect(bytes: Buffer, format: FileFormat, maxBytes = 1e9, chunk = 7): Promise<UploadInspector> {
  const inspector = new UploadInspector(format, maxBytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  await pipeline(Readable.from(chunks), inspector, new Writable({ write: (_c, _e, cb) => cb() }));
  return inspector;
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(100)]);

async function zipWith(names: string[]): Promise<Buffer> {
  const zip = new JSZip();
  for (const n of names) zip.file(n, `content of ${n} `.repeat(50));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('allowed formats (seed-003 §8)', () => {
  it('take the format from the extension, per kind', () => {
    expect(claimedFormat('Хат.DOCX', 'content')).toBe('docx');
    expect(claimedFormat('scan.pdf', 'content')).toBeUndefined(); // a PDF content part is refused
    expect(claimedFormat('scan.pdf', 'attachment')).toBe('pdf');
    expect(claimedFormat('photo.JPG', 'attachment')).toBe('jpeg');
    expect(claimedFormat('archive.7z', 'attachment')).toBeUndefined();
    expect(claimedFormat('setup.exe', 'attachment')).toBeUndefined();
  });

  it('recognise the signatures of the allowed families', () => {
    expect(magicFamily(pdf)).toBe('pdf');
    expect(magicFamily(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(magicFamily(Buffer.from('II*\0'))).toBe('tiff');
    expect(magicFamily(Buffer.from('{\\rtf1'))).toBe('rtf');
    expect(magicFamily(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('ole2');
    expect(magicFamily(Buffer.from('Rar!\x1a\x07\x01\x00'))).toBe('rar');
    expect(magicFamily(exe)).toBeUndefined();
  });
});

describe('the streaming inspector', () => {
  it('hashes exactly what passes, in chunks', async () => {
    const inspector = await inspect(pdf, 'pdf');
    expect(inspector.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(inspector.bytes).toBe(pdf.length);
  });

  it('refuses content that does not match its extension, saying so', async () => {
    await expect(inspect(exe, 'pdf')).rejects.toMatchObject({ rule: 'format', message: expect.stringContaining('not PDF') });
    await expect(inspect(pdf, 'jpeg')).rejects.toMatchObject({ rule: 'format', message: expect.stringContaining('first bytes say PDF') });
  });

  it('tells a DOCX from a plain ZIP renamed .docx', async () => {
    const docx = await zipWith(['[Content_Types].xml', 'word/document.xml']);
    const plain = await zipWith(['notes.txt', 'other/readme.md']);
    await expect(inspect(docx, 'docx', 1e9, 13)).resolves.toBeInstanceOf(UploadInspector);
    await expect(inspect(plain, 'docx')).rejects.toMatchObject({ rule: 'format' });
    await expect(inspect(plain, 'zip')).resolves.toBeInstanceOf(UploadInspector);
    await expect(inspect(docx, 'xlsx')).rejects.toMatchObject({ rule: 'format' });
  });

  it('stops a file larger than the room left, and an empty one', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(1000 - pdf.length, 0x20)]);
    await expect(inspect(big, 'pdf', 1000)).resolves.toBeInstanceOf(UploadInspector);
    await expect(inspect(big, 'pdf', 999)).rejects.toBeInstanceOf(AttachmentRuleError);
    await expect(inspect(big, 'pdf', 999)).rejects.toMatchObject({ rule: 'max-total-size' });
    await expect(inspect(Buffer.alloc(0), 'pdf')).rejects.toMatchObject({ rule: 'empty' });
  });
});

describe('the ZIP entry scanner', () => {
  it('finds entry names whatever the chunk boundaries', async () => {
    const zip = await zipWith(['[Content_Types].xml', 'ppt/presentation.xml', 'ppt/slides/slide1.xml']);
    for (const size of [1, 3, 29, 31, 1000]) {
      const scanner = new ZipEntryScanner();
      for (let i = 0; i < zip.length; i += size) scanner.push(zip.subarray(i, i + size));
      expect(scanner.hasFolder('ppt/')).toBe(true);
      expect(scanner.names.has('[Content_Types].xml')).toBe(true);
      expect(scanner.hasFolder('word/')).toBe(false);
    }
  });
});

describe('file names', () => {
  it('lose their path, so traversal cannot point anywhere', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Windows\\system32\\evil.pdf')).toBe('evil.pdf');
    expect(safeFilename('..')).toBeUndefined();
    expect(safeFilename('/')).toBeUndefined();
    expect(safeFilename('a\u0000b<c>.pdf')).toBe('a_b_c_.pdf');
    expect(safeFilename('.hidden.pdf')).toBe('hidden.pdf');
    expect(safeFilename('Хат №1.docx')).toBe('Хат №1.docx');
    const long = safeFilename(`${'я'.repeat(500)}.pdf`)!;
    expect(long.length).toBe(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('go back in Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Хат "1".pdf')).toBe(`attachment; filename="___ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('Хат "1".pdf')}`);
  });
});
