/**
 * One SignerInfo, checked in order: integrity and signature → signing time → chain at that time → revocation →
 * key usage → identity and roles. Every problem found is reported (not just the first), but the network is
 * not asked about revocation for a signature that is already broken.
 */
import { checkPath } from './certs/chain-builder';
import type { ParsedCertificate } from './certs/parsed-certificate';
import type { HashName } from './crypto/algorithms';
import { decodeTime, readRoot } from './der/der-reader';
import type { ExternalSignerVerdict } from './external/signature-verifier';
import { OID } from './oids';
import { checkExpectedSigner, checkRequiredRoles, checksumWarnings, rolesOf, subjectOf } from './policy/identity';
import { checkSigningKeyUsage } from './policy/key-usage';
import { checkRevocation } from './revocation/check-revocation';
import type { CmsSignedData, CmsSignerInfo } from './cms/signed-data-model';
import { attribute, checkSignerIntegrity, findSignerCertificate } from './cms/signer-core';
import { verifyTimestampToken } from './timestamp/timestamp-token';
import type { VerificationContext } from './verification-context';
import type { ExpectedSigner, Finding, RequiredRoles, RevocationReport, SignerReport, SigningTimeSource, VerificationPolicy, WarningCode } from './types';

export interface SignerCheck {
  info: CmsSignerInfo;
  signedData: CmsSignedData;
  bag: readonly ParsedCertificate[];
  content: Uint8Array;
  contentDigest: (hash: HashName) => Buffer;
  receivedAt: Date;
  now: Date;
  policy: VerificationPolicy;
  expectedSigner?: ExpectedSigner;
  requiredRoles?: RequiredRoles;
  /** Runs the external verifier once per CMS (memoised by the caller). */
  external?: () => Promise<ExternalSignerVerdict[]>;
}

export async function verifySigner(check: SignerCheck, ctx: VerificationContext): Promise<SignerReport> {
  const { info, policy, now } = check;
  const failures: Finding[] = [];
  const warnings: Finding<WarningCode>[] = [];
  const certificate = findSignerCertificate(info, check.bag);
  if (!certificate) return missingCertificateReport(check);

  // 1. Integrity and signature.
  let algorithm: string;
  let external: ExternalSignerVerdict | undefined;
  try {
    const integrity = checkSignerIntegrity({
      info,
      certificate,
      eContentType: check.signedData.eContentType,
      content: check.content,
      contentDigest: check.contentDigest,
      minRsaBits: policy.minRsaBits,
    });
    algorithm = integrity.algorithm;
    if (integrity.kind === 'checked') failures.push(...integrity.failures);
    else if (ctx.externalVerifier && check.external && ctx.externalVerifier.supports(integrity.algorithm)) {
      external = await runExternal(check, certificate, failures);
    } else {
      const hint = integrity.gost ? ' (this GOST variant is not verified natively; an external verifier such as NCANode can be configured for it)' : '';
      failures.push({ code: 'unsupported-algorithm', message: `${integrity.message}${hint}` });
    }
  } catch (error) {
    algorithm = info.signatureAlgorithm.oid;
    failures.push({ code: 'malformed-cms', message: `signed attributes: ${(error as Error).message}` });
  }
  if (!info.signedAttrsDer) warnings.push({ code: 'no-signed-attributes', message: 'no signed attributes: no signing time, the signature covers the content directly' });
  const cryptoOk = failures.length === 0;

  // 2. Signing time: a verified timestamp, else the signed signingTime claim (bounded), else the receipt time.
  const time = determineSigningTime(check, external, failures, ctx);

  // 3–4. Chain at the signing time and revocation (the external service did both for its algorithms).
  let chain: string[] = [];
  let revocation: RevocationReport = { status: 'unknown', source: 'none', checkedAt: now.toISOString() };
  if (external) {
    chain = external.chain;
    ({ revocation } = applyExternalCertificateVerdict(external, certificate, time, check, failures));
  } else if (cryptoOk) {
    const built = ctx.chain.build(certificate, check.bag, time.signingTime);
    failures.push(...built.failures);
    chain = built.path.map((c) => c.subjectDn);
    if (built.path.length > 0) {
      const outcome = await checkRevocation(
        built.path.length > 1 ? ctx.revocationSources : [],
        { certificate, issuer: built.path[1] ?? certificate, now },
        time.trustedTime,
        policy.requireRevocationCheck,
      );
      revocation = outcome.report;
      failures.push(...outcome.failures);
      warnings.push(...outcome.warnings);
    }
  }

  // 5. Key usage, 6. identity and roles.
  if (policy.requireSigningKeyUsage) failures.push(...checkSigningKeyUsage(certificate));
  const subject = subjectOf(certificate);
  failures.push(...checkExpectedSigner(subject, check.expectedSigner), ...checkRequiredRoles(certificate, check.requiredRoles));
  warnings.push(...checksumWarnings(subject));

  return {
    valid: failures.length === 0,
    failures,
    warnings,
    subject,
    roles: rolesOf(certificate),
    issuer: certificate.issuerDn,
    serialNumber: certificate.serialHex,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    algorithm,
    signingTime: time.signingTime.toISOString(),
    signingTimeSource: time.source,
    revocation,
    chain,
  };
}

interface SigningTime {
  signingTime: Date;
  source: SigningTimeSource;
  /** The latest moment the signature provably existed; revocations after it do not invalidate it. */
  trustedTime: Date;
}

