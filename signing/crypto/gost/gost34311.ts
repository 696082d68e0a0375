/**
 * GOST 34.311-95 (Kazakhstan) = GOST R 34.11-94 (RFC 5831): the 256-bit hash of the 2004-GOST signatures.
 *
 * Own code: no maintained npm package implements it. The hash is parameterised by the eight S-boxes of its
 * GOST 28147-89 block cipher. NCA keys name the hash parameters 1.2.398.3.10.1.3.1.1.0, which are the S-boxes
 * of GOST R 34.11-94's "test" parameter set (RFC 5831 §11, the set of the standard's own examples; Russian OID
 * 1.2.643.2.2.30.0): the NCA test certificates, CRLs, OCSP answers and timestamp token verify under it and not
 * under the CryptoPro set (RFC 4357 §11.2), which is kept for Russian keys and for its published examples.
 * Byte order: message, blocks and digest are little-endian byte strings, as in the certificates.
 */

export type Gost34311SBox = 'cryptopro' | 'test';

/** Row r is the substitution of the r-th 4-bit nibble (K1 for the least significant). */
const SBOXES: Record<Gost34311SBox, number[][]> = {
  cryptopro: [
    [10, 4, 5, 6, 8, 1, 3, 7, 13, 12, 14, 0, 9, 2, 11, 15],
    [5, 15, 4, 0, 2, 13, 11, 9, 1, 7, 6, 3, 12, 14, 10, 8],
    [7, 15, 12, 14, 9, 4, 1, 0, 3, 11, 5, 2, 6, 10, 8, 13],
    [4, 10, 7, 12, 0, 15, 2, 8, 14, 1, 6, 5, 13, 11, 9, 3],
    [7, 6, 4, 11, 9, 12, 2, 10, 1, 8, 0, 14, 15, 13, 3, 5],
    [7, 6, 2, 4, 13, 9, 15, 0, 10, 1, 5, 11, 8, 14, 12, 3],
    [13, 14, 4, 1, 7, 0, 5, 10, 3, 12, 8, 15, 6, 2, 9, 11],
    [1, 3, 10, 9, 5, 11, 4, 15, 8, 6, 7, 14, 13, 0, 2, 12],
  ],
  test: [
    [4, 10, 9, 2, 13, 8, 0, 14, 6, 11, 1, 12, 7, 15, 5, 3],
    [14, 11, 4, 12, 6, 13, 15, 10, 2, 3, 8, 1, 0, 7, 5, 9],
    [5, 8, 1, 13, 10, 3, 4, 2, 14, 15, 12, 7, 6, 0, 9, 11],
    [7, 13, 10, 1, 0, 8, 9, 15, 14, 4, 6, 12, 11, 2, 5, 3],
    [6, 12, 7, 1, 5, 15, 13, 8, 4, 10, 9, 14, 0, 3, 11, 2],
    [4, 11, 10, 0, 7, 2, 1, 13, 3, 6, 8, 5, 9, 12, 15, 14],
    [13, 11, 4, 1, 3, 15, 5, 9, 0, 10, 14, 7, 6, 8, 2, 12],
    [1, 15, 13, 0, 5, 7, 10, 4, 9, 2, 3, 14, 6, 11, 8, 12],
  ],
};

/** The round function's substitution and 11-bit rotation folded into four byte tables per parameter set. */
function buildRoundTables(rows: number[][]): Uint32Array[] {
  return [0, 1, 2, 3].map((byteIndex) => {
    const table = new Uint32Array(256);
    for (let b = 0; b < 256; b += 1) {
      const low = rows[2 * byteIndex][b & 15];
      const high = rows[2 * byteIndex + 1][b >> 4];
      const value = ((high << 4) | low) << (8 * byteIndex);
      table[b] = ((value << 11) | (value >>> 21)) >>> 0;
    }
    return table;
  });
}

const ROUND_TABLES: Record<Gost34311SBox, Uint32Array[]> = {
  cryptopro: buildRoundTables(SBOXES.cryptopro),
  test: buildRoundTables(SBOXES.test),
};

/** GOST 28147-89 encryption (simple substitution mode) of the 64-bit block (n1 = low word, n2 = high word). */
function encryptBlock(tables: Uint32Array[], key: Uint32Array, n1In: number, n2In: number, out: Uint32Array, at: number): void {
  const [t0, t1, t2, t3] = tables;
  let n1 = n1In;
  let n2 = n2In;
  for (let round = 0; round < 32; round += 1) {
    const x = (n1 + key[round < 24 ? round & 7 : 31 - round]) >>> 0;
    const t = (n2 ^ t0[x & 0xff] ^ t1[(x >>> 8) & 0xff] ^ t2[(x >>> 16) & 0xff] ^ t3[x >>> 24]) >>> 0;
    n2 = n1;
    n1 = t;
  }
  // The last round does not swap.
  out[at] = n2;
  out[at + 1] = n1;
}

