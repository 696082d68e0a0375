/**
 * The GOST primitives against the standards' own worked examples: Streebog (GOST R 34.11-2012, RFC 6986 §10),
 * GOST R 34.11-94 = GOST 34.311-95 (RFC 5831 §7.3 with the test parameters, and the CryptoPro parameter set),
 * and GOST R 34.10-2012 signatures (RFC 7091 §A.1 / §A.2, the standard's Appendix A).
 * RFCs print messages and digests as big-endian numbers; implementations and certificates use the reversed bytes.
 */
import { gost34311 } from '../../../signing/crypto/gost/gost34311';
import { streebog256, streebog512 } from '../../../signing/crypto/gost/streebog';
import {
  bigToLe,
  gostCurve,
  gostGenerateKey,
  gostJoinSignature,
  gostPublicKeyBytes,
  gostPublicKeyFromBytes,
  gostSign,
  gostSignDigest,
  gostVerify,
  gostVerifyDigest,
  TEST_CURVE_256,
  TEST_CURVE_512,
} from '../../../signing/crypto/gost/gost-ecc';
import { generateGostKey, gostPrivateKeyFromPem, gostPrivateKeyPem } from '../../../signing/crypto/gost/gost-keys';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const M1 = Buffer.from('012345678901234567890123456789012345678901234567890123456789012', 'ascii');
/** cp1251 for the Cyrillic letters used here (А–я map to 0xC0–0xFF), ASCII unchanged. */
const cp1251 = (text: string) => Buffer.from([...text].map((ch) => (ch.charCodeAt(0) >= 0x410 && ch.charCodeAt(0) <= 0x44f ? ch.charCodeAt(0) - 0x410 + 0xc0 : ch.charCodeAt(0))));
/** RFC 6986 M2 (printed there reversed, as a big-endian number): a line of the Igor Tale in cp1251. */
const M2 = cp1251('Се ветри, Стрибожи внуци, веютъ с моря стрелами на храбрыя плъкы Игоревы');
const rfc = (bigEndianHex: string) => Buffer.from(bigEndianHex, 'hex').reverse().toString('hex');

describe('Streebog (GOST R 34.11-2012 / GOST 34.11-2015)', () => {
  it('RFC 6986 example 1 (M1, 63 bytes)', () => {
    expect(hex(streebog512(M1))).toBe(
      rfc('486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b'),
    );
    expect(hex(streebog256(M1))).toBe(rfc('00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d'));
  });

  it('RFC 6986 example 2 (M2, 72 bytes: crosses a block and carries in Σ)', () => {
    expect(M2).toHaveLength(72);
    expect(hex(streebog512(M2))).toBe(
      rfc('28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e'),
    );
    expect(hex(streebog256(M2))).toBe(rfc('508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d'));
  });

  it('a one-bit change of the message changes the digest; exact multiples of the block size are padded', () => {
    const flipped = Buffer.from(M1);
    flipped[10] ^= 1;
    expect(hex(streebog512(flipped))).not.toBe(hex(streebog512(M1)));
    expect(hex(streebog256(Buffer.alloc(64)))).not.toBe(hex(streebog256(Buffer.alloc(63))));
  });
});

describe('GOST 34.311-95 = GOST R 34.11-94', () => {
  it('RFC 5831 §7.3 examples (test parameter set, which NCA keys use)', () => {
    expect(hex(gost34311(Buffer.from('This is message, length=32 bytes'), 'test'))).toBe('b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa');
    expect(hex(gost34311(Buffer.from('Suppose the original message has length = 50 bytes'), 'test'))).toBe(
      '471aba57a60a770d3a76130635c1fbea4ef14de51f78b4ae57dd893b62f55208',
    );
    expect(hex(gost34311(Buffer.alloc(0), 'test'))).toBe('ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d');
  });

  it('CryptoPro parameter set examples', () => {
    expect(hex(gost34311(Buffer.alloc(0), 'cryptopro'))).toBe('981e5f3ca30c841487830f84fb433e13ac1101569b9c13584ac483234cd656c0');
    expect(hex(gost34311(Buffer.from('abc'), 'cryptopro'))).toBe('b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c');
  });

  it('defaults to the NCA (test) parameter set', () => {
    expect(hex(gost34311(Buffer.from('abc')))).toBe('f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d');
  });
});

