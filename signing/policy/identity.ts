/**
 * Who signed: IIN from SERIALNUMBER, BIN from OU (NCA organisation certificates), roles from NCA policy OIDs in
 * the EKU, matched against the assignee (and those they substitute for), our BIN and the required roles.
 */
import type { ParsedCertificate } from '../certs/parsed-certificate';
import { NCA_ROLE_PREFIX, OID, ROLE_BY_OID, ROLE_OIDS } from '../oids';
import type { ExpectedSigner, Finding, RequiredRoles, SignerRole, SignerSubject, WarningCode } from '../types';
import { isValidIin } from './iin';

export function subjectOf(cert: ParsedCertificate): SignerSubject {
  const subject: SignerSubject = { commonName: '' };
  for (const { oid, value } of cert.subjectAttributes) {
    if (oid === OID.commonName && !subject.commonName) subject.commonName = value;
    else if (oid === OID.serialNumber) {
      const match = /^(IIN|BIN)(\d{12})$/.exec(value.trim());
      if (match?.[1] === 'IIN') subject.iin = match[2];
      else if (match?.[1] === 'BIN') subject.bin ??= match[2];
    } else if (oid === OID.organisationalUnit) {
      const match = /^BIN(\d{12})$/.exec(value.trim());
      if (match) subject.bin = match[1];
    } else if (oid === OID.organisation && !subject.organisation) subject.organisation = value;
  }
  return subject;
}

export function rolesOf(cert: ParsedCertificate): string[] {
  return (cert.extKeyUsage ?? []).filter((oid) => oid.startsWith(NCA_ROLE_PREFIX)).map((oid) => ROLE_BY_OID.get(oid) ?? oid);
}

export function checksumWarnings(subject: SignerSubject): Finding<WarningCode>[] {
  const warnings: Finding<WarningCode>[] = [];
  if (subject.iin && !isValidIin(subject.iin)) warnings.push({ code: 'iin-checksum', message: `IIN ${subject.iin} fails the control digit check` });
  if (subject.bin && !isValidIin(subject.bin)) warnings.push({ code: 'bin-checksum', message: `BIN ${subject.bin} fails the control digit check` });
  return warnings;
}

export function checkExpectedSigner(subject: SignerSubject, expected: ExpectedSigner | undefined): Finding[] {
  if (!expected) return [];
  const failures: Finding[] = [];
  // Without IINs only the organisation is checked: a correspondent's employee, whom we cannot list.
  if (expected.iins === undefined) {
    if (expected.bin === undefined) failures.push({ code: 'signer-mismatch', message: 'neither the signer nor the organisation to expect was given' });
  } else if (!subject.iin) failures.push({ code: 'signer-mismatch', message: 'the certificate carries no IIN (SERIALNUMBER=IIN…)' });
  else if (!expected.iins.includes(subject.iin)) {
    failures.push({ code: 'signer-mismatch', message: `signed by IIN ${subject.iin}, expected ${expected.iins.join(' or ') || 'nobody'}` });
  }
  if (expected.bin !== undefined && subject.bin !== expected.bin) {
    failures.push({
      code: 'organisation-mismatch',
      message: subject.bin ? `certificate of organisation BIN ${subject.bin}, expected BIN ${expected.bin}` : `a personal certificate, expected one of organisation BIN ${expected.bin}`,
    });
  }
  return failures;
}

const roleOid = (role: string): string => ROLE_OIDS[role as SignerRole] ?? role;

export function checkRequiredRoles(cert: ParsedCertificate, required: RequiredRoles | undefined): Finding[] {
  if (!required) return [];
  const held = new Set(cert.extKeyUsage ?? []);
  if ('anyOf' in required) {
    if (required.anyOf.length === 0 || required.anyOf.some((r) => held.has(roleOid(r)))) return [];
    return [{ code: 'role-missing', message: `the certificate holds none of the roles ${required.anyOf.join(', ')}` }];
  }
  const missing = (required as readonly string[]).filter((r) => !held.has(roleOid(r)));
  return missing.length ? [{ code: 'role-missing', message: `the certificate lacks the role(s) ${missing.join(', ')}` }] : [];
}
