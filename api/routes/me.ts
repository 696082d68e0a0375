/** /api/me: who I am, my agreement and consent, my password. */
import type { Models } from '../../db/models';
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { AgreementService } from '../services/agreement-service';
import type { AuthService } from '../services/auth-service';
import { employeeViewOf } from '../services/org-service';
import { meView, newPassword } from '../services/org-schemas';
import type { SubstitutionService } from '../services/substitution-service';
import { problems } from '../problem';


const agreementView = z
  .object({
    version: z.string(),
    publishedAt: z.string(),
    language: z.enum(['kk', 'ru']),
    sha256: z.string(),
    text: z.string(),
    accepted: z.object({ at: z.string(), signed: z.boolean() }).optional(),
  })
  .openapi('Agreement');

const acceptBody = z
  .object({
    version: z.string().min(1).max(40),
    language: z.enum(['kk', 'ru']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional().openapi({ description: 'SHA-256 of the text shown, to prove which text was accepted.' }),
    cms: z.string().min(16).max(3_000_000).optional().openapi({ description: 'Optional CMS over the exact text, made with the signing key.' }),
  })
  .strict()
  .openapi('AcceptAgreement');

const acceptedView = z.object({ version: z.string(), acceptedAt: z.string(), signed: z.boolean() }).openapi('AgreementAccepted');
const withdrawBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict().openapi('WithdrawConsent');
const passwordChangeBody = z.object({ currentPassword: z.string().max(256).optional(), newPassword }).strict().openapi('ChangePassword');

export function mountMeRoutes(
  route: RouteKit,
  deps: { models: Pick<Models, 'Employee' | 'Session'>; agreements: AgreementService; auth: AuthService; substitutions: SubstitutionService },
): void {
  route(
    {
      method: 'get',
      path: '/api/me',
      summary: 'Who I am: my record, session, agreement status and whom I stand in for now',
      tags: ['me'],
      roles: [],
      response: { description: 'Me', schema: meView },
    },
    async ({ actor }) => {
      const [employee, session, accepted, represents] = await Promise.all([
        deps.models.Employee.findById(actor.employeeId).lean(),
        deps.models.Session.findById(actor.sessionId).lean(),
        deps.agreements.hasAccepted(actor.employeeId),
        deps.substitutions.representationsOf(actor.employeeId, new Date()),
      ]);
      if (!employee || !session) throw problems.unauthorized();
      return {
        employee: employeeViewOf(employee, true),
        session: { method: session.method, expiresAt: session.expiresAt.toISOString() },
        agreement: { currentVersion: deps.agreements.current(), accepted },
        represents,
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/me/agreement',
      summary: 'The current user agreement with the consent to personal-data processing, and whether I accepted it',
      tags: ['me'],
      roles: [],
      query: z.object({ language: z.enum(['kk', 'ru']).optional() }).strict(),
      response: { description: 'The agreement', schema: agreementView },
    },
    async ({ actor, query }) => deps.agreements.status(actor, query.language),
  );

  route(
    {
      method: 'post',
      path: '/api/me/agreement/accept',
      summary: 'Accept the current agreement and consent (time, version and text hash are stored; an EDS signature is optional)',
      tags: ['me'],
      roles: [],
      body: acceptBody,
      response: { status: 201, description: 'Accepted', schema: acceptedView },
    },
    async ({ actor, body, req }) => deps.agreements.accept(actor, body, clientAddress(req)),
  );

  route(
    {
      method: 'post',
      path: '/api/me/agreement/withdraw',
      summary: 'Withdraw my consent (refused while I have open tasks or drafts); work stops until I consent again',
      tags: ['me'],
      roles: [],
      body: withdrawBody,
      response: { description: 'Withdrawn', schema: z.object({ withdrawnAt: z.string() }) },
    },
    async ({ actor, body, req }) => deps.agreements.withdraw(actor, body, clientAddress(req)),
  );

  route(
    {
      method: 'post',
      path: '/api/me/password',
      summary: 'Change my password (the current one is required when I have one)',
      tags: ['me'],
      roles: [],
      body: passwordChangeBody,
      response: { status: 204, description: 'Changed' },
    },
    async ({ actor, body, req }) => {
      await deps.auth.changeOwnPassword(actor, body, clientAddress(req));
      return undefined;
    },
  );
}
