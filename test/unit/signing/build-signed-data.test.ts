/**
 * buildSignedData puts the certificates in as the DER it was given instead of letting pkijs encode them again:
 * the result must be the very bytes pkijs encodes for the same SignedData (what the builder produced before),
 * for every kind of key, attached or detached, with a timestamp, and for other content types.
 * Whether such signatures verify is test/unit/signing/verify-cms.test.ts's business.
 */
import * as pkijs from 'pkijs';
import { createTestCa, createTestTsa, issueEndEntity, type PersonSpec } from '../../../client/dev-ca';
import { buildSignedData } from '../../../signing/cms/build-signed-data';

const ab = (u8: Uint8Array): ArrayBuffer => new Uint8Array(u8).buffer as ArrayBuffer;
const base64 = (u8: Uint8Array) => Buffer.from(u8).toString('base64');

/** The same SignedData with every part, certificates included, encoded by pkijs. */
function encodedByPkijs(cms: Uint8Array): Uint8Array {
  const info = pkijs.ContentInfo.fromBER(ab(cms));
  const signed = new pkijs.SignedData({ schema: info.content });
  return new Uint8Array(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER());
}
const signedDataOf = (cms: Uint8Array) => new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });

const content = new TextEncoder().encode('Хат мазмұны / Содержание письма');
const person: PersonSpec = { fullName: 'Ахметов Данияр', iin: '750312300125', roles: ['first-head'] };

describe.each(['rsa', 'ec', 'gost2015'] as const)('%s key', (keyType) => {
  const ca = createTestCa({ keyType });
  const signer = issueEndEntity(ca, person, { purpose: 'sign' });

  it.each([true, false])('detached %s: the bytes pkijs encodes, each certificate once, in the order given', async (detached) => {
    // The signer's certificate is also in the chain given: the bag holds it once.
    const cms = await buildSignedData({
      content,
      detached,
      signers: [{ key: signer.privateKey, certificateDer: signer.certDer, chainDers: [ca.intermediate.certDer, signer.certDer] }],
    });
    expect(base64(cms)).toBe(base64(encodedByPkijs(cms)));
    const signed = signedDataOf(cms);
    expect(signed.version).toBe(1);
    expect(signed.certificates!.map((c) => base64(new Uint8Array((c as pkijs.Certificate).toSchema().toBER())))).toEqual([base64(signer.certDer), base64(ca.intermediate.certDer)]);
    expect(signed.encapContentInfo.eContent === undefined).toBe(detached);
  });
});

it('two signers, a timestamp token, and a content other than data (version 3): the bytes pkijs encodes', async () => {
  const ca = createTestCa({ keyType: 'ec' });
  const first = issueEndEntity(ca, person, { purpose: 'sign' });
  const second = issueEndEntity(ca, { fullName: 'Серикова Айгерім', iin: '880421300016' }, { purpose: 'sign' });
  const tsa = createTestTsa(ca);
  const cms = await buildSignedData({
    content,
    detached: true,
    signers: [
      { key: first.privateKey, certificateDer: first.certDer, timestamp: (value) => tsa.timestamp(value) },
      { key: second.privateKey, certificateDer: second.certDer, chainDers: [ca.intermediate.certDer] },
    ],
  });
  expect(base64(cms)).toBe(base64(encodedByPkijs(cms)));
  expect(signedDataOf(cms).signerInfos).toHaveLength(2);
  expect(signedDataOf(cms).certificates).toHaveLength(3);

  const tstInfo = await buildSignedData({ content, eContentType: '1.2.840.113549.1.9.16.1.4', detached: false, signers: [{ key: first.privateKey, certificateDer: first.certDer }] });
  expect(base64(tstInfo)).toBe(base64(encodedByPkijs(tstInfo)));
  expect(signedDataOf(tstInfo).version).toBe(3);
});
