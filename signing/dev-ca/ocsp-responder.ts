/**
 * Development/test PKI only: an in-process OCSP responder `(requestDer) => Promise<responseDer>`, pluggable into
 * `createOcspRevocationSource({ fetch })`. Options produce the forgeries the verifier must refuse.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signingSchemeFor } from '../crypto/signing-scheme';
import { normaliseSerialHex } from '../der/der-reader';
import { OID } from '../oids';
import type { Credential } from './certificate-builder';
import type { TestCa } from './test-ca';

export interface TestOcspResponderOptions {
  /** Who signs; default the CA's delegated responder. Pass a credential from another CA to forge. */
  signer?: Credential;
  /** Certificates to include in the response; default the signer's (unless the signer is the intermediate). */
  includeCertificates?: Credential[];
  now?: () => Date;
  /** Validity of an answer; default 1 hour. `null` omits nextUpdate. */
  nextUpdateMs?: number | null;
  /** Shift thisUpdate (e.g. into the past to produce a stale answer). */
  thisUpdateOffsetMs?: number;
  /** Flip a byte of the signed data after signing. */
  tamper?: boolean;
  /** Override the status reported for every certificate. */
  forceStatus?: 'good' | 'revoked' | 'unknown';
  /** CRLReason written into "revoked" answers (e.g. 6, certificateHold); default none. */
  revocationReason?: number;
}

// A copy into its own ArrayBuffer: a Node Buffer's `slice()` is a view, and small Buffers share an 8 KiB pool.
const ab = (u8: Uint8Array): ArrayBuffer => new Uint8Array(u8).buffer as ArrayBuffer;

export function createTestOcspResponder(ca: TestCa, options: TestOcspResponderOptions = {}): (requestDer: Uint8Array) => Promise<Uint8Array> {
  const signer = options.signer ?? ca.ocspResponder;
  const included = options.includeCertificates ?? (signer === ca.intermediate ? [] : [signer]);
  const signerCert = pkijs.Certificate.fromBER(signer.certDer);

  return async (requestDer: Uint8Array): Promise<Uint8Array> => {
    const now = options.now?.() ?? new Date();
    const request = pkijs.OCSPRequest.fromBER(requestDer);
    const thisUpdate = new Date(now.getTime() + (options.thisUpdateOffsetMs ?? 0));
    const responses = request.tbsRequest.requestList.map((entry) => {
      const serial = normaliseSerialHex(Buffer.from(entry.reqCert.serialNumber.valueBlock.valueHexView).toString('hex'));
      const revokedAt = ca.revoked.get(serial);
      const status = options.forceStatus ?? (revokedAt ? 'revoked' : 'good');
      let certStatus: asn1js.BaseBlock;
      if (status === 'revoked') {
        certStatus = new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 1 },
          value: [
            new asn1js.GeneralizedTime({ valueDate: revokedAt ?? new Date(now.getTime() - 60_000) }),
            ...(options.revocationReason === undefined
              ? []
              : [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: options.revocationReason })] })]),
          ],
        });
      } else {
        certStatus = new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: status === 'good' ? 0 : 2 }, valueHex: new ArrayBuffer(0) });
      }
      return new pkijs.SingleResponse({
        certID: entry.reqCert,
        certStatus,
        thisUpdate,
        ...(options.nextUpdateMs === null ? {} : { nextUpdate: new Date(thisUpdate.getTime() + (options.nextUpdateMs ?? 60 * 60_000)) }),
      });
    });
    const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
    const data = new pkijs.ResponseData({
      responderID: signerCert.subject,
      producedAt: now,
      responses,
      ...(nonce ? { responseExtensions: [nonce] } : {}),
    });
    const scheme = signingSchemeFor(signer.privateKey);
    const tbs = new Uint8Array(data.toSchema(true).toBER());
    const signature = scheme.sign(tbs);
    if (options.tamper) tbs[tbs.length - 1] ^= 0x01;
    data.tbsView = tbs;
    const basic = new pkijs.BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: scheme.algorithm,
      signature: new asn1js.BitString({ valueHex: ab(signature) }),
      certs: included.map((c) => pkijs.Certificate.fromBER(c.certDer)),
    });
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OID.ocspBasic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
      }),
    });
    return new Uint8Array(response.toSchema().toBER());
  };
}
