/**
 * The authorization matrix: every endpoint in the route registry, called as every role, as nobody, and as
 * someone who has not accepted the user agreement. Allowed versus refused is checked against the roles each
 * endpoint documents (the same `roles` that generate its OpenAPI description), so a new endpoint is covered
 * the moment it is registered. Every refusal must also have left an audit event.
 */
import { ROLES, type Role } from '../../../db/models/employee';
import type { DocumentedRoute } from '../../../api/openapi/registry';
import { isAgreementExempt } from '../../../api/middleware/require-agreement';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(300_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  await sys.addPeople([...ROLES.map((role) => ({ id: `only-${role}`, roles: [role] })), { id: 'no-agreement', roles: ['administrator'] }]);
});
afterAll(() => sys?.stop());

const concretePath = (path: string): string => path.replace(/:([A-Za-z_]+)/g, 'no-such-$1');

function call(route: DocumentedRoute, token?: string) {
  const path = concretePath(route.path);
  let req = sys.http[route.method](path);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  return ['post', 'put', 'patch'].includes(route.method) ? req.send({}) : req;
}

const label = (route: DocumentedRoute) => `${route.method.toUpperCase()} ${route.path}`;
const isRoleRefusal = (res: { status: number; body: { detail?: string } }) => res.status === 403 && /needs one of the roles/.test(res.body.detail ?? '');
/** Under /api/documents/:id a role refusal for a document the caller may not see is the card's own 404 (still audited). */
const isDocumentRefusal = (route: DocumentedRoute, res: { status: number; body: { type?: string } }) =>
  route.path.startsWith('/api/documents/:id') && res.status === 404 && res.body.type === 'https://qujat.kz/problems/not-found';

async function refusalCount(): Promise<number> {
  return sys.models.AuditEvent.countDocuments({ type: 'access.refused' });
}

it('covers a non-trivial registry, including the people-and-access endpoints', () => {
  const paths = sys.app.registry.routes.map(label);
  expect(paths.length).toBeGreaterThan(40);
  for (const expected of ['POST /api/auth/login', 'GET /api/audit/verify', 'POST /api/org/employees/:id/transfer', 'POST /api/documents/:id/replay']) {
    expect(paths).toContain(expected);
  }
});

/** Every call the role matrix made that the server could not handle (a 500 on placeholder input is a bug too). */
const crashes: string[] = [];

it('allows exactly the documented roles on every endpoint, refuses the rest, and audits each refusal', async () => {
  const mismatches: string[] = [];
  const before = await refusalCount();
  let refusals = 0;
  for (const route of sys.app.registry.routes) {
    for (const role of ROLES as readonly Role[]) {
      const res = await call(route, await sys.tokenFor(`only-${role}`));
      if (res.status === 401 || res.status === 403 || (!(route.roles === undefined || route.roles.length === 0 || route.roles.includes(role)) && isDocumentRefusal(route, res))) refusals += 1;
      if (res.status >= 500 && res.status !== 503) crashes.push(`${label(route)} as ${role}: ${res.status}`);
      const allowed = route.roles === undefined || route.roles.length === 0 || route.roles.includes(role);
      if (allowed && (res.status === 401 || isRoleRefusal(res))) mismatches.push(`${label(route)} as ${role}: refused (${res.status}) but documented as allowed`);
      else if (!allowed && !isRoleRefusal(res) && !isDocumentRefusal(route, res)) mismatches.push(`${label(route)} as ${role}: ${res.status} but documented for ${route.roles!.join(', ')}`);
    }
  }
  expect(mismatches).toEqual([]);
  expect((await refusalCount()) - before).toBe(refusals);
});

it('handles every allowed call without an internal error', () => {
  expect(crashes).toEqual([]);
});

it('lets nobody in without a session except to public endpoints', async () => {
  const mismatches: string[] = [];
  for (const route of sys.app.registry.routes) {
    const res = await call(route);
    if (route.roles === undefined ? res.status === 401 || res.status === 403 : res.status !== 401) mismatches.push(`${label(route)} anonymous: ${res.status}`);
  }
  expect(mismatches).toEqual([]);
});

it('answers agreement-required on every non-public endpoint but signing out, oneself and the agreement until it is accepted', async () => {
  const mismatches: string[] = [];
  for (const route of sys.app.registry.routes) {
    const token = (await sys.app.services.sessions.issue('no-agreement', 'test')).token;
    const res = await call(route, token);
    const gated = res.status === 403 && res.body.type === 'https://qujat.kz/problems/agreement-required';
    const exempt = route.roles === undefined || isAgreementExempt(route.path);
    if (gated === exempt) mismatches.push(`${label(route)}: ${res.status} ${res.body.type ?? ''} (exempt: ${exempt})`);
  }
  expect(mismatches).toEqual([]);
});
