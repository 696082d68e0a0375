/**
 * GOST R 34.11-2012 "Streebog" (RFC 6986), 256- and 512-bit digests; Kazakh GOST 34.11-2015 is the same function.
 *
 * Own code: no maintained npm package implements it (noble-hashes has none; the GOST ports on npm are
 * unmaintained browser bundles). Constants are the standard's (π, the matrix A, the iteration constants C);
 * the S, P and L steps are folded into eight 256-entry tables built once at load (the usual "LPS" tables), held as
 * 32-bit halves because 64-bit BigInt arithmetic would be ~20× slower. Byte order follows the implementations
 * and the certificates: the message and the digest are little-endian byte strings (the RFC prints both reversed).
 */

const PI = Buffer.from(
  'fceedd11cf6e3116fbc4fada23c5044de977f0db932e99ba1736f1bb14cd5fc1f918655ae25cef21811c3c428b018e4f058402aee36a8fa0' +
    '060bed987fd4d31feb342c51eac848abf22a68a2fd3aceccb5700e56080c7612bf7213479cb75d8715a19629107b9ac7f391786f9d9eb2b1' +
    '3275193dff358a7e6d54c680c3bd0d57dff524a93ea843c9d779d6f67c22b903e00fecde7a94b0bcdce828504e330a4aa79760731e006244' +
    '1ab83882649f2641ad454692275e552f8ca3a57d69d5953b0758b34086ac1df730376be488d9e789e11b83494c3ff8fe8d53aa90cad88561' +
    '207167a42d2b095bcb9b25d0bee56c5259a674d2e6f4b4c0d166afc2394b63b6',
  'hex',
);

/** Rows of the linear map L (RFC 6986 §6.4), most significant bit first. */
const A = [
  '8e20faa72ba0b470', '47107ddd9b505a38', 'ad08b0e0c3282d1c', 'd8045870ef14980e', '6c022c38f90a4c07', '3601161cf205268d',
  '1b8e0b0e798c13c8', '83478b07b2468764', 'a011d380818e8f40', '5086e740ce47c920', '2843fd2067adea10', '14aff010bdd87508',
  '0ad97808d06cb404', '05e23c0468365a02', '8c711e02341b2d01', '46b60f011a83988e', '90dab52a387ae76f', '486dd4151c3dfdb9',
  '24b86a840e90f0d2', '125c354207487869', '092e94218d243cba', '8a174a9ec8121e5d', '4585254f64090fa0', 'accc9ca9328a8950',
  '9d4df05d5f661451', 'c0a878a0a1330aa6', '60543c50de970553', '302a1e286fc58ca7', '18150f14b9ec46dd', '0c84890ad27623e0',
  '0642ca05693b9f70', '0321658cba93c138', '86275df09ce8aaa8', '439da0784e745554', 'afc0503c273aa42a', 'd960281e9d1d5215',
  'e230140fc0802984', '71180a8960409a42', 'b60c05ca30204d21', '5b068c651810a89e', '456c34887a3805b9', 'ac361a443d1c8cd2',
  '561b0d22900e4669', '2b838811480723ba', '9bcf4486248d9f5d', 'c3e9224312c8c1a0', 'effa11af0964ee50', 'f97d86d98a327728',
  'e4fa2054a80b329c', '727d102a548b194e', '39b008152acb8227', '9258048415eb419d', '492c024284fbaec0', 'aa16012142f35760',
  '550b8e9e21f7a530', 'a48b474f9ef5dc18', '70a6a56e2440598e', '3853dc371220a247', '1ca76e95091051ad', '0edd37c48a08a6d8',
  '07e095624504536c', '8d70c431ac02a736', 'c83862965601dd1b', '641c314b2b8ee083',
];

/** Iteration constants C1..C12 as little-endian 64-byte strings. */
const C_HEX = [
  '0745a6f2596580dd234d74cc3674760515d360a4082a42a20169679291e07c4bfcc485758db84e7116d0452e43766a2f1f7c65c0812fcbebe9daca1eda5b08b1',
  'b79bb121700479e656cdcbd71ba2dd55caa70adbc261b55c5899d6126b17b59a3101b5160f5ed561982b230a72eafef3d7b5700f469de34f1a2f9da98ab5a36f',
  'b20aba0af5961e9931db7a8643f4b6c209db6260373ac9c1b19e3590e40fe2d37b7b29b11475eaf28b1f9c525f5ef10635843d6a28fc390ac72fce2bacdc74f5',
  '2ed1e384bcbe0c22f137e893a1ea5334be0352933313b7d875d603ed822cd7a93f355e68ad1c729d7d3c5c337e858e48dde4715da0e148f9d26615e8b3df1fef',
  '57fe6c7cfd581760f563eaa97ea2567a161a2723b700ffdfa3f53a254717cdbfbdff0f80d7359e354a1086161f1c157f6323a96c0c413f9a994747adac6bea4b',
  '6e7d64467a4068fa354f903672c571bfb6c6bec2661ff20ab4b79a1cb7a6facfc68ef09ab49a7f186ca44251f9c4662dc039307a3bc3a46fd9d33a1daeae4fae',
  '93d4143a4d568688f34a3ca24c45173504054a2883694706372c822dc5ab9209c9937a19333e47d3c987bfe6c7c69e39540924bffe86ac51ecc5aaee160ec7f4',
  '1ee702bfd40d7fa4d9a8515935c2ac362fc4a5d12b8dd16990069b92cb2b89f49ac4db4d3b44b4891ede369c71f8b74e41416e0c02aae703a7c9934d425b1f9b',
  'db5a238351446172602a1fcb92dc380e549c07a69a8a2b7bb1ceb2db0b440a8084090de0b755d93c244289251b3a7d3ade5f16ecd89a4c949b223116545a8f37',
  'ed9c4598fbc7b474c3b63b15d1fa9836f452763b306c1e7a4b3369af0267e79f0361331b8ae1ff1fdb788aff1ce74189f3f3e4b248e52a38526f0580a6debeab',
  '1b2df381cda4ca6b5dd86fc04a59a2de986e477d1dcdbaefcab948eaef711d8a79668414218001206107abebbb6bfad894fe5a63cdc60230fb89c8efd09ecd7b',
  '20d71bf14a92bc48991bb2d9d517f4fa5228e188aaa41de786cc91189def805d9b9f2130d41220f8771ddfbc323ca4cd7ab14904b08013d2ba3116f167e78e37',
];

