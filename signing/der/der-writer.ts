/**
 * A tiny DER encoder for where building asn1js objects is too slow: bulk structures (the dev CA's 100 000-entry
 * CRLs) and a CMS's outer layers, which take their certificates as the DER they came in
 * (signing/cms/build-signed-data.ts). Everything else is built with pkijs.
 */

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  return tlvOf(tag, contents);
}

/** Like `tlv` with the contents as an array: spreading 100 000 entries would overflow the call stack. */
export function tlvOf(tag: number, contents: readonly Uint8Array[]): Uint8Array {
  const length = contents.reduce((sum, c) => sum + c.length, 0);
  const header = lengthOctets(length);
  const out = new Uint8Array(1 + header.length + length);
  out[0] = tag;
  out.set(header, 1);
  let offset = 1 + header.length;
  for (const c of contents) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export const sequence = (...contents: Uint8Array[]): Uint8Array => tlv(0x30, ...contents);

/** A positive INTEGER from hex (adds the 00 sign octet when needed). */
export function integerFromHex(hex: string): Uint8Array {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1);
  return tlv(0x02, bytes[0] & 0x80 ? Uint8Array.of(0, ...bytes) : bytes);
}

export function smallIntegerDer(value: number): Uint8Array {
  return integerFromHex(value.toString(16));
}

export function oidDer(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const body: number[] = [];
  const push = (value: number) => {
    const chunk = [value & 0x7f];
    for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift((rest & 0x7f) | 0x80);
    body.push(...chunk);
  };
  push(arcs[0] * 40 + arcs[1]);
  arcs.slice(2).forEach(push);
  return tlv(0x06, Uint8Array.from(body));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export function timeDer(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${pad(y % 100)}${rest}`, 'latin1'));
  return tlv(0x18, Buffer.from(`${pad(y, 4)}${rest}`, 'latin1'));
}

export function bitStringDer(bytes: Uint8Array): Uint8Array {
  return tlv(0x03, Uint8Array.of(0), bytes);
}
