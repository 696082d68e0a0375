/**
 * The checks an upload passes while it streams: size against what the document has left, the format
 * from the first bytes (and, for OOXML, the ZIP's folders), and the SHA-256 of exactly what is stored.
 * Nothing is buffered beyond a few bytes of signature and the ZIP scanner's small tail.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FORMAT_RULES, MAGIC_BYTES, magicFamily, type FileFormat } from './file-formats';
import { ZipEntryScanner } from './zip-entry-scanner';

export type AttachmentRule = 'max-files' | 'max-total-size' | 'format' | 'filename' | 'empty' | 'content-exists';

/** A refused upload, naming the rule it broke. */
export class AttachmentRuleError extends Error {
  override readonly name = 'AttachmentRuleError';
  constructor(
    readonly rule: AttachmentRule,
    message: string,
  ) {
    super(message);
  }
}

export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private headChecked = false;
  private readonly zip: ZipEntryScanner | undefined;
  bytes = 0;
  /** Set once the whole file has passed. */
  sha256?: string;

  constructor(
    private readonly format: FileFormat,
    private readonly maxBytes: number,
  ) {
    super();
    this.zip = FORMAT_RULES[format].zipFolder ? new ZipEntryScanner() : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new AttachmentRuleError('max-total-size', `The document's files may total at most ${this.maxBytes} more bytes; this file is larger.`));
      return;
    }
    if (!this.headChecked) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, MAGIC_BYTES)]);
      if (this.head.length >= MAGIC_BYTES) {
        const problem = this.checkMagic();
        if (problem) return callback(problem);
      }
    }
    this.hash.update(chunk);
    this.zip?.push(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes === 0) return callback(new AttachmentRuleError('empty', 'The file is empty.'));
    if (!this.headChecked) {
      const problem = this.checkMagic();
      if (problem) return callback(problem);
    }
    const folder = FORMAT_RULES[this.format].zipFolder;
    if (folder && !this.zip!.hasFolder(folder)) {
      return callback(new AttachmentRuleError('format', `The file is a ZIP archive but not a ${this.format.toUpperCase()} document (no "${folder}" part).`));
    }
    this.sha256 = this.hash.digest('hex');
    callback();
  }

  private checkMagic(): AttachmentRuleError | undefined {
    this.headChecked = true;
    const family = magicFamily(this.head);
    if (family === FORMAT_RULES[this.format].magic) return undefined;
    return new AttachmentRuleError(
      'format',
      `The file's content is not ${this.format.toUpperCase()}${family ? ` (its first bytes say ${family.toUpperCase()})` : ''}; the extension must match the content.`,
    );
  }
}
