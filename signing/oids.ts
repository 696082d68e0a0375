/** Object identifiers used by the verifier, named once. */
import type { SignerRole } from './types';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',

  contentTypeAttr: '1.2.840.113549.1.9.3',
  messageDigestAttr: '1.2.840.113549.1.9.4',
  signingTimeAttr: '1.2.840.113549.1.9.5',
  timeStampTokenAttr: '1.2.840.113549.1.9.16.2.14',

  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  organisation: '2.5.4.10',
  organisationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  email: '1.2.840.113549.1.9.1',

  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  crlReason: '2.5.29.21',
  ocspAccessMethod: '1.3.6.1.5.5.7.48.1',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',

  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',

  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',

  // Kazakh national algorithms (NCA / Kalkan), verified natively by signing/crypto/gost.
  gostFamilyPrefix: '1.2.398.3.10',
  gost2004PublicKey: '1.2.398.3.10.1.1.1.1',
  gost2004Signature: '1.2.398.3.10.1.1.1.2',
  gost2015PublicKey256: '1.2.398.3.10.1.1.2.1',
  gost2015PublicKey512: '1.2.398.3.10.1.1.2.2',
  gost2015SignaturePrefix: '1.2.398.3.10.1.1.2.3',
  gost2015Signature256: '1.2.398.3.10.1.1.2.3.1',
  gost2015Signature512: '1.2.398.3.10.1.1.2.3.2',
  gost34311Digest: '1.2.398.3.10.1.3.1',
  gost2015Digest256: '1.2.398.3.10.1.3.2',
  gost2015Digest512: '1.2.398.3.10.1.3.3',
  /** The 34.311-95 S-box parameter set NCA keys name (it equals the "test" set of GOST R 34.11-94). */
  gost34311ParamSet: '1.2.398.3.10.1.3.1.1.0',
} as const;

/** NCA (pki.gov.kz) policy OIDs carried in the extended key usage. */
export const ROLE_OIDS: Record<SignerRole, string> = {
  individual: '1.2.398.3.3.4.1.1',
  organisation: '1.2.398.3.3.4.1.2',
  'first-head': '1.2.398.3.3.4.1.2.1',
  'right-to-sign': '1.2.398.3.3.4.1.2.2',
  'financial-signer': '1.2.398.3.3.4.1.2.3',
  hr: '1.2.398.3.3.4.1.2.4',
  employee: '1.2.398.3.3.4.1.2.5',
};

export const NCA_ROLE_PREFIX = '1.2.398.3.3.4.';

export const ROLE_BY_OID: ReadonlyMap<string, SignerRole> = new Map(
  Object.entries(ROLE_OIDS).map(([role, oid]) => [oid, role as SignerRole]),
);

/** Short names for distinguished-name rendering (RFC 4514 style, NCA attributes included). */
export const DN_SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  [OID.commonName, 'CN'],
  [OID.surname, 'SURNAME'],
  [OID.serialNumber, 'SERIALNUMBER'],
  [OID.country, 'C'],
  [OID.locality, 'L'],
  [OID.state, 'ST'],
  [OID.organisation, 'O'],
  [OID.organisationalUnit, 'OU'],
  [OID.givenName, 'G'],
  [OID.email, 'E'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
]);
