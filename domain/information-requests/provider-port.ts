/**
 * The providing side of a request, behind one port. The in-installation provider answers from a registered
 * data source at once (signed with the organisation key) or leaves a task for the responders of the providing
 * unit, who answer with their own EDS. A service provided by another organisation (`providerBin` on its row)
 * goes across the exchange (docs/exchange.md): the request is sent as a signed envelope and the outcome is
 * `sent`; the provider's signed answer or refusal comes back later as an envelope of its own.
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

export type ProviderOutcome =
  | { status: 'answered'; answer: SignedAnswer }
  | { status: 'awaiting-answer'; unitId: string }
  | { status: 'sent'; providerBin: string; envelopeId: string };

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

/** The data source's answer, redacted before it is signed (a hidden field never enters the signed text). */
export async function answerFromSource(deps: LocalProviderDeps, request: ProviderRequest): Promise<SignedAnswer> {
  if (!deps.signer) throw new Error('No organisation key is configured to sign automatic answers.');
  const record = await deps.models.InfoDataSource.findById(dataSourceId(request.service.code, request.subject)).lean();
  const full = record && record.found !== false ? { found: true, data: record.result } : { found: false };
  const result = request.redacted ? redact(full, request.service.hiddenFields ?? []) : full;
  const signedText = answerSigningText({ requestId: request.requestId, number: request.number, service: request.service.code, subject: request.subject, redacted: request.redacted, result });
  const cms = await deps.signer.sign(new TextEncoder().encode(signedText));
  return { result, signedText, cms };
}

export function createLocalProvider(deps: LocalProviderDeps): ProviderPort {
  return {
    async deliver(request) {
      const unitId = request.service.providerUnitId;
      if (unitId) return { status: 'awaiting-answer', unitId };
      return { status: 'answered', answer: await answerFromSource(deps, request) };
    },
  };
}

/**
 * The provider of a request that came to us across the exchange: a registered data source for the service and
 * subject answers at once; without one the responders of the unit on our service row answer; without either,
 * the automatic answer is "not found", signed like any other.
 */
export function createIncomingProvider(deps: LocalProviderDeps): ProviderPort {
  return {
    async deliver(request) {
      const unitId = request.service.providerUnitId;
      if (unitId && !(await deps.models.InfoDataSource.exists({ _id: dataSourceId(request.service.code, request.subject) }))) return { status: 'awaiting-answer', unitId };
      return { status: 'answered', answer: await answerFromSource(deps, request) };
    },
  };
}

/** Services with `providerBin` go to `across`; the rest to the in-installation provider. */
export function routedProvider(local: ProviderPort, across: ProviderPort | undefined): ProviderPort {
  return {
    deliver(request) {
      if (request.service.providerBin) {
        if (!across) throw new Error(`Service ${request.service.code} is provided by BIN ${request.service.providerBin}, but exchange is not configured here.`);
        return across.deliver(request);
      }
      return local.deliver(request);
    },
  };
}

/** What the provider signs when it refuses a request that came across the exchange. */
export function refusalSigningText(input: { requestId: string; number: string; service: number; subject: string; code: string; reason: string }): string {
  return canonicalJson({ kind: 'qujat-information-refusal', ...input });
}
