import { CmsVerificationError, isValidIin, iinControlDigit, parseCmsInput } from '../../../signing';
import { readSignedData } from '../../../signing/cms/read-signed-data';
import { BerFallbackError, decodeOid, decodeTime, DerError, readNode, readRoot } from '../../../signing/der/der-reader';
import { oidDer, timeDer } from '../../../signing/der/der-writer';
import { derToPem } from '../../../signing/pem';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createFixture, dataContentInfo, Fixture, mutateCms } from './fixtures';

let rsa: Fixture;
let cms: Uint8Array;
beforeAll(async () => {
  rsa = createFixture('rsa');
  cms = await rsa.sign({ detached: false });
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof CmsVerificationError ? error.code : `unexpected ${(error as Error).name}`;
  }
};

describe('parseCmsInput', () => {
  it('accepts DER, base64 (wrapped or not), PEM CMS/PKCS7 and PEM given as bytes', () => {
    const base64 = Buffer.from(cms).toString('base64');
    const expected = Buffer.from(cms);
    for (const input of [cms, base64, base64.replace(/(.{76})/g, '$1\r\n'), derToPem(cms, 'CMS'), derToPem(cms, 'PKCS7'), new Uint8Array(Buffer.from(derToPem(cms, 'PKCS7')))]) {
      expect(Buffer.from(parseCmsInput(input)).equals(expected)).toBe(true);
    }
  });

  it('refuses garbage as malformed-encoding', () => {
    expect(codeOf(() => parseCmsInput('%%%'))).toBe('malformed-encoding');
    expect(codeOf(() => parseCmsInput('aGVsbG8='))).toBe('malformed-encoding'); // base64 of "hello": not ASN.1
    expect(codeOf(() => parseCmsInput(`${derToPem(cms, 'CMS')}trailing`.replace('END CMS', 'END PKCS7')))).toBe('malformed-encoding');
    expect(codeOf(() => parseCmsInput(derToPem(cms, 'PRIVATE KEY')))).toBe('malformed-encoding');
    expect(codeOf(() => parseCmsInput(new Uint8Array([1, 2, 3])))).toBe('malformed-encoding');
  });

  it('caps the size before decoding', () => {
    expect(codeOf(() => parseCmsInput(cms, { maxBytes: cms.length - 1 }))).toBe('too-large');
    expect(codeOf(() => parseCmsInput('A'.repeat(10_000), { maxBytes: 1024 }))).toBe('too-large');
    expect(codeOf(() => parseCmsInput(cms, { maxBytes: cms.length }))).toBeUndefined();
  });
});

describe('readSignedData', () => {
  it('gives the same model from the DER walker and from pkijs', async () => {
    for (const input of [cms, await rsa.sign(), await rsa.sign({ pss: true })]) {
      const fast = readSignedData(input);
      const slow = readSignedData(input, { forcePkijs: true });
      expect(fast.reader).toBe('der');
      expect(slow.reader).toBe('pkijs');
      expect({ ...slow, reader: 'der' }).toEqual(fast);
    }
  });

  it('reads encapsulated content split into a constructed OCTET STRING (as pkijs writes it)', () => {
    const big = new Uint8Array(70_000).map((_, i) => i % 251);
    const chunked = mutateCms(cms, (sd) => {
      sd.encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', eContent: new asn1js.OctetString({ valueHex: big.buffer }) });
    });
    const fast = readSignedData(chunked);
    expect(fast.reader).toBe('der');
    expect(Buffer.from(fast.eContent!).equals(Buffer.from(big))).toBe(true);
    expect({ ...readSignedData(chunked, { forcePkijs: true }), reader: 'der' }).toEqual(fast);
  });

  it('classifies structural problems', () => {
    expect(codeOf(() => readSignedData(dataContentInfo()))).toBe('not-signed-data');
    expect(codeOf(() => readSignedData(cms.slice(0, cms.length - 10)))).toBe('malformed-encoding');
    // A ContentInfo claiming SignedData around an INTEGER.
    const bogus = Uint8Array.from([0x30, 0x10, ...oidDer('1.2.840.113549.1.7.2'), 0xa0, 0x03, 0x02, 0x01, 0x01]);
    expect(codeOf(() => readSignedData(bogus))).toBe('malformed-cms');
  });
});

describe('DER reader', () => {
  it('decodes OIDs and both time types', () => {
    expect(decodeOid(readRoot(oidDer('1.2.398.3.3.4.1.2.1')))).toBe('1.2.398.3.3.4.1.2.1');
    expect(decodeOid(readRoot(oidDer('2.999.3')))).toBe('2.999.3');
    const date = new Date('2031-05-06T07:08:09Z');
    expect(decodeTime(readRoot(timeDer(date)))).toEqual(date);
    expect(decodeTime(readRoot(timeDer(new Date('2051-01-01T00:00:00Z'))))).toEqual(new Date('2051-01-01T00:00:00Z'));
    expect(decodeTime(readRoot(Uint8Array.from([0x17, 0x0d, ...Buffer.from('991231235959Z')])))).toEqual(new Date('1999-12-31T23:59:59Z'));
  });

  it('refuses lengths past the end and hands indefinite lengths to pkijs', () => {
    expect(() => readNode(Uint8Array.from([0x30, 0x05, 0x02, 0x01]))).toThrow(DerError);
    expect(() => readNode(Uint8Array.from([0x30, 0x85, 1, 0, 0, 0, 0]))).toThrow(DerError);
    expect(() => readNode(Uint8Array.from([0x30, 0x80, 0x00, 0x00]))).toThrow(BerFallbackError);
    expect(() => readRoot(Uint8Array.from([0x05, 0x00, 0x00]))).toThrow(/trailing/);
  });
});

describe('IIN/BIN control digit', () => {
  it('applies both weight passes', () => {
    // 00000000001: first pass 1·11 = 11 ≡ 0.
    expect(iinControlDigit('00000000001')).toBe(0);
    // 00000000011: first pass 10 + 11 = 21 ≡ 10 → second pass 1 + 2 = 3.
    expect(iinControlDigit('00000000011')).toBe(3);
    // 00000000281: both passes give 10 → no valid control digit.
    expect(iinControlDigit('00000000281')).toBeUndefined();
    expect(isValidIin('000000000113')).toBe(true);
    expect(isValidIin('000000000114')).toBe(false);
    expect(isValidIin('12345')).toBe(false);
  });
});
