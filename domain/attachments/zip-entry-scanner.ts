/**
 * Reads the entry names of a ZIP as it streams past, from its local file headers, without holding the
 * file: what tells a DOCX from an XLSX or a plain ZIP (all start with "PK\x03\x04"). Entry data that
 * happens to contain a header signature can add a spurious name; that only matters if it spells an
 * OOXML folder, and a forged file gains nothing it could not get by being a real one.
 */
const SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const HEADER = 30;
const MAX_NAME = 1024;
const MAX_NAMES = 4096;

export class ZipEntryScanner {
  private tail = Buffer.alloc(0);
  readonly names = new Set<string>();

  push(chunk: Buffer): void {
    if (this.names.size >= MAX_NAMES) return;
    const data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    let i = 0;
    let keepFrom = Math.max(0, data.length - (HEADER + MAX_NAME));
    for (;;) {
      i = data.indexOf(SIGNATURE[0], i);
      if (i < 0 || i + 4 > data.length) break;
      if (data[i + 1] === SIGNATURE[1] && data[i + 2] === SIGNATURE[2] && data[i + 3] === SIGNATURE[3]) {
        if (i + HEADER > data.length) {
          keepFrom = Math.min(keepFrom, i);
          break;
        }
        const nameLength = data.readUInt16LE(i + 26);
        if (i + HEADER + nameLength > data.length) {
          keepFrom = Math.min(keepFrom, i);
          break;
        }
        if (nameLength > 0 && nameLength <= MAX_NAME) {
          this.names.add(data.subarray(i + HEADER, i + HEADER + nameLength).toString('utf8'));
        }
        i += HEADER + nameLength;
        keepFrom = Math.max(keepFrom, Math.min(i, data.length));
      } else {
        i += 1;
      }
    }
    this.tail = Buffer.from(data.subarray(keepFrom));
  }

  hasFolder(prefix: string): boolean {
    for (const name of this.names) if (name.startsWith(prefix)) return true;
    return false;
  }
}
