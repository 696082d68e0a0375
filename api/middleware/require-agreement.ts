/**
 * First login (seed-004 ¶¶17–19, seed-000 Annex 1): a signed-in person works only after accepting the current
 * user agreement and consent. Until then every endpoint that needs a session, except signing out, reading
 * oneself, the agreement itself and one's password, answers 403 `agreement-required` (audited as a refusal by the
 * error handler, like every 403). Public endpoints (health, the API description) never ask. It is a route-kit
 * guard rather than a middleware so that it knows which endpoints are public.
 */
import type { Request } from 'express';
import { HttpProblem } from '../problem';
import type { AuthenticatedActor } from '../request-context';

const EXEMPT: readonly RegExp[] = [/^\/api\/auth\//, /^\/api\/me$/, /^\/api\/me\/agreement(\/.*)?$/, /^\/api\/me\/password$/];

/** Whether an endpoint (its path pattern) works before the agreement is accepted. */
export function isAgreementExempt(path: string): boolean {
  return EXEMPT.some((re) => re.test(path));
}

/** The route-kit guard (RouteKitDeps.guard): public endpoints never reach it, exempt ones pass. */
export function agreementGuard(hasAccepted: (actor: AuthenticatedActor) => Promise<boolean>) {
  return async (req: Request, spec: { path: string }): Promise<void> => {
    if (!req.actor || isAgreementExempt(spec.path)) return;
    // Usually answered by the session's copy (db/session-actor.ts) without a read of its own.
    if (await hasAccepted(req.actor)) return;
    throw new HttpProblem(403, 'agreement-required', 'Agreement required', 'Accept the user agreement and the consent to personal-data processing first (GET /api/me/agreement).');
  };
}