describe('GOST R 34.10-2012 signatures: the standard examples', () => {
  const examples = [
    {
      name: '256-bit (RFC 7091 §A.1)',
      curve: TEST_CURVE_256,
      d: 0x7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28n,
      e: 0x2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5n,
      k: 0x77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3n,
      qx: 0x7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80bn,
      qy: 0x26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77dan,
      r: 0x41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493n,
      s: 0x01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40n,
    },
    {
      name: '512-bit (RFC 7091 §A.2)',
      curve: TEST_CURVE_512,
      d: 0x0ba6048aadae241ba40936d47756d7c93091a0e8514669700ee7508e508b102072e8123b2200a0563322dad2827e2714a2636b7bfd18aadfc62967821fa18dd4n,
      e: 0x3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8cn,
      k: 0x0359e7f4b1410feacc570456c6801496946312120b39d019d455986e364f365886748ed7a44b3e794434006011842286212273a6d14cf70ea3af71bb1ae679f1n,
      qx: 0x115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1n,
      qy: 0x37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beecn,
      r: 0x2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36n,
      s: 0x1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4an,
    },
  ];

  it.each(examples)('$name: public key, signature with the given k, verification', ({ curve, d, e, k, qx, qy, r, s }) => {
    const digest = bigToLe(e, curve.size); // GOST digests are little-endian: α = e here
    const point = curve.Point.BASE.multiply(d).toAffine();
    expect(point).toEqual({ x: qx, y: qy });
    expect(gostSignDigest(curve, d, digest, k)).toEqual({ r, s });
    const key = gostPublicKeyFromBytes(curve, Buffer.concat([bigToLe(qx, curve.size), bigToLe(qy, curve.size)]));
    expect(gostVerifyDigest(key, digest, r, s)).toBe(true);
    expect(gostVerify(key, digest, gostJoinSignature(curve, r, s))).toBe(true);
  });

  it.each(examples)('$name: a changed digest, r or s does not verify; out-of-range values are refused', ({ curve, e, qx, qy, r, s }) => {
    const key = gostPublicKeyFromBytes(curve, Buffer.concat([bigToLe(qx, curve.size), bigToLe(qy, curve.size)]));
    const digest = bigToLe(e, curve.size);
    expect(gostVerifyDigest(key, bigToLe(e ^ 1n, curve.size), r, s)).toBe(false);
    expect(gostVerifyDigest(key, digest, r ^ 1n, s)).toBe(false);
    expect(gostVerifyDigest(key, digest, r, s ^ 1n)).toBe(false);
    expect(gostVerifyDigest(key, digest, r + curve.q, s)).toBe(false);
    expect(gostVerifyDigest(key, digest, 0n, s)).toBe(false);
  });

  it('refuses a public key off the curve', () => {
    const { curve } = { curve: TEST_CURVE_256 };
    const bytes = Buffer.concat([bigToLe(2n, 32), bigToLe(3n, 32)]);
    expect(() => gostPublicKeyFromBytes(curve, bytes)).toThrow();
  });
});

describe('GOST keys on the NCA curves: generate, sign, verify, PEM round trip', () => {
  it.each(['cryptoProA', 'tc26_256A', 'tc26_512A'] as const)('%s', (name) => {
    const curve = gostCurve(name);
    const { privateKey, publicKey } = gostGenerateKey(curve);
    const digest = Buffer.alloc(curve.size, 0x5a);
    const signature = gostSign(curve, privateKey, digest);
    const decoded = gostPublicKeyFromBytes(curve, gostPublicKeyBytes(publicKey));
    expect(gostVerify(decoded, digest, signature)).toBe(true);
    const tampered = Buffer.from(signature);
    tampered[3] ^= 0x10;
    expect(gostVerify(decoded, digest, tampered)).toBe(false);
  });

  it('a dev GOST key survives its PEM', () => {
    const key = generateGostKey('gost2015-512');
    const back = gostPrivateKeyFromPem(gostPrivateKeyPem(key))!;
    expect(back.d).toBe(key.d);
    expect(back.profile.algorithm).toBe('gost2015-512');
    expect(back.publicKey.point.equals(key.publicKey.point)).toBe(true);
  });
});
