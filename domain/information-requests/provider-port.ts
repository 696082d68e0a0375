/**
 * The providing side of a request, behind one port. The in-installation provider answers from a registered
 * data source at once (signed with the organisation key) or leaves a task for the responders of the providing
 * unit, who answer with their own EDS. A provider across the exchange (docs/exchange.md) would send the signed
 * request in an envelope and take the signed answer back through the same two outcomes; it is not built yet
 * (docs/information-requests.md says why).
 */
import type { InformationRequestModels } from '../../db/models/information-request';
import type { OrgSigner } from '../exchange/exchange-crypto';
import { canonicalJson } from '../audit/canonical-json';
import { redact } from './request-rules';
import type { ServiceRow } from './catalogue-seed';

export interface ProviderRequest {
  requestId: string;
  number: string;
  service: ServiceRow;
  subject: string;
  redacted: boolean;
  at: Date;
}

export interface SignedAnswer {
  result: unknown;
  signedText: string;
  cms: Uint8Array;
}

export type ProviderOutcome = { status: 'answered'; answer: SignedAnswer } | { status: 'awaiting-answer'; unitId: string };

export interface ProviderPort {
  deliver(request: ProviderRequest): Promise<ProviderOutcome>;
}

/** What is signed for an answer: the request it answers, and the result as sent (after redaction). */
export function answerSigningText(input: { requestId: string; number: string; service: number; subject: string; redacted: boolean; result: unknown }): string {
  return canonicalJson({ kind: 'qujat-information-answer', ...input });
}

export interface LocalProviderDeps {
  models: Pick<InformationRequestModels, 'InfoDataSource'>;
  /** Where a service is answered by people: the providing unit, from the service row (`providerUnitId`). */
  signer?: OrgSigner;
}

export function dataSourceId(service: number, subject: string): string {
  return `${service}|${subject}`;
}

export function createLocalProvider(deps: LocalProviderDeps): ProviderPort {
  return {
    async deliver(request) {
      const unitId = (request.service as ServiceRow & { providerUnitId?: string }).providerUnitId;
      if (unitId) return { status: 'awaiting-answer', unitId };
      if (!deps.signer) throw new Error('No organisation key is configured to sign automatic answers.');
      const record = await deps.models.InfoDataSource.findById(dataSourceId(request.service.code, request.subject)).lean();
      const full = record ? { found: true, data: record.result } : { found: false };
      const result = request.redacted ? redact(full, request.service.hiddenFields ?? []) : full;
      const signedText = answerSigningText({ requestId: request.requestId, number: request.number, service: request.service.code, subject: request.subject, redacted: request.redacted, result });
      const cms = await deps.signer.sign(new TextEncoder().encode(signedText));
      return { status: 'answered', answer: { result, signedText, cms } };
    },
  };
}
