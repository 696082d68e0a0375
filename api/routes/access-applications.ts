/** /api/access-applications: apply to register, move or block an account (seed-004 ¶¶13–16). */
import { ROLES } from '../../db/models/employee';
import { isValidIin } from '../../signing/policy/iin';
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { AccessApplicationService } from '../services/access-application-service';
import { orgId } from '../services/org-schemas';
import { BLOCK_GROUNDS } from '../../domain/access/block-grounds';

const reason = z.string().trim().min(1).max(2000);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional();

const applicationBody = z
  .discriminatedUnion('action', [
    z
      .object({
        action: z.literal('register'),
        subjectId: orgId.optional().openapi({ description: 'The id the new account gets; generated when omitted.' }),
        person: z
          .object({
            fullName: z.string().trim().min(3).max(200),
            iin: z.string().regex(/^\d{12}$/).refine(isValidIin, 'the IIN control digit does not match'),
            email: z.string().trim().toLowerCase().email().max(254).optional(),
            language: z.enum(['kk', 'ru']).default('kk'),
            certificateDn: z.string().trim().min(3).max(1000).optional(),
          })
          .strict(),
        unitId: orgId,
        positionId: orgId.optional(),
        roles,
        reason,
      })
      .strict(),
    z.object({ action: z.literal('move'), subjectId: orgId, unitId: orgId, positionId: orgId.optional(), roles, reason }).strict(),
    z
      .object({
        action: z.literal('block'),
        subjectId: orgId,
        reason,
        ground: z.enum(BLOCK_GROUNDS).default('other').openapi({
          description: 'dismissal / removal (a head above or an administrator, ¶16); absence: the holder, away more than two months (Ann. 6 §3); violation (¶12); other',
        }),
        absentFrom: day.optional().openapi({ description: 'For absence: the first day away (YYYY-MM-DD).' }),
        absentUntil: day.optional().openapi({ description: 'For absence: the last day away (YYYY-MM-DD); more than two months after absentFrom.' }),
      })
      .strict(),
  ])
  .openapi('AccessApplicationInput');

const applicationView = z
  .object({
    id: z.string(),
    action: z.enum(['register', 'move', 'block']),
    applicantId: z.string(),
    subjectId: z.string(),
    unitId: z.string().optional(),
    positionId: z.string().optional(),
    roles: z.array(z.string()).optional(),
    reason: z.string().optional(),
    ground: z.enum(BLOCK_GROUNDS).optional(),
    absentFrom: z.string().optional(),
    absentUntil: z.string().optional(),
    documentStatus: z.string(),
    decision: z.enum(['draft', 'awaiting-head', 'awaiting-administrator', 'granted', 'refused', 'not-applicable', 'not-routed']),
    effect: z.object({ outcome: z.string(), detail: z.string().optional(), appliedAt: z.string().optional() }),
    filedAt: z.string(),
  })
  .openapi('AccessApplication');

export function mountAccessApplicationRoutes(route: RouteKit, applications: AccessApplicationService): void {
  route(
    {
      method: 'post',
      path: '/api/access-applications',
      summary: 'Apply to register, move or block an account; a block takes effect at once, the rest after the head and an administrator (24 h) approve',
      tags: ['access'],
      roles: [],
      body: applicationBody,
      response: { status: 201, description: 'The application (its route is the document of the same id)', schema: applicationView },
    },
    async ({ actor, body, req, res }) => {
      const filed = await applications.file(actor, body, clientAddress(req));
      res.location(`/api/access-applications/${filed.id}`);
      return filed;
    },
  );

  route(
    {
      method: 'get',
      path: '/api/access-applications',
      summary: 'Access applications: mine and about me; administrators and auditors see all',
      tags: ['access'],
      roles: [],
      query: z.object({ subjectId: orgId.optional() }).strict(),
      response: { description: 'Applications, newest first', schema: z.array(applicationView) },
    },
    async ({ actor, query }) => applications.list(actor, query),
  );

  route(
    {
      method: 'get',
      path: '/api/access-applications/:id',
      summary: 'One access application with its decision and effect',
      tags: ['access'],
      roles: [],
      params: z.object({ id: orgId }),
      response: { description: 'The application', schema: applicationView },
    },
    async ({ actor, params }) => applications.get(actor, params.id),
  );
}