const words = (bytes: Uint8Array): Uint32Array => {
  const out = new Uint32Array(16);
  for (let i = 0; i < 16; i += 1) out[i] = (bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24)) >>> 0;
  return out;
};

const C = C_HEX.map((hex) => words(Buffer.from(hex, 'hex')));

/** T[j][b] = L(π(b) placed in byte j of a 64-bit row), split into low and high 32-bit halves. */
const T_LO = new Uint32Array(8 * 256);
const T_HI = new Uint32Array(8 * 256);
(() => {
  const aHi = A.map((h) => parseInt(h.slice(0, 8), 16) >>> 0);
  const aLo = A.map((h) => parseInt(h.slice(8), 16) >>> 0);
  for (let j = 0; j < 8; j += 1) {
    for (let b = 0; b < 256; b += 1) {
      const v = PI[b];
      let lo = 0;
      let hi = 0;
      for (let bit = 0; bit < 8; bit += 1) {
        if ((v >> bit) & 1) {
          const row = 63 - (8 * j + bit); // bit (8j + bit) of the row, counted from the least significant
          lo ^= aLo[row];
          hi ^= aHi[row];
        }
      }
      T_LO[(j << 8) | b] = lo >>> 0;
      T_HI[(j << 8) | b] = hi >>> 0;
    }
  }
})();

function lps(src: Uint32Array, dst: Uint32Array): void {
  for (let i = 0; i < 8; i += 1) {
    const shift = (i & 3) << 3;
    const half = i >> 2;
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < 8; j += 1) {
      const index = (j << 8) | ((src[2 * j + half] >>> shift) & 0xff);
      lo ^= T_LO[index];
      hi ^= T_HI[index];
    }
    dst[2 * i] = lo;
    dst[2 * i + 1] = hi;
  }
}

function xorInto(target: Uint32Array, a: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < 16; i += 1) target[i] = a[i] ^ b[i];
}

/** a += b modulo 2^512 (little-endian words). */
function add512(a: Uint32Array, b: Uint32Array): void {
  let carry = 0;
  for (let i = 0; i < 16; i += 1) {
    const sum = a[i] + b[i] + carry;
    a[i] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

function addSmall(a: Uint32Array, value: number): void {
  let carry = value;
  for (let i = 0; i < 16 && carry; i += 1) {
    const sum = a[i] + carry;
    a[i] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

const ZERO = new Uint32Array(16);

/** Scratch buffers: the compression function allocates nothing. */
const K = new Uint32Array(16);
const S = new Uint32Array(16);
const TMP = new Uint32Array(16);

/** g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m, written into h. */
function compress(h: Uint32Array, n: Uint32Array, m: Uint32Array): void {
  xorInto(TMP, h, n);
  lps(TMP, K);
  xorInto(S, K, m);
  for (let round = 0; round < 12; round += 1) {
    lps(S, TMP);
    xorInto(K, K, C[round]);
    lps(K, S);
    K.set(S);
    xorInto(S, TMP, K);
  }
  for (let i = 0; i < 16; i += 1) h[i] ^= S[i] ^ m[i];
}

export type StreebogSize = 256 | 512;

export function streebog(size: StreebogSize, data: Uint8Array): Buffer {
  const h = new Uint32Array(16).fill(size === 256 ? 0x01010101 : 0);
  const n = new Uint32Array(16);
  const sigma = new Uint32Array(16);
  const block = new Uint32Array(16);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  for (; offset + 64 <= data.length; offset += 64) {
    for (let i = 0; i < 16; i += 1) block[i] = view.getUint32(offset + 4 * i, true);
    compress(h, n, block);
    addSmall(n, 512);
    add512(sigma, block);
  }
  const last = new Uint8Array(64);
  last.set(data.subarray(offset));
  last[data.length - offset] = 0x01;
  const tail = words(last);
  compress(h, n, tail);
  addSmall(n, (data.length - offset) * 8);
  add512(sigma, tail);
  compress(h, ZERO, n);
  compress(h, ZERO, sigma);
  const out = Buffer.alloc(64);
  for (let i = 0; i < 16; i += 1) out.writeUInt32LE(h[i], 4 * i);
  return size === 512 ? out : out.subarray(32);
}

export const streebog256 = (data: Uint8Array): Buffer => streebog(256, data);
export const streebog512 = (data: Uint8Array): Buffer => streebog(512, data);
