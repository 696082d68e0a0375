/** /api/org: the organisation (units, positions, employees) and the transfer of cases. */
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { AgreementService } from '../services/agreement-service';
import {
  employeeBody,
  employeePatch,
  employeeQuery,
  employeeView,
  idParams,
  passwordBody,
  positionBody,
  positionPatch,
  positionView,
  transferBody,
  transferResult,
  unitBody,
  unitPatch,
  unitView,
} from '../services/org-schemas';
import type { OrgService } from '../services/org-service';
import type { TransferService } from '../services/transfer-service';

const ADMIN = ['administrator'] as const;

const consentView = z
  .object({
    id: z.string(),
    version: z.string(),
    language: z.string(),
    textSha256: z.string(),
    acceptedAt: z.string(),
    channel: z.string(),
    status: z.string(),
    withdrawnAt: z.string().optional(),
    signature: z.object({ cmsSha256: z.string(), cms: z.string().optional(), signerIin: z.string().optional() }).optional(),
  })
  .openapi('ConsentRecord');

export function mountOrgRoutes(route: RouteKit, deps: { org: OrgService; transfers: TransferService; agreements: AgreementService }): void {
  const { org } = deps;

  route(
    { method: 'get', path: '/api/org/tree', summary: 'The organisation as a tree of units with their positions and employees', tags: ['org'], roles: [], response: { description: 'Root units', schema: z.array(z.record(z.unknown())) } },
    async () => org.tree(),
  );

  // ---------------------------------------------------------------- units
  route(
    { method: 'get', path: '/api/org/units', summary: 'All units', tags: ['org'], roles: [], response: { description: 'Units', schema: z.array(unitView) } },
    async () => org.listUnits(),
  );
  route(
    { method: 'post', path: '/api/org/units', summary: 'Create a unit', tags: ['org'], roles: ADMIN, body: unitBody, response: { status: 201, description: 'The unit', schema: unitView } },
    async ({ actor, body, req }) => org.createUnit({ actor, source: clientAddress(req) }, body),
  );
  route(
    { method: 'patch', path: '/api/org/units/:id', summary: 'Rename, move or change the head of a unit', tags: ['org'], roles: ADMIN, params: idParams, body: unitPatch, response: { description: 'The unit', schema: unitView } },
    async ({ actor, params, body, req }) => org.updateUnit({ actor, source: clientAddress(req) }, params.id, body),
  );
  route(
    { method: 'delete', path: '/api/org/units/:id', summary: 'Delete an empty unit', tags: ['org'], roles: ADMIN, params: idParams, response: { status: 204, description: 'Deleted' } },
    async ({ actor, params, req }) => {
      await org.deleteUnit({ actor, source: clientAddress(req) }, params.id);
      return undefined;
    },
  );

  // ---------------------------------------------------------------- positions
  route(
    {
      method: 'get',
      path: '/api/org/positions',
      summary: 'Positions, optionally of one unit',
      tags: ['org'],
      roles: [],
      query: z.object({ unitId: z.string().max(64).optional() }).strict(),
      response: { description: 'Positions', schema: z.array(positionView) },
    },
    async ({ query }) => org.listPositions(query.unitId),
  );
  route(
    { method: 'post', path: '/api/org/positions', summary: 'Create a position', tags: ['org'], roles: ADMIN, body: positionBody, response: { status: 201, description: 'The position', schema: positionView } },
    async ({ actor, body, req }) => org.createPosition({ actor, source: clientAddress(req) }, body),
  );
  route(
    { method: 'patch', path: '/api/org/positions/:id', summary: 'Rename or move a position', tags: ['org'], roles: ADMIN, params: idParams, body: positionPatch, response: { description: 'The position', schema: positionView } },
    async ({ actor, params, body, req }) => org.updatePosition({ actor, source: clientAddress(req) }, params.id, body),
  );
  route(
    { method: 'delete', path: '/api/org/positions/:id', summary: 'Delete a position nobody holds', tags: ['org'], roles: ADMIN, params: idParams, response: { status: 204, description: 'Deleted' } },
    async ({ actor, params, req }) => {
      await org.deletePosition({ actor, source: clientAddress(req) }, params.id);
      return undefined;
    },
  );

  // ---------------------------------------------------------------- employees
  route(
    {
      method: 'get',
      path: '/api/org/employees',
      summary: 'Employees (personal fields only for administrators, auditors and oneself)',
      tags: ['org'],
      roles: [],
      query: employeeQuery,
      response: { description: 'Employees', schema: z.array(employeeView) },
    },
    async ({ actor, query }) => org.listEmployees(actor, query),
  );
  route(
    { method: 'get', path: '/api/org/employees/:id', summary: 'One employee', tags: ['org'], roles: [], params: idParams, response: { description: 'The employee', schema: employeeView } },
    async ({ actor, params }) => org.getEmployee(actor, params.id),
  );
  route(
    { method: 'post', path: '/api/org/employees', summary: 'Register an employee', tags: ['org'], roles: ADMIN, body: employeeBody, response: { status: 201, description: 'The employee', schema: employeeView } },
    async ({ actor, body, req }) => org.createEmployee({ actor, source: clientAddress(req) }, body),
  );
  route(
    {
      method: 'patch',
      path: '/api/org/employees/:id',
      summary: 'Change an employee: data, unit, position, roles, or block/unblock (blocking revokes every session at once)',
      tags: ['org'],
      roles: ADMIN,
      params: idParams,
      body: employeePatch,
      response: { description: 'The employee', schema: employeeView },
    },
    async ({ actor, params, body, req }) => org.updateEmployee({ actor, source: clientAddress(req) }, params.id, body),
  );
  route(
    { method: 'post', path: '/api/org/employees/:id/password', summary: 'Set or reset an employee\'s password', tags: ['org'], roles: ADMIN, params: idParams, body: passwordBody, response: { status: 204, description: 'Set' } },
    async ({ actor, params, body, req }) => {
      await org.setPassword({ actor, source: clientAddress(req) }, params.id, body.password);
      return undefined;
    },
  );
  route(
    {
      method: 'get',
      path: '/api/org/employees/:id/consents',
      summary: 'The employee\'s agreement and consent records, as proof (with the CMS when signed)',
      tags: ['org'],
      roles: ['administrator', 'auditor'],
      params: idParams,
      response: { description: 'Consent records', schema: z.array(consentView) },
    },
    async ({ params }) => deps.agreements.recordsOf(params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/org/employees/:id/transfer',
      summary: 'Transfer of cases: move open tasks, controls and drafts to another employee, then nothing / dismiss / delete (pseudonymise)',
      tags: ['org'],
      roles: ADMIN,
      params: idParams,
      body: transferBody,
      response: { description: 'What was moved, and what became of the employee', schema: transferResult },
    },
    async ({ actor, params, body, req }) => deps.transfers.transfer(actor, params.id, body, clientAddress(req)),
  );
}
