/** /api/substitutions: appoint substitutes for a period (optionally for some document types), the history, cancellation. */
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import { orgId } from '../services/org-schemas';
import type { SubstitutionManagement } from '../services/substitution-management';

const STATES = ['scheduled', 'active', 'ended', 'cancelled'] as const;

const substitutionBody = z
  .object({
    absentId: orgId,
    substituteId: orgId,
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
    documentTypes: z.array(orgId).max(100).default([]).openapi({ description: 'Document types covered; empty = all.' }),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict()
  .openapi('SubstitutionInput');

const substitutionView = z
  .object({
    id: z.string(),
    absentId: z.string(),
    substituteId: z.string(),
    from: z.string(),
    to: z.string(),
    documentTypes: z.array(z.string()),
    reason: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    cancelledAt: z.string().optional(),
    state: z.enum(STATES),
  })
  .openapi('Substitution');

export function mountSubstitutionRoutes(route: RouteKit, substitutions: SubstitutionManagement): void {
  route(
    {
      method: 'post',
      path: '/api/substitutions',
      summary: 'Appoint a substitute for a period (by the absent person, a head above them, or an administrator)',
      tags: ['substitutions'],
      roles: [],
      body: substitutionBody,
      response: { status: 201, description: 'The substitution', schema: substitutionView },
    },
    async ({ actor, body, req }) =>
      substitutions.create(actor, { ...body, from: new Date(body.from), to: new Date(body.to) }, clientAddress(req)),
  );

  route(
    {
      method: 'get',
      path: '/api/substitutions',
      summary: 'The history of substitutions: mine, of the people under me, or (administrators, auditors) anyone\'s',
      tags: ['substitutions'],
      roles: [],
      query: z.object({ employeeId: orgId.optional(), state: z.enum(STATES).optional() }).strict(),
      response: { description: 'Substitutions, newest period first', schema: z.array(substitutionView) },
    },
    async ({ actor, query }) => substitutions.list(actor, query),
  );

  route(
    {
      method: 'post',
      path: '/api/substitutions/:id/cancel',
      summary: 'Cancel a substitution from now on (its history up to now stays)',
      tags: ['substitutions'],
      roles: [],
      params: z.object({ id: orgId }),
      body: z.object({ reason: z.string().trim().max(1000).optional() }).strict(),
      response: { description: 'The cancelled substitution', schema: substitutionView },
    },
    async ({ actor, params, body, req }) => substitutions.cancel(actor, params.id, body.reason, clientAddress(req)),
  );
}
