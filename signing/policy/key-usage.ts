/**
 * A signing key must be one: keyUsage digitalSignature + nonRepudiation and EKU emailProtection (the NCA signing
 * profile). NCA authentication keys (EKU clientAuth, keyUsage without nonRepudiation) are refused, because a
 * login key proves presence, not consent to a document.
 */
import type { ParsedCertificate } from '../certs/parsed-certificate';
import { OID } from '../oids';
import type { Finding } from '../types';

export function checkSigningKeyUsage(cert: ParsedCertificate): Finding[] {
  const problems: string[] = [];
  const eku = cert.extKeyUsage ?? [];
  if (eku.includes(OID.ekuClientAuth) && !eku.includes(OID.ekuEmailProtection)) problems.push('it is an authentication key (EKU clientAuth)');
  if (!cert.keyUsage) problems.push('it has no keyUsage extension');
  else {
    if (!cert.keyUsage.has('digitalSignature')) problems.push('keyUsage lacks digitalSignature');
    if (!cert.keyUsage.has('nonRepudiation')) problems.push('keyUsage lacks nonRepudiation');
  }
  if (!eku.includes(OID.ekuEmailProtection)) problems.push('EKU lacks emailProtection (1.3.6.1.5.5.7.3.4)');
  return problems.length ? [{ code: 'not-a-signing-key', message: `the certificate is not a signing key: ${problems.join('; ')}` }] : [];
}
