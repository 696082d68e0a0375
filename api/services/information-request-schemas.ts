/** Schemas of the information-request API: validation, OpenAPI, and the web client's types (z.output). */
import { BASES, BODIES, GROUNDS, IDENTIFIERS, LOG_KINDS } from '../../domain/information-requests/catalogue-seed';
import { z } from '../../domain/zod';
import { orgId } from './org-schemas';

export const table = z.enum(['roles', 'services', 'articles']);
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const identifiers = z.object(Object.fromEntries(IDENTIFIERS.map((k) => [k, text(100).optional()])) as Record<(typeof IDENTIFIERS)[number], z.ZodOptional<z.ZodString>>).strict();
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
export const instant = z.string().datetime({ offset: true }).transform((s) => new Date(s));
export const signatureView = z.object({ sha256: z.string(), by: z.enum(['employee', 'organisation']), signerIin: z.string().optional(), cms: z.string() });

export const referenceVersion = z.object({
  version: z.number().int(), validFrom: z.string(), data: z.record(z.unknown()), ambiguous: z.string().optional(), changedBy: z.string(), changedAt: z.string(), reason: z.string().optional(),
}).openapi('InformationReferenceVersion');

export const requestView = z.object({
  id: z.string(),
  number: z.string(),
  requesterId: z.string(),
  roleKey: z.string().optional(),
  basis: z.string(),
  identifiers: z.record(z.string()),
  service: z.number().int(),
  article: z.string().optional(),
  subject: z.string(),
  purpose: z.string().optional(),
  status: z.enum(['refused', 'awaiting-answer', 'answered']),
  redacted: z.boolean(),
  refusal: z.object({ code: z.string(), field: z.string(), reason: z.string() }).optional(),
  providerUnitId: z.string().optional(),
  organisation: z.object({
    direction: z.enum(['to', 'from']).openapi({ description: 'to: the organisation that provides the service (our request went there); from: the organisation whose request this is' }),
    bin: z.string(),
    name: z.object({ kk: z.string(), ru: z.string() }),
    number: z.string().optional().openapi({ description: 'That organisation\'s number of the request' }),
    requester: z.string().optional().openapi({ description: 'The requester\'s name, for a request that came to us' }),
  }).optional(),
  refusalSignature: z.object({ signedText: z.string(), signature: signatureView }).optional().openapi({ description: 'A refusal across the exchange, as the refusing organisation signed it' }),
  signature: signatureView.optional(),
  answer: z.object({ result: z.unknown(), answeredBy: z.string(), answeredAt: z.string(), signedText: z.string(), signature: signatureView }).optional(),
  createdAt: z.string(),
}).openapi('InformationRequest');

export const logQuery = z.object({
  actorId: orgId.optional(),
  subject: text(64).optional(),
  kind: z.enum(LOG_KINDS).optional(),
  service: z.coerce.number().int().min(1).optional(),
  basis: z.enum(BASES).optional(),
  requestId: text(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
}).strict();

export const logEntry = z.object({
  seq: z.number().int(), kind: z.enum(LOG_KINDS), requestId: z.string().optional(), requestNumber: z.string().optional(), actorId: z.string(), subject: z.string().optional(),
  basis: z.string().optional(), identifiers: z.record(z.string()).optional(), service: z.number().optional(), article: z.string().optional(), reason: z.string().optional(),
  refusalCode: z.string().optional(), at: z.string(), atAstana: z.string(), prevHash: z.string(), hash: z.string(),
}).openapi('InformationLogEntry');

export const reviewView = z.object({
  id: z.string(), month: z.string(), officialId: z.string(), status: z.enum(['open', 'closed']),
  violations: z.array(z.object({ requestId: z.string(), employeeId: z.string(), reason: z.string(), markedAt: z.string() })),
  requests: z.array(requestView),
}).openapi('InformationReview');

export const prosecutorCheckView = z.object({
  id: z.string(), employeeId: z.string(), from: z.string(), to: z.string(), prosecutor: z.string(),
  resolution: z.object({ number: z.string(), date: z.string(), fileName: z.string() }), registeredBy: z.string(), createdAt: z.string(),
}).openapi('InformationProsecutorCheck');

/** The web client's types (import type only). */
export type InformationRequestView = z.output<typeof requestView>;
export type InformationLogEntryView = z.output<typeof logEntry>;
export type InformationProsecutorCheckView = z.output<typeof prosecutorCheckView>;
export type InformationReferenceVersionView = z.output<typeof referenceVersion>;

const ground = z.enum(GROUNDS);
/** What a row of each reference table must hold: a new version that does not fit is refused naming the field. */
export const referenceRowData = {
  roles: z.object({ key: text(64), title: text(300), body: z.enum(BODIES), grounds: z.array(ground).max(GROUNDS.length), marks: z.number().int().min(0).max(8).optional(), withdrawn: z.boolean().optional() }).strict(),
  services: z.object({
    code: z.number().int().min(1).max(999), title: text(300), grounds: z.array(ground).max(GROUNDS.length), redactedUnder: z.array(ground).optional(), hiddenFields: z.array(text(64)).optional(),
    onlyBody: z.enum(BODIES).optional(), needsWhitelistedArticle: z.boolean().optional(), providerUnitId: orgId.optional(), providerBin: z.string().regex(/^\d{12}$/, 'a BIN is 12 digits').optional(), withdrawn: z.boolean().optional(),
  }).strict().refine((s) => !s.redactedUnder?.length || !!s.hiddenFields?.length, { message: 'a service answered redacted must name the fields it hides', path: ['hiddenFields'] }),
  articles: z.object({ key: z.string().regex(/^\d{3}(-\d)?$/, 'article or article-part, e.g. 245-1'), article: z.number().int().min(1).max(999), part: z.number().int().min(1).max(9).optional(), title: text(300).optional(), validFrom: z.string().optional(), sourceOrder: text(300).optional(), withdrawn: z.boolean().optional() }).strict(),
};

export type InformationReviewView = z.output<typeof reviewView>;

/** An employee's role from the role catalogue (Annex 1), as an administrator set it. */
export const requesterView = z.object({ employeeId: z.string(), roleKey: z.string(), changedBy: z.string(), changedAt: z.string() }).openapi('InformationRequester');
export type InformationRequesterView = z.output<typeof requesterView>;

/** What the registered data source answers for a service and subject: found with its data, or "not found". */
export const dataSourceView = z.object({ service: z.number().int(), subject: z.string(), found: z.boolean(), result: z.record(z.unknown()), changedBy: z.string(), changedAt: z.string() }).openapi('InformationDataSourceEntry');
export type InformationDataSourceView = z.output<typeof dataSourceView>;
