/**
 * The line layout a TXT template produces for the PDF writer: one paragraph per line, with a few
 * markers a template designer can use without knowing PDF:
 *   "# text"  a centred bold heading      "> text"  right-aligned (addressee block, signature)
 *   "! text"  a bold paragraph            "---"     a gap
 * Blank lines separate paragraphs and are otherwise ignored.
 */
export type LayoutBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; align: 'left' | 'right' | 'center' | 'justify'; bold: boolean }
  | { kind: 'gap' };

export function parseTextLayout(text: string): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    if (line.trim() === '---') blocks.push({ kind: 'gap' });
    else if (line.startsWith('# ')) blocks.push({ kind: 'heading', text: line.slice(2).trim() });
    else if (line.startsWith('> ')) blocks.push({ kind: 'paragraph', text: line.slice(2).trim(), align: 'right', bold: false });
    else if (line.startsWith('! ')) blocks.push({ kind: 'paragraph', text: line.slice(2).trim(), align: 'left', bold: true });
    else blocks.push({ kind: 'paragraph', text: line.trim(), align: 'justify', bold: false });
  }
  return blocks;
}
