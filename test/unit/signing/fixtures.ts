/** Shared CA material and CMS helpers for the signing tests (generated per test file in beforeAll). */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signCms, SignCmsOptions } from '../../../client/sign-cms';
import { createCrl, createTestCa, issueEndEntity, PersonSpec, TestCa } from '../../../client/dev-ca';
import type { Credential } from '../../../client/dev-ca';
import { createCrlRevocationSource, createVerificationContext, VerificationContext, VerificationContextOptions } from '../../../signing';
import { iinControlDigit } from '../../../signing';

export const withControlDigit = (first11: string): string => `${first11}${iinControlDigit(first11)}`;

export const BIN = withControlDigit('12034000567');
export const ASSIGNEE: PersonSpec = { fullName: 'Ахметов Данияр Серикович', iin: withControlDigit('75031230012'), bin: BIN, roles: ['first-head'] };
export const DEPUTY: PersonSpec = { fullName: 'Сапарова Айгерим Нурлановна', iin: withControlDigit('82071540023'), bin: BIN, roles: ['right-to-sign'] };
export const OUTSIDER: PersonSpec = { fullName: 'Нурланов Ержан Болатович', iin: withControlDigit('88042130045') };

export const DOCUMENT = new Uint8Array(Buffer.from('Приказ №17 о назначении ответственных. '.repeat(200)));
export const OTHER_DOCUMENT = new Uint8Array(Buffer.from('A completely different document.'));

export interface Fixture {
  ca: TestCa;
  signer: Credential;
  crl: Uint8Array;
  context: VerificationContext;
  contextWith(options: Partial<VerificationContextOptions>): VerificationContext;
  sign(options?: Partial<SignCmsOptions> & { credential?: Credential }): Promise<Uint8Array>;
}

export function createFixture(keyType: 'rsa' | 'ec'): Fixture {
  const ca = createTestCa({ keyType });
  const signer = issueEndEntity(ca, ASSIGNEE, { purpose: 'sign' });
  const crl = createCrl(ca);
  const contextWith = (options: Partial<VerificationContextOptions>) =>
    createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [crl] })], ...options });
  return {
    ca,
    signer,
    crl,
    context: contextWith({}),
    contextWith,
    sign: ({ credential = signer, ...options } = {}) =>
      signCms({ content: DOCUMENT, keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem], detached: true, ...options, pem: false }),
  };
}

/** Decodes a CMS, lets `mutate` change its SignedData with pkijs, and re-encodes it. */
export function mutateCms(der: Uint8Array, mutate: (signedData: pkijs.SignedData) => void): Uint8Array {
  const contentInfo = pkijs.ContentInfo.fromBER(der);
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  mutate(signedData);
  return new Uint8Array(new pkijs.ContentInfo({ contentType: contentInfo.contentType, content: signedData.toSchema(true) }).toSchema().toBER());
}

/** Replaces the first SignerInfo's signature algorithm by a GOST OID (Node cannot verify these). */
export function withGostAlgorithm(der: Uint8Array, oid = '1.2.398.3.10.1.1.2.3.2'): Uint8Array {
  return mutateCms(der, (sd) => {
    sd.signerInfos[0].signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oid });
  });
}

/** A well-formed CMS ContentInfo that is not SignedData (id-data). */
export function dataContentInfo(): Uint8Array {
  return new Uint8Array(
    new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.1', content: new asn1js.OctetString({ valueHex: new Uint8Array([1, 2, 3]).buffer }) })
      .toSchema()
      .toBER(),
  );
}

export const DAY = 24 * 60 * 60_000;
