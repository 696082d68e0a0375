/**
 * What a signing attempt that did not go through tells the user, in their language: NCALayer missing or
 * cancelled is a note (nothing went wrong on the server), a signature the route refused is a refusal with
 * its reasons, anything else the server's problem.
 */
import { ApiProblem, isProblem } from '../api/client';
import type { MessageKey } from '../i18n/dictionary';
import { NcaLayerCancelled, NcaLayerRefused, NcaLayerUnavailable } from './ncalayer';

type T = (key: MessageKey) => string;

const REASONS: Record<string, MessageKey> = {
  'signer-mismatch': 'sigReason.signer-mismatch',
  'certificate-expired': 'sigReason.certificate-expired',
  'certificate-not-yet-valid': 'sigReason.certificate-not-yet-valid',
  revoked: 'sigReason.revoked',
  'revocation-unknown': 'sigReason.revocation-unknown',
  'not-a-signing-key': 'sigReason.not-a-signing-key',
  'role-missing': 'sigReason.role-missing',
  'organisation-mismatch': 'sigReason.organisation-mismatch',
  'untrusted-root': 'sigReason.untrusted-root',
  'chain-invalid': 'sigReason.untrusted-root',
  'digest-mismatch': 'sigReason.digest-mismatch',
  'content-mismatch': 'sigReason.digest-mismatch',
};

/** The failure codes of a signature the route refused (422 SignatureInvalid), else undefined. */
export function refusedSignatureCodes(err: unknown): string[] | undefined {
  if (!isProblem(err) || err.body?.refusal !== 'SignatureInvalid') return undefined;
  const report = err.body.report as { failures?: Array<{ code?: unknown }>; reason?: unknown } | undefined;
  const codes = (report?.failures ?? []).map((f) => f.code).filter((c): c is string => typeof c === 'string');
  if (codes.length === 0 && typeof report?.reason === 'string') codes.push(report.reason);
  return [...new Set(codes)];
}

/** Each distinct reason once, in the user's language. */
export function refusalReasons(codes: string[], t: T): string[] {
  return [...new Set(codes.map((c) => t(REASONS[c] ?? 'sigReason.other')))];
}

export function describeSigningError(err: unknown, t: T): { note?: string; error?: ApiProblem } {
  if (err instanceof NcaLayerUnavailable) return { note: t('eds.noNcaLayer') };
  if (err instanceof NcaLayerCancelled) return { note: t('eds.cancelled') };
  // NCALayer's own words come in the locale it was asked for.
  if (err instanceof NcaLayerRefused) return { note: `${t('eds.layerRefused')}: ${err.message}` };
  if (isProblem(err)) return { error: err };
  return { error: new ApiProblem(0, t('eds.failed'), (err as Error).message) };
}
