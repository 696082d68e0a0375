/**
 * Development/test PKI only: a root → intermediate hierarchy with a delegated OCSP responder and a TSA, and
 * NCA-shaped end-entity certificates (signing and authentication) for employees.
 */
import { loadSigningKey } from '../crypto/signing-scheme';
import { OID, ROLE_OIDS } from '../oids';
import type { SignerRole } from '../types';
import { Credential, DevKeyType, issueWithNewKey, NameAttributeSpec } from './certificate-builder';

export type KeyType = DevKeyType;

export interface TestCa {
  keyType: KeyType;
  name: string;
  root: Credential;
  intermediate: Credential;
  /** Delegated OCSP responder (EKU OCSPSigning) issued by the intermediate. */
  ocspResponder: Credential;
  /** Timestamping authority (EKU timeStamping) issued by the intermediate. */
  tsa: Credential;
  /** Revoked serials (normalised hex) → revocation time. */
  revoked: Map<string, Date>;
  ocspUrl: string;
  crlUrl: string;
}

const DAY = 24 * 60 * 60_000;

export interface CreateTestCaOptions {
  keyType: KeyType;
  /** Used in the CA names, e.g. "Qujat Dev". */
  name?: string;
  now?: Date;
  ocspUrl?: string;
  crlUrl?: string;
}

export function createTestCa(options: CreateTestCaOptions): TestCa {
  const now = options.now ?? new Date();
  const name = options.name ?? 'Qujat Dev';
  const label = { rsa: 'RSA', ec: 'ECDSA P-256', gost2004: 'GOST 34.310-2004', gost2015: 'GOST 34.10-2015' }[options.keyType];
  const ocspUrl = options.ocspUrl ?? 'http://127.0.0.1/qujat-dev-ocsp';
  const crlUrl = options.crlUrl ?? `http://127.0.0.1/qujat-dev-${options.keyType}.crl`;
  const caName = (cn: string): NameAttributeSpec[] => [
    { oid: OID.commonName, value: cn },
    { oid: OID.organisation, value: `${name} PKI` },
    { oid: OID.country, value: 'KZ' },
  ];
  const root = issueWithNewKey(options.keyType, {
    subject: caName(`${name} Root CA (${label})`),
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 20 * 365 * DAY),
    ca: { pathLength: 1 },
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const intermediate = issueWithNewKey(options.keyType, {
    subject: caName(`${name} Issuing CA (${label})`),
    issuer: root,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY),
    ca: { pathLength: 0 },
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  const service = (cn: string, eku: string): Credential =>
    issueWithNewKey(options.keyType, {
      subject: caName(cn),
      issuer: intermediate,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + 5 * 365 * DAY),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extKeyUsage: [eku],
    });
  return {
    keyType: options.keyType,
    name,
    root,
    intermediate,
    ocspResponder: service(`${name} OCSP Responder (${label})`, OID.ekuOcspSigning),
    tsa: service(`${name} TSA (${label})`, OID.ekuTimeStamping),
    revoked: new Map(),
    ocspUrl,
    crlUrl,
  };
}

export interface PersonSpec {
  /** "Surname Name Patronymic", as NCA writes CN. */
  fullName: string;
  iin: string;
  /** For organisation certificates: OU=BIN…, O=organisation. */
  bin?: string;
  organisation?: string;
  roles?: SignerRole[];
}

export interface EndEntityOptions {
  purpose: 'sign' | 'auth';
  keyType?: KeyType;
  notBefore?: Date;
  notAfter?: Date;
  now?: Date;
  /** Issue under another CA credential (e.g. an unknown root). */
  issuer?: Credential;
}

/** NCA subject: CN, SURNAME, SERIALNUMBER=IIN…, C=KZ, G (patronymic), O and OU=BIN… for organisations. */
export function ncaSubject(person: PersonSpec): NameAttributeSpec[] {
  const [surname, given, patronymic] = person.fullName.split(/\s+/);
  const subject: NameAttributeSpec[] = [
    { oid: OID.commonName, value: [surname, given].filter(Boolean).join(' ') },
    { oid: OID.surname, value: surname },
    { oid: OID.serialNumber, value: `IIN${person.iin}` },
    { oid: OID.country, value: 'KZ' },
  ];
  if (patronymic) subject.push({ oid: OID.givenName, value: patronymic });
  if (person.bin) {
    subject.push({ oid: OID.organisation, value: person.organisation ?? 'Qujat Demo LLP' });
    subject.push({ oid: OID.organisationalUnit, value: `BIN${person.bin}`, printable: true });
  }
  return subject;
}

/**
 * NCA profiles: signing = keyUsage digitalSignature+nonRepudiation, EKU emailProtection + role OIDs;
 * authentication = digitalSignature+keyEncipherment, EKU clientAuth + role OIDs.
 */
export function issueEndEntity(ca: TestCa, person: PersonSpec, options: EndEntityOptions): Credential {
  const now = options.now ?? new Date();
  const roleOids = [person.bin ? ROLE_OIDS.organisation : ROLE_OIDS.individual, ...(person.roles ?? []).map((r) => ROLE_OIDS[r])];
  const sign = options.purpose === 'sign';
  return issueWithNewKey(options.keyType ?? ca.keyType, {
    subject: ncaSubject(person),
    issuer: options.issuer ?? ca.intermediate,
    notBefore: options.notBefore ?? new Date(now.getTime() - DAY),
    notAfter: options.notAfter ?? new Date(now.getTime() + 365 * DAY),
    keyUsage: sign ? ['digitalSignature', 'nonRepudiation'] : ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: [sign ? OID.ekuEmailProtection : OID.ekuClientAuth, ...new Set(roleOids)],
    ocspUrl: ca.ocspUrl,
    crlUrl: ca.crlUrl,
  });
}

export function revoke(ca: TestCa, serialHex: string, at = new Date()): void {
  ca.revoked.set(serialHex, at);
}

/** Loads a credential's key from PEM (for CA material read back from disk). */
export function credentialFromPem(keyPem: string, certPem: string, certDer: Uint8Array, serialHex: string, subject: NameAttributeSpec[]): Credential {
  return { privateKey: loadSigningKey(keyPem), keyPem, certDer, certPem, serialHex, subject };
}
