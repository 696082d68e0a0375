/**
 * The file formats a document may carry (seed-003 §8): the content part DOC/DOCX; attachments PDF,
 * TIFF, JPEG, RTF, DOC(X), XLS(X), PPT(X), RAR, ZIP. A file is accepted only when its extension names
 * an allowed format AND its first bytes are that format's signature, so a renamed .exe is refused.
 */
import type { AttachmentKind } from '../../db/models/attachment';

export type FileFormat = 'pdf' | 'tiff' | 'jpeg' | 'rtf' | 'doc' | 'xls' | 'ppt' | 'docx' | 'xlsx' | 'pptx' | 'rar' | 'zip';

interface FormatRule {
  extensions: readonly string[];
  mime: string;
  /** Which signature family the first bytes must show. */
  magic: 'pdf' | 'tiff' | 'jpeg' | 'rtf' | 'ole2' | 'zip' | 'rar';
  /** OOXML: a ZIP whose entries include this folder. */
  zipFolder?: string;
}

export const FORMAT_RULES: Record<FileFormat, FormatRule> = {
  pdf: { extensions: ['pdf'], mime: 'application/pdf', magic: 'pdf' },
  tiff: { extensions: ['tif', 'tiff'], mime: 'image/tiff', magic: 'tiff' },
  jpeg: { extensions: ['jpg', 'jpeg'], mime: 'image/jpeg', magic: 'jpeg' },
  rtf: { extensions: ['rtf'], mime: 'application/rtf', magic: 'rtf' },
  doc: { extensions: ['doc'], mime: 'application/msword', magic: 'ole2' },
  xls: { extensions: ['xls'], mime: 'application/vnd.ms-excel', magic: 'ole2' },
  ppt: { extensions: ['ppt'], mime: 'application/vnd.ms-powerpoint', magic: 'ole2' },
  docx: { extensions: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: 'zip', zipFolder: 'word/' },
  xlsx: { extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'zip', zipFolder: 'xl/' },
  pptx: { extensions: ['pptx'], mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: 'zip', zipFolder: 'ppt/' },
  rar: { extensions: ['rar'], mime: 'application/vnd.rar', magic: 'rar' },
  zip: { extensions: ['zip'], mime: 'application/zip', magic: 'zip' },
};

export const ALLOWED_FORMATS: Record<AttachmentKind, readonly FileFormat[]> = {
  content: ['doc', 'docx'],
  attachment: ['pdf', 'tiff', 'jpeg', 'rtf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'rar', 'zip'],
};

/** Bytes needed to recognise every signature. */
export const MAGIC_BYTES = 8;

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => head[i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function magicFamily(head: Uint8Array): FormatRule['magic'] | undefined {
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('{\\rtf'))) return 'rtf';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  // A local file header, or the end record of an empty archive.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, ascii('Rar!\x1a\x07'))) return 'rar';
  return undefined;
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** The format a file name claims, if it is one the kind allows. */
export function claimedFormat(filename: string, kind: AttachmentKind): FileFormat | undefined {
  const ext = extensionOf(filename);
  return ALLOWED_FORMATS[kind].find((f) => FORMAT_RULES[f].extensions.includes(ext));
}

export function allowedExtensions(kind: AttachmentKind): string[] {
  return ALLOWED_FORMATS[kind].flatMap((f) => FORMAT_RULES[f].extensions);
}