function determineSigningTime(check: SignerCheck, external: ExternalSignerVerdict | undefined, failures: Finding[], ctx: VerificationContext): SigningTime {
  const { info, receivedAt, policy } = check;
  if (external?.signingTime) {
    const at = new Date(external.signingTime);
    return { signingTime: at, source: 'timestamp', trustedTime: at };
  }
  const token = attribute(info.unsignedAttrs, OID.timeStampTokenAttr)?.values[0];
  if (token && !external) {
    const result = verifyTimestampToken(token, info.signature, { certificateCache: ctx.certificateCache, tsaChain: ctx.tsaChain, minRsaBits: policy.minRsaBits });
    if (result.ok) {
      if (result.genTime.getTime() > receivedAt.getTime() + policy.signingTimeFutureSkewMs) {
        failures.push({ code: 'timestamp-invalid', message: `timestamp ${result.genTime.toISOString()} is after the receipt time` });
      } else {
        return { signingTime: result.genTime, source: 'timestamp', trustedTime: result.genTime };
      }
    } else {
      failures.push({ code: 'timestamp-invalid', message: result.message });
    }
  }
  const claimed = attribute(info.signedAttrs, OID.signingTimeAttr)?.values[0];
  if (claimed) {
    let at: Date | undefined;
    try {
      at = decodeTime(readRoot(claimed));
    } catch (error) {
      failures.push({ code: 'malformed-cms', message: `signingTime attribute: ${(error as Error).message}` });
    }
    if (at) {
      const ahead = at.getTime() - receivedAt.getTime();
      if (ahead > policy.signingTimeFutureSkewMs) {
        failures.push({ code: 'signing-time-implausible', message: `signingTime ${at.toISOString()} is after the receipt time ${receivedAt.toISOString()}` });
      } else if (-ahead > policy.signingTimeMaxAgeMs) {
        failures.push({ code: 'signing-time-implausible', message: `signingTime ${at.toISOString()} is more than ${policy.signingTimeMaxAgeMs / 60_000} min before receipt; attach a timestamp for older signatures` });
      }
      return { signingTime: at, source: 'signingTime', trustedTime: receivedAt };
    }
  }
  return { signingTime: receivedAt, source: 'receipt', trustedTime: receivedAt };
}

async function runExternal(check: SignerCheck, certificate: ParsedCertificate, failures: Finding[]): Promise<ExternalSignerVerdict | undefined> {
  let verdicts: ExternalSignerVerdict[];
  try {
    verdicts = await check.external!();
  } catch (error) {
    failures.push({ code: 'external-verifier-failed', message: `external verifier: ${(error as Error).message}` });
    return undefined;
  }
  const verdict = verdicts.find((v) => v.serialNumber === certificate.serialHex);
  if (!verdict) {
    failures.push({ code: 'external-verifier-failed', message: `the external verifier returned no verdict for serial ${certificate.serialHex}` });
    return undefined;
  }
  if (!verdict.signatureValid) failures.push({ code: 'bad-signature', message: `external verifier: signature or digest invalid${verdict.message ? ` (${verdict.message})` : ''}` });
  return verdict;
}

function applyExternalCertificateVerdict(
  verdict: ExternalSignerVerdict,
  certificate: ParsedCertificate,
  time: SigningTime,
  check: SignerCheck,
  failures: Finding[],
): { revocation: RevocationReport } {
  const revocation: RevocationReport = {
    status: verdict.revocation.status,
    source: verdict.revocation.source,
    checkedAt: verdict.revocation.checkedAt ?? check.now.toISOString(),
    ...(verdict.revocation.revokedAt ? { revokedAt: verdict.revocation.revokedAt } : {}),
  };
  const dateFailures = checkPath([certificate], time.signingTime);
  failures.push(...dateFailures);
  if (revocation.status === 'revoked' && (!revocation.revokedAt || new Date(revocation.revokedAt) <= time.trustedTime)) {
    failures.push({ code: 'revoked', message: `certificate revoked at ${revocation.revokedAt ?? 'an unknown time'} (external verifier, ${revocation.source})` });
  } else if (revocation.status === 'unknown' && check.policy.requireRevocationCheck) {
    failures.push({ code: 'revocation-unknown', message: 'the external verifier could not establish revocation status' });
  }
  if (!verdict.certificateValid && dateFailures.length === 0 && revocation.status !== 'revoked') {
    failures.push({ code: 'chain-invalid', message: `external verifier rejected the certificate${verdict.message ? `: ${verdict.message}` : ''}` });
  }
  return { revocation };
}

function missingCertificateReport(check: SignerCheck): SignerReport {
  const { info, receivedAt, now } = check;
  return {
    valid: false,
    failures: [{ code: 'signer-certificate-missing', message: 'the signer certificate is not in the CMS certificates' }],
    warnings: [],
    subject: { commonName: '' },
    roles: [],
    issuer: '',
    serialNumber: info.sid.kind === 'issuer-serial' ? info.sid.serialHex : '',
    notBefore: '',
    notAfter: '',
    algorithm: info.signatureAlgorithm.oid,
    signingTime: receivedAt.toISOString(),
    signingTimeSource: 'receipt',
    revocation: { status: 'unknown', source: 'none', checkedAt: now.toISOString() },
    chain: [],
  };
}
