/**
 * Development/test PKI only: an in-process RFC 3161 TSA. `timestamp(signatureValue)` returns a TimeStampToken
 * (ContentInfo/SignedData over a TSTInfo) for a signature value, usable as `signCms({ timestamp })`.
 */
import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildSignedData } from '../cms/build-signed-data';
import { OID } from '../oids';
import type { Credential } from './certificate-builder';
import type { TestCa } from './test-ca';

/** A private-use policy OID for dev timestamps. */
const DEV_TSA_POLICY = '1.3.6.1.4.1.55555.1.1';

export interface TestTsa {
  timestamp(signatureValue: Uint8Array, genTime?: Date): Promise<Uint8Array>;
}

export function createTestTsa(ca: TestCa, options: { signer?: Credential; now?: () => Date } = {}): TestTsa {
  const signer = options.signer ?? ca.tsa;
  return {
    async timestamp(signatureValue, genTime) {
      const at = genTime ?? options.now?.() ?? new Date();
      const imprint = crypto.createHash('sha256').update(signatureValue).digest();
      const serial = crypto.randomBytes(8);
      serial[0] &= 0x7f; // keep the INTEGER positive
      const tst = new pkijs.TSTInfo({
        version: 1,
        policy: DEV_TSA_POLICY,
        messageImprint: new pkijs.MessageImprint({
          hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
          hashedMessage: new asn1js.OctetString({ valueHex: imprint.buffer.slice(imprint.byteOffset, imprint.byteOffset + imprint.length) as ArrayBuffer }),
        }),
        serialNumber: new asn1js.Integer({ valueHex: serial.buffer.slice(serial.byteOffset, serial.byteOffset + 8) as ArrayBuffer }),
        genTime: at,
      });
      return buildSignedData({
        content: new Uint8Array(tst.toSchema().toBER()),
        eContentType: OID.tstInfo,
        detached: false,
        signers: [{ key: signer.privateKey, certificateDer: signer.certDer, chainDers: [ca.intermediate.certDer], signingTime: at }],
      });
    },
  };
}
