/**
 * Whether a request may go out (§P3 steps 1–3): the basis belongs to a ground the role allows, the service is
 * open under that ground (and to the user's body), the basis's identifiers are all there, and a tax service has
 * a whitelisted article. Pure: the caller reads the reference rows in force at the moment of the request.
 * The justification (is the case really the user's) is a separate port, see justification.ts.
 */
import { canonicalJson } from '../audit/canonical-json';
import { BASIS_RULES, type ArticleRow, type Basis, type IdentifierName, type RoleRow, type ServiceRow } from './catalogue-seed';

export const REFUSAL_CODES = [
  'no-catalogue-role',
  'ground-not-allowed',
  'service-not-under-ground',
  'service-restricted-to-body',
  'identifier-missing',
  'article-required',
  'article-not-whitelisted',
  'case-not-found',
  'case-not-yours',
  'article-not-charged',
  'signature-invalid',
  // The provider across the exchange (docs/information-requests.md): not in our address book, or it refused.
  'provider-not-correspondent',
  'delivery-refused',
  'service-not-provided',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  /** The field of the request at fault, as problem+json names it. */
  field: string;
  reason: string;
}

export type Identifiers = Partial<Record<IdentifierName, string>>;

export interface RequestFacts {
  role: RoleRow | undefined;
  service: ServiceRow | undefined;
  basis: Basis;
  identifiers: Identifiers;
  /** The article the user states for a tax service, "245-1" or "220". */
  article?: string;
  /** The Annex 3 row of that article in force now, if any. */
  articleRow?: ArticleRow;
}

export interface Admission {
  redacted: boolean;
}

export function admit(facts: RequestFacts): Admission | Refusal {
  const { role, service, basis } = facts;
  const rule = BASIS_RULES[basis];
  if (!role) return { code: 'no-catalogue-role', field: 'body.basis', reason: 'Your account has no role in the role catalogue (Annex 1); an administrator assigns one.' };
  if (!role.grounds.includes(rule.ground)) {
    return { code: 'ground-not-allowed', field: 'body.basis', reason: `The role "${role.title}" may not request on the ground "${rule.ground}" (Annex 1).` };
  }
  if (!service) return { code: 'service-not-under-ground', field: 'body.service', reason: 'There is no such service in the catalogue (Annex 2).' };
  if (!service.grounds.includes(rule.ground)) {
    return { code: 'service-not-under-ground', field: 'body.service', reason: `Service ${service.code} "${service.title}" is not available on the ground "${rule.ground}" (Annex 2).` };
  }
  if (service.onlyBody && service.onlyBody !== role.body) {
    return { code: 'service-restricted-to-body', field: 'body.service', reason: `Service ${service.code} "${service.title}" is for the ${service.onlyBody} only (Annex 2).` };
  }
  for (const name of rule.requires) {
    if (!facts.identifiers[name]?.trim()) {
      return { code: 'identifier-missing', field: `body.identifiers.${name}`, reason: `The ground "${basis}" needs the identifier "${name}" (${rule.clause}).` };
    }
  }
  if (service.needsWhitelistedArticle) {
    if (!facts.article) return { code: 'article-required', field: 'body.article', reason: `Service ${service.code} "${service.title}" is given only for the Criminal Code articles of Annex 3: state the article.` };
    if (!facts.articleRow) {
      return { code: 'article-not-whitelisted', field: 'body.article', reason: `Article ${facts.article} is not in Annex 3, so service ${service.code} "${service.title}" cannot be given.` };
    }
  }
  return { redacted: !!service.redactedUnder?.includes(rule.ground) };
}

export function isRefusal(value: Admission | Refusal): value is Refusal {
  return 'code' in value;
}

/** The Annex 3 key of a stated article: "245 part 1" / "245-1" / "245.1" → "245-1"; a whole article stays "220". */
export function articleKey(text: string): string {
  const m = /^\s*(\d{3})(?:\s*(?:[-.]|part|ч\.?|бөлік)\s*(\d))?\s*$/i.exec(text);
  return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : text.trim();
}

/** A redacted answer never carries the hidden fields, however deep they sit. */
export function hiddenFieldsIn(value: unknown, hidden: readonly string[], path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => hiddenFieldsIn(v, hidden, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(hidden.includes(k) ? [`${path}.${k}`.replace(/^\./, '')] : []),
      ...hiddenFieldsIn(v, hidden, `${path}.${k}`),
    ]);
  }
  return [];
}

export function redact<T>(value: T, hidden: readonly string[]): T {
  if (Array.isArray(value)) return value.map((v) => redact(v, hidden)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !hidden.includes(k)).map(([k, v]) => [k, redact(v, hidden)])) as T;
  }
  return value;
}

/** What the requester signs with EDS: the request exactly as it is judged and logged. */
export function requestSigningText(input: { requesterId: string; basis: string; identifiers: Identifiers; service: number; article?: string; subject: string; purpose?: string }): string {
  return canonicalJson({ kind: 'qujat-information-request', ...input, identifiers: Object.fromEntries(Object.entries(input.identifiers).filter(([, v]) => v !== undefined && v !== '')) });
}
