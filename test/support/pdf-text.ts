/** Text of a PDF as a reader extracts it (pdf-parse, i.e. pdf.js), in a child process (see pdf-text-cli.ts). */
import { execFile } from 'node:child_process';
import path from 'node:path';

export function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'pdf-text-cli.ts')],
      { cwd: path.resolve(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`pdf text extraction failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout))),
    );
    child.stdin!.end(bytes);
  });
}