/** A(Y) for Y = y4‖y3‖y2‖y1 (64-bit y1 lowest): (y1 ⊕ y2)‖y4‖y3‖y2, in place on eight 32-bit little-endian words. */
function transformA(y: Uint32Array): void {
  const lo = y[0] ^ y[2];
  const hi = y[1] ^ y[3];
  y.copyWithin(0, 2);
  y[6] = lo;
  y[7] = hi;
}

function bytesOf(w: Uint32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i += 1) {
    out[4 * i] = w[i];
    out[4 * i + 1] = w[i] >>> 8;
    out[4 * i + 2] = w[i] >>> 16;
    out[4 * i + 3] = w[i] >>> 24;
  }
  return out;
}

function wordsOf(b: Uint8Array): Uint32Array {
  const out = new Uint32Array(8);
  for (let i = 0; i < 8; i += 1) out[i] = (b[4 * i] | (b[4 * i + 1] << 8) | (b[4 * i + 2] << 16) | (b[4 * i + 3] << 24)) >>> 0;
  return out;
}

/** P: byte i + 4k of the key is byte 8i + k of W (φ(i + 1 + 4(k − 1)) = 8i + k, zero-based here), into `key`. */
function transformP(w: Uint32Array, key: Uint32Array): void {
  key.fill(0);
  for (let i = 0; i < 4; i += 1) {
    for (let k = 0; k < 8; k += 1) {
      const source = 8 * i + k;
      const byte = (w[source >> 2] >>> ((source & 3) << 3)) & 0xff;
      const target = i + 4 * k;
      key[target >> 2] |= byte << ((target & 3) << 3);
    }
  }
}

// C3 of the key generation: 0xff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00 as little-endian words.
const C3 = wordsOf(Buffer.from('ff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00', 'hex').reverse());

/**
 * ψⁿ on sixteen 16-bit words (y1 lowest): each ψ drops y1 and appends y1 ⊕ y2 ⊕ y3 ⊕ y4 ⊕ y13 ⊕ y16 on top, so
 * n applications are a linear recurrence over a 16 + n word buffer.
 */
const PSI_BUFFER = new Uint16Array(16 + 61);
function psiPower(y: Uint16Array, n: number): void {
  const b = PSI_BUFFER;
  b.set(y);
  for (let i = 0; i < n; i += 1) b[16 + i] = b[i] ^ b[i + 1] ^ b[i + 2] ^ b[i + 3] ^ b[i + 12] ^ b[i + 15];
  y.set(b.subarray(n, n + 16));
}

const U = new Uint32Array(8);
const V = new Uint32Array(8);
const W = new Uint32Array(8);
const KEY = new Uint32Array(8);

/** The step function χ(H, M) of RFC 5831 §6; returns the new H. */
function step(tables: Uint32Array[], h: Uint32Array, m: Uint32Array): Uint32Array {
  const s = new Uint32Array(8);
  U.set(h);
  V.set(m);
  for (let j = 0; j < 4; j += 1) {
    if (j > 0) {
      transformA(U);
      if (j === 2) for (let i = 0; i < 8; i += 1) U[i] ^= C3[i];
      transformA(V);
      transformA(V);
    }
    for (let i = 0; i < 8; i += 1) W[i] = U[i] ^ V[i];
    transformP(W, KEY);
    encryptBlock(tables, KEY, h[2 * j], h[2 * j + 1], s, 2 * j);
  }
  const y = new Uint16Array(s.buffer);
  psiPower(y, 12);
  const mw = new Uint16Array(m.buffer, m.byteOffset, 16);
  for (let i = 0; i < 16; i += 1) y[i] ^= mw[i];
  psiPower(y, 1);
  const hw = new Uint16Array(h.buffer, h.byteOffset, 16);
  for (let i = 0; i < 16; i += 1) y[i] ^= hw[i];
  psiPower(y, 61);
  return s;
}

function add256(a: Uint32Array, b: Uint32Array): void {
  let carry = 0;
  for (let i = 0; i < 8; i += 1) {
    const sum = a[i] + b[i] + carry;
    a[i] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

export function gost34311(data: Uint8Array, sbox: Gost34311SBox = 'test'): Buffer {
  const tables = ROUND_TABLES[sbox];
  let h: Uint32Array = new Uint32Array(8);
  const sigma = new Uint32Array(8);
  let offset = 0;
  for (; offset + 32 <= data.length; offset += 32) {
    const block = wordsOf(data.subarray(offset, offset + 32));
    h = step(tables, h, block);
    add256(sigma, block);
  }
  if (offset < data.length) {
    const last = new Uint8Array(32);
    last.set(data.subarray(offset));
    const block = wordsOf(last);
    h = step(tables, h, block);
    add256(sigma, block);
  }
  // Length in bits as a 256-bit little-endian number (messages here are far below 2^53 bits).
  const bits = data.length * 8;
  const length = Uint32Array.of(bits >>> 0, Math.floor(bits / 2 ** 32), 0, 0, 0, 0, 0, 0);
  h = step(tables, h, length);
  h = step(tables, h, sigma);
  return Buffer.from(bytesOf(h));
}
