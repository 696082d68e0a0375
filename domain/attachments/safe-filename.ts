/**
 * A client's file name, made safe to store and to send back in Content-Disposition: only the last path
 * segment survives (so "../../etc/passwd" and "C:\\x\\y.pdf" cannot point anywhere), control and
 * reserved characters become "_", and the length is bounded with the extension kept.
 */
// Control characters are matched by code point below; the lint rule forbids them in a regex literal.
const RESERVED = /[<>:"|?*]/g;
const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const MAX_LENGTH = 200;

export function safeFilename(raw: string): string | undefined {
  const lastSegment = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = [...lastSegment.replace(RESERVED, '_')].map((c) => (isControl(c) ? '_' : c)).join('').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, ''); // no hidden files, no "." or ".."
  if (!name) return undefined;
  if (name.length > MAX_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_LENGTH - ext.length) + ext;
  }
  return name;
}

/** Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
