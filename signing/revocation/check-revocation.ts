/**
 * Asks the configured sources in order until one gives a definitive answer, then applies the policy:
 * revoked at or before the trusted time → refused; no answer → 'revocation-unknown' (refused by default);
 * forged or broken evidence (bad OCSP/CRL signature) with no other answer → refused whatever the policy.
 */
import type { ParsedCertificate } from '../certs/parsed-certificate';
import type { Finding, RevocationReport, WarningCode } from '../types';
import type { RevocationAnswer, RevocationProblemCode, RevocationSource } from './revocation-source';

export interface RevocationOutcome {
  report: RevocationReport;
  failures: Finding[];
  warnings: Finding<WarningCode>[];
}

export async function checkRevocation(
  sources: readonly RevocationSource[],
  query: { certificate: ParsedCertificate; issuer: ParsedCertificate; now: Date },
  /** The latest time the signature provably existed: the timestamp's genTime, else the receipt time. */
  trustedTime: Date,
  requireRevocationCheck: boolean,
): Promise<RevocationOutcome> {
  const problems: Finding<RevocationProblemCode>[] = [];
  for (const source of sources) {
    let answer: RevocationAnswer | undefined;
    try {
      answer = await source.check(query);
    } catch (error) {
      problems.push({ code: 'revocation-source-failed', message: `${source.kind} source failed: ${(error as Error).message}` });
      continue;
    }
    if (!answer) continue;
    if (answer.problem) problems.push(answer.problem);
    if (answer.status === 'unknown') continue;
    return decide(answer, trustedTime, problems);
  }
  const report: RevocationReport = { status: 'unknown', source: 'none', checkedAt: query.now.toISOString() };
  const forged = problems.find((p) => p.code === 'ocsp-response-invalid' || p.code === 'crl-invalid');
  if (forged) return { report, failures: [forged as Finding], warnings: [] };
  const detail = problems.length ? `: ${problems.map((p) => p.message).join('; ')}` : sources.length ? '' : ': no revocation source is configured';
  const finding = { code: 'revocation-unknown' as const, message: `no revocation source could answer${detail}` };
  return requireRevocationCheck ? { report, failures: [finding], warnings: [] } : { report, failures: [], warnings: [finding] };
}

function decide(answer: RevocationAnswer, trustedTime: Date, problems: Finding<RevocationProblemCode>[]): RevocationOutcome {
  const report: RevocationReport = { status: answer.status, source: answer.source, checkedAt: answer.checkedAt.toISOString() };
  // Evidence problems from sources asked earlier become warnings: another source answered.
  const warnings: Finding<WarningCode>[] = problems.filter((p) => p !== answer.problem);
  if (answer.status !== 'revoked') return { report, failures: [], warnings };
  const revokedAt = answer.revokedAt ?? new Date(0);
  report.revokedAt = revokedAt.toISOString();
  if (revokedAt.getTime() <= trustedTime.getTime()) {
    return { report, failures: [{ code: 'revoked', message: `certificate revoked at ${report.revokedAt} (${answer.source})` }], warnings };
  }
  warnings.push({ code: 'revoked-after-signing', message: `certificate revoked at ${report.revokedAt}, after the signature existed (${trustedTime.toISOString()})` });
  return { report, failures: [], warnings };
}
