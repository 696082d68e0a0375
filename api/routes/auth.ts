/** /api/auth: sign in with a password or an EDS, sign out. */
import type { Response } from 'express';
import { z } from '../../domain/zod';
import { signedInView } from '../services/auth-schemas';
import { HttpProblem } from '../problem';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { AgreementService } from '../services/agreement-service';
import type { AuthService, SignedIn } from '../services/auth-service';


const loginBody = z
  .object({ login: z.string().trim().min(1).max(254).openapi({ description: 'Employee id or e-mail.' }), password: z.string().min(1).max(256) })
  .strict()
  .openapi('PasswordLogin');

const challengeView = z.object({ challenge: z.string(), expiresAt: z.string() }).openapi('EdsChallenge');

const edsLoginBody = z
  .object({
    challenge: z.string().min(20).max(200),
    cms: z.string().min(16).max(3_000_000).openapi({ description: 'CMS (base64 DER or PEM) over the challenge text, made with the AUTH key.' }),
    login: z.string().trim().min(1).max(254).optional().openapi({ description: 'Who is signing in; a certificate of anyone else is refused.' }),
  })
  .strict()
  .openapi('EdsLogin');

/** A refused attempt tells the client when to retry (RFC 9110 Retry-After). */
async function withRetryAfter<T>(res: Response, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 429) res.set('Retry-After', String(error.extras.retryAfterSeconds ?? 60));
    throw error;
  }
}

export function mountAuthRoutes(route: RouteKit, deps: { auth: AuthService; agreements: AgreementService }): void {
  const view = async (s: SignedIn) => ({
    token: s.token,
    expiresAt: s.expiresAt.toISOString(),
    employeeId: s.employeeId,
    roles: s.roles,
    agreementRequired: !(await deps.agreements.hasAccepted(s.employeeId)),
  });

  route(
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with a password (rate-limited; the account locks after 5 failures in a row for 15 minutes)',
      tags: ['auth'],
      body: loginBody,
      response: { status: 201, description: 'A session', schema: signedInView },
    },
    async ({ body, req, res }) => view(await withRetryAfter(res, () => deps.auth.loginWithPassword(body, clientAddress(req)))),
  );

  route(
    {
      method: 'post',
      path: '/api/auth/eds/challenge',
      summary: 'A one-time challenge to sign with the EDS authentication key (valid 5 minutes)',
      tags: ['auth'],
      response: { status: 201, description: 'The challenge text to sign', schema: challengeView },
    },
    async ({ req }) => {
      const { challenge, expiresAt } = await deps.auth.issueChallenge(clientAddress(req));
      return { challenge, expiresAt: expiresAt.toISOString() };
    },
  );

  route(
    {
      method: 'post',
      path: '/api/auth/eds/login',
      summary: 'Sign in with an EDS: a CMS over the challenge, made with an NCA authentication key (EKU clientAuth)',
      tags: ['auth'],
      body: edsLoginBody,
      response: { status: 201, description: 'A session', schema: signedInView },
    },
    async ({ body, req, res }) => view(await withRetryAfter(res, () => deps.auth.loginWithEds(body, clientAddress(req)))),
  );

  route(
    {
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out: the session is revoked at once',
      tags: ['auth'],
      roles: [],
      response: { status: 204, description: 'Signed out' },
    },
    async ({ actor, req }) => {
      await deps.auth.logout(actor, clientAddress(req));
      return undefined;
    },
  );
}
