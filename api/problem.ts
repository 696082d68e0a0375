/**
 * RFC 9457 problem details: every error the API returns has this shape, with the field at fault
 * for validation errors.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. "body.title" or "stages.2.participants.0.kind". */
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_BASE = 'https://qujat.kz/problems/';

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extras: Partial<ProblemBody> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  /**
   * Set when an answer that is not a 401/403 is still a refusal to audit: a role refused on a document the caller may
   * not see is answered with the card's 404 (existence is not revealed) but logged like any refusal. Never sent.
   */
  auditedRefusal?: string;

  toBody(instance?: string): ProblemBody {
    return { type: `${PROBLEM_BASE}${this.slug}`, title: this.title, status: this.status, detail: this.detail, instance, ...this.extras };
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new HttpProblem(422, 'validation', 'The request is not valid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }),
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', 'Bad request', detail, errors ? { errors } : {}),
  unauthorized: (detail = 'Sign in first.') => new HttpProblem(401, 'unauthorized', 'Not signed in', detail),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Not allowed', detail),
  notFound: (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} was not found.`),
  conflict: (detail: string, slug = 'conflict') => new HttpProblem(409, slug, 'Conflict with the current state', detail),
  unprocessable: (detail: string, slug = 'unprocessable', extras: Partial<ProblemBody> = {}) =>
    new HttpProblem(422, slug, 'The action cannot be performed', detail, extras),
  unsupportedMediaType: (detail: string) => new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail),
  tooLarge: (detail: string) => new HttpProblem(413, 'too-large', 'Request too large', detail),
  unavailable: (detail: string) => new HttpProblem(503, 'unavailable', 'Service unavailable', detail),
};
