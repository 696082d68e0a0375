/**
 * The EDS port filled from the signatures engine (signing/). Login signatures are made with the NCA
 * authentication key, which the engine's signing-key policy would rightly refuse, so login verifies with that
 * policy off and checks the certificate's EKU here instead (clientAuth). The engine's report does not carry the
 * EKU, so the signer certificate is read back from the CMS bag by its serial number.
 */
import { parseCmsInput, verifyCms, type VerificationContext, type VerificationReport } from '../../signing';
import { parseCertificate } from '../../signing/certs/parsed-certificate';
import { readSignedData } from '../../signing/cms/read-signed-data';
import type { EdsPort, EdsVerdict } from './eds-port';

function failuresOf(report: VerificationReport): EdsVerdict['failures'] {
  const fromSigners = report.signers.flatMap((s) => s.failures.map((f) => ({ code: f.code, message: f.message })));
  if (fromSigners.length || report.valid) return fromSigners;
  return [{ code: report.reason ?? 'invalid', message: `the CMS was refused (${report.reason ?? 'invalid'})` }];
}

/** The EKU of the certificate with this serial in the CMS's bag; empty when it cannot be found or read. */
function extKeyUsageOf(cms: string, serialHex: string, maxBytes: number): string[] {
  try {
    const signedData = readSignedData(parseCmsInput(cms, { maxBytes }));
    for (const der of signedData.certificates) {
      const certificate = parseCertificate(der);
      if (certificate.serialHex === serialHex) return certificate.extKeyUsage ?? [];
    }
  } catch {
    // A CMS the engine could read but this cannot is treated as carrying no usable key purpose.
  }
  return [];
}

function verdictOf(report: VerificationReport, cms: string, maxBytes: number): EdsVerdict {
  const signer = report.signers[0];
  return {
    valid: report.valid && report.signers.length === 1,
    failures: report.signers.length > 1 ? [{ code: 'too-many-signers', message: 'a login or consent is signed by exactly one person' }] : failuresOf(report),
    signer: signer && {
      iin: signer.subject.iin,
      commonName: signer.subject.commonName,
      serialNumber: signer.serialNumber,
      issuer: signer.issuer,
      extKeyUsage: extKeyUsageOf(cms, signer.serialNumber, maxBytes),
    },
  };
}

export function createSigningEngineEds(context: VerificationContext): EdsPort {
  return {
    async verifyLogin({ cms, content, receivedAt }) {
      const report = await verifyCms({ cms, content, receivedAt, policy: { requireSigningKeyUsage: false } }, context);
      return verdictOf(report, cms, context.maxCmsBytes);
    },
    async verifySignature({ cms, content, receivedAt, expectedIins }) {
      const report = await verifyCms({ cms, content, receivedAt, expectedSigner: { iins: expectedIins } }, context);
      return verdictOf(report, cms, context.maxCmsBytes);
    },
  };
}
