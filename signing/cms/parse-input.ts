/**
 * CMS as clients send it → DER bytes. Accepts base64 DER, PEM (`CMS`, `PKCS7`, `PKCS #7 SIGNED DATA`) and raw
 * DER, with the size capped before anything expensive happens.
 */
import { CmsVerificationError } from '../failure';
import { DEFAULT_MAX_CMS_BYTES } from '../types';

export interface ParseCmsInputOptions {
  /** Maximum decoded CMS size in bytes (attached content included). Default 2 MiB. */
  maxBytes?: number;
}

const PEM_LABELS = new Set(['CMS', 'PKCS7', 'PKCS #7 SIGNED DATA']);
const PEM_RE = /^-----BEGIN ([A-Z0-9 #]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----\s*$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseCmsInput(cms: string | Uint8Array, options: ParseCmsInputOptions = {}): Uint8Array {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CMS_BYTES;
  if (typeof cms !== 'string') {
    if (cms.length > 0 && cms[0] === 0x30) return capped(cms, maxBytes);
    // A .p7s file saved as PEM or base64 text arrives as bytes too.
    const textLimit = Math.ceil((maxBytes * 4) / 3) + 4096;
    if (cms.length > textLimit) throw tooLarge(cms.length, maxBytes);
    return parseText(Buffer.from(cms.buffer, cms.byteOffset, cms.length).toString('latin1'), maxBytes);
  }
  return parseText(cms, maxBytes);
}

function parseText(text: string, maxBytes: number): Uint8Array {
  // Refuse oversized text before decoding it: base64 is 4/3 of the bytes, plus PEM lines and armour.
  const textLimit = Math.ceil((maxBytes * 4) / 3) + Math.ceil(maxBytes / 48) * 2 + 4096;
  if (text.length > textLimit) throw tooLarge(Math.floor((text.length * 3) / 4), maxBytes);
  const trimmed = text.trim();
  let body = trimmed;
  if (trimmed.startsWith('-----BEGIN')) {
    const match = PEM_RE.exec(trimmed);
    if (!match) throw new CmsVerificationError('malformed-encoding', 'PEM armour is broken (BEGIN/END lines do not match)');
    if (!PEM_LABELS.has(match[1])) throw new CmsVerificationError('malformed-encoding', `PEM label "${match[1]}" is not CMS or PKCS7`);
    body = match[2];
  }
  const compact = body.replace(/[\r\n\t ]+/g, '');
  if (compact.length === 0) throw new CmsVerificationError('malformed-encoding', 'empty CMS');
  // Buffer.from(…, 'base64') silently skips invalid characters; a strict check keeps "decodes to garbage" out.
  if (!BASE64_RE.test(compact) || compact.length % 4 === 1) {
    throw new CmsVerificationError('malformed-encoding', 'CMS is neither base64 nor PEM nor DER');
  }
  const der = Buffer.from(compact, 'base64');
  if (der.length === 0 || der[0] !== 0x30) throw new CmsVerificationError('malformed-encoding', 'decoded CMS does not start with an ASN.1 SEQUENCE');
  return capped(new Uint8Array(der.buffer, der.byteOffset, der.length), maxBytes);
}

function capped(der: Uint8Array, maxBytes: number): Uint8Array {
  if (der.length > maxBytes) throw tooLarge(der.length, maxBytes);
  return der;
}

function tooLarge(size: number, maxBytes: number): CmsVerificationError {
  return new CmsVerificationError('too-large', `CMS of ~${size} bytes exceeds the ${maxBytes}-byte limit`);
}
