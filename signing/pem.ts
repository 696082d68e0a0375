/** PEM ⇄ DER for certificates, CRLs and CMS. */

const BLOCK_RE = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;

/** The DER of every PEM block in `text` (optionally only those with one of `labels`). */
export function pemToDerList(text: string, labels?: readonly string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const match of text.matchAll(BLOCK_RE)) {
    if (labels && !labels.includes(match[1])) continue;
    out.push(new Uint8Array(Buffer.from(match[2].replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.length).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** Certificates from PEM text(s) or DER buffers, in order. */
export function certificatesFrom(input: string | Uint8Array | readonly (string | Uint8Array)[] | undefined): Uint8Array[] {
  if (input === undefined) return [];
  const items = Array.isArray(input) ? input : [input];
  return items.flatMap((item: string | Uint8Array) => (typeof item === 'string' ? pemToDerList(item, ['CERTIFICATE']) : [item]));
}
