/**
 * The organisation's own signature (envelopes and notices) and the verification of a correspondent's,
 * on the signatures engine. The organisation key is read from a file at start; it never enters the database
 * or a Temporal payload.
 */
import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { buildSignedData } from '../../signing/cms/build-signed-data';
import { parseCertificate } from '../../signing/certs/parsed-certificate';
import { pemToDerList } from '../../signing/pem';
import type { VerificationReport, VerifyCmsInput } from '../../signing/types';
import { failuresOf } from '../signatures/signing-setup';

export interface OrgSigner {
  certificatePem: string;
  /** A detached CMS (DER) over the bytes, with the certificate and its chain in the bag. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

export function orgSignerFromPem(keyPem: string, certificatePem: string, chainPems: string[] = []): OrgSigner {
  const [certificateDer] = pemToDerList(certificatePem, ['CERTIFICATE']);
  if (!certificateDer) throw new Error('The organisation certificate PEM holds no CERTIFICATE.');
  const key = crypto.createPrivateKey(keyPem);
  const chainDers = chainPems.flatMap((pem) => pemToDerList(pem, ['CERTIFICATE']));
  return {
    certificatePem,
    sign: (bytes) => buildSignedData({ content: bytes, detached: true, signers: [{ key, certificateDer, chainDers }] }),
  };
}

export interface ExchangeVerdict {
  valid: boolean;
  failures: Array<{ code: string; message: string }>;
  /** SHA-256 (hex) of each signer certificate, to match the address book's pinned certificates. */
  signerCertificates: string[];
  report: VerificationReport | null;
}

/** Verifies a CMS whose signer must belong to the organisation `bin` (any employee of it). */
export type ExchangeVerifier = (input: { cms: Uint8Array; content: Uint8Array; receivedAt: Date; bin: string }) => Promise<ExchangeVerdict>;

export function exchangeVerifierFrom(verify: (input: VerifyCmsInput) => Promise<VerificationReport>): ExchangeVerifier {
  return async ({ cms, content, receivedAt, bin }) => {
    const report = await verify({ cms, content, receivedAt, expectedSigner: { bin } });
    return { valid: report.valid, failures: failuresOf(report), signerCertificates: signerCertificateDigests(cms), report };
  };
}

/** SHA-256 of every certificate in the CMS bag whose subject signed (matched by serial number). */
export function signerCertificateDigests(cms: Uint8Array): string[] {
  try {
    const asn1 = pkijs.ContentInfo.fromBER(Buffer.from(cms));
    const signed = new pkijs.SignedData({ schema: asn1.content });
    const serials = new Set(
      signed.signerInfos.map((si) => (si.sid instanceof pkijs.IssuerAndSerialNumber ? Buffer.from(si.sid.serialNumber.valueBlock.valueHexView).toString('hex') : '')),
    );
    return (signed.certificates ?? [])
      .filter((c): c is InstanceType<typeof pkijs.Certificate> => c instanceof pkijs.Certificate)
      .filter((c) => serials.has(Buffer.from(c.serialNumber.valueBlock.valueHexView).toString('hex')))
      .map((c) => crypto.createHash('sha256').update(Buffer.from(c.toSchema().toBER())).digest('hex'));
  } catch {
    return [];
  }
}

export function certificateDigest(pem: string): string {
  const [der] = pemToDerList(pem, ['CERTIFICATE']);
  if (!der) throw new Error('no CERTIFICATE in the PEM');
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** The BIN an organisation certificate names (OU=BIN…), for checking an address-book entry. */
export function certificateBin(pem: string): string | undefined {
  const [der] = pemToDerList(pem, ['CERTIFICATE']);
  if (!der) return undefined;
  const ou = parseCertificate(der).subjectAttributes.find((a) => a.oid === '2.5.4.11')?.value;
  return ou?.startsWith('BIN') ? ou.slice(3) : undefined;
}
