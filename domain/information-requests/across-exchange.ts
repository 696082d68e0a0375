/**
 * The rules of a request that crosses the exchange (docs/information-requests.md, "The provider across the
 * exchange"). Pure: the receiving provider reads what is asked from the requester's signed text only, and the
 * requesting side accepts an answer only if the text its provider signed is about this very request.
 */
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json';
import { BASES, BASIS_RULES, type Basis, type Ground, type ServiceRow } from './catalogue-seed';
import type { RefusalCode } from './request-rules';

const signedRequest = z.object({
  kind: z.literal('qujat-information-request'),
  requesterId: z.string().min(1),
  basis: z.enum(BASES),
  identifiers: z.record(z.string()),
  service: z.number().int().min(1),
  article: z.string().optional(),
  subject: z.string().regex(/^\d{12}$/),
  purpose: z.string().optional(),
});
export type SignedRequest = z.infer<typeof signedRequest>;

/** The request as its requester signed it, or undefined when the text is not a request's signing text. */
export function parseRequestText(text: string): SignedRequest | undefined {
  try {
    const parsed = signedRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface ProviderRefusal {
  code: RefusalCode;
  reason: string;
}

/**
 * What the providing organisation judges of a request from another: its own catalogue must have the service, open
 * under the request's ground. Whether the requester's role allows the ground and the case is theirs is the
 * requesting body's check (it has the role catalogue and the case register); its requester's signature vouches for it.
 */
export function judgeIncoming(request: SignedRequest, service: ServiceRow | undefined): ProviderRefusal | { ground: Ground } {
  const ground = BASIS_RULES[request.basis as Basis].ground;
  if (!service) return { code: 'service-not-provided', reason: `Service ${request.service} is not provided by this organisation.` };
  if (!service.grounds.includes(ground)) return { code: 'service-not-under-ground', reason: `Service ${service.code} is not given on the ground "${ground}".` };
  return { ground };
}

/** The answer's signed text names the request (by the envelope it came in), its service and subject, and the result carried. */
export function answerTextProblem(text: string, expect: { refersTo: string; service: number; subject: string; result: unknown; redacted: boolean }): string | undefined {
  let signed: Record<string, unknown>;
  try {
    signed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'the signed text is not JSON';
  }
  if (signed.kind !== 'qujat-information-answer') return 'the signed text is not an answer';
  if (signed.requestId !== expect.refersTo) return 'the answer is signed for another request';
  if (signed.service !== expect.service || signed.subject !== expect.subject) return 'the answer is signed for another service or subject';
  if (signed.redacted !== expect.redacted) return 'the answer\'s redaction differs from what was signed';
  if (canonicalJson(signed.result) !== canonicalJson(expect.result)) return 'the result carried is not the result signed';
  return undefined;
}

export function refusalTextProblem(text: string, expect: { refersTo: string; service: number; subject: string; code: string; reason: string }): string | undefined {
  let signed: Record<string, unknown>;
  try {
    signed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'the signed text is not JSON';
  }
  if (signed.kind !== 'qujat-information-refusal') return 'the signed text is not a refusal';
  if (signed.requestId !== expect.refersTo) return 'the refusal is signed for another request';
  if (signed.service !== expect.service || signed.subject !== expect.subject) return 'the refusal is signed for another service or subject';
  if (signed.code !== expect.code || signed.reason !== expect.reason) return 'the refusal carried is not the refusal signed';
  return undefined;
}

/** How the journal names someone of another organisation: their BIN and their id there. */
export const foreignActor = (bin: string, employeeId?: string) => (employeeId ? `${bin}:${employeeId}` : `org:${bin}`);
