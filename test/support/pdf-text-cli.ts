/**
 * Reads a PDF on stdin, prints {"text", "pages"} as JSON. Runs outside jest: pdf.js loads its worker
 * with a dynamic import, which jest's module sandbox refuses.
 */
import { PDFParse } from 'pdf-parse';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText();
    process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
  } finally {
    await parser.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
