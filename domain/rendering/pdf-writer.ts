/**
 * Lays out text blocks as an A4 PDF with an embedded DejaVu font (it covers Kazakh Cyrillic: ә ғ қ ң ө
 * ұ ү һ і), so the file reads the same on any machine and needs no tools to view (seed-003 §34).
 * Pages are buffered so every page can carry "page i of n" once n is known.
 */
import { pdfKit } from './file-libraries';
import type { LayoutBlock } from './text-layout';

const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface PdfOptions {
  title: string;
  /** Text at the foot of every page, given its number and the total. */
  footer?: (page: number, pages: number) => string;
  /** Fixed to make output reproducible (tests, hashes); defaults to now. */
  createdAt?: Date;
}

export interface WrittenPdf {
  bytes: Buffer;
  pages: number;
}

export function writePdf(blocks: LayoutBlock[], options: PdfOptions): Promise<WrittenPdf> {
  const doc = new (pdfKit())({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 70, right: 56 },
    bufferPages: true,
    info: { Title: options.title, Creator: 'Qujat', Producer: 'Qujat', CreationDate: options.createdAt ?? new Date() },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  for (const block of blocks) {
    if (block.kind === 'gap') {
      doc.moveDown(1);
    } else if (block.kind === 'heading') {
      doc.font('bold').fontSize(13).text(block.text, { align: 'center', width });
      doc.moveDown(0.6);
    } else {
      doc.font(block.bold ? 'bold' : 'regular').fontSize(11).text(block.text, { align: block.align, width });
      doc.moveDown(0.4);
    }
  }

  const range = doc.bufferedPageRange();
  const pages = range.count;
  if (options.footer) {
    for (let i = 0; i < pages; i++) {
      doc.switchToPage(range.start + i);
      const bottom = doc.page.margins.bottom;
      // Writing inside the bottom margin must not trigger an automatic new page.
      doc.page.margins.bottom = 0;
      doc.font('regular').fontSize(8).text(options.footer(i + 1, pages), doc.page.margins.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
  doc.end();
  return ended.then(() => ({ bytes: Buffer.concat(chunks), pages }));
}
