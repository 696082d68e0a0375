/**
 * A request's session read is used again for a moment instead of being read by every request: a revocation or
 * a change of the person made through this process is seen by the very next request; a revocation written by
 * another process (a raw write here, which this process does not see) once the trust has run out.
 */
import express from 'express';
import request from 'supertest';
import { authenticate, hashToken } from '../../../api/middleware/authenticate';
import { HttpProblem } from '../../../api/problem';
import { createSessionService } from '../../../api/services/session-service';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';
import { restoreTokenTrustAfterEach } from '../../support/token-trust';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());

restoreTokenTrustAfterEach();

function app() {
  const a = express();
  a.use(authenticate(t.models));
  a.get('/me', (req, res) => {
    res.json({ employeeId: req.actor?.employeeId, roles: req.actor?.roles });
  });
  a.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error instanceof HttpProblem ? error.status : 500).json({ detail: (error as Error).message });
  });
  return a;
}

let n = 0;
async function signedIn(roles = ['employee']): Promise<{ token: string; id: string }> {
  const id = `trust-${++n}`;
  await t.models.Employee.create({ _id: id, fullName: id, unitId: 'u', roles, status: 'active' });
  const { token } = await createSessionService(t.models).issue(id, 'test');
  return { token, id };
}
const me = (token: string) => request(app()).get('/me').set('Authorization', `Bearer ${token}`);

it('counts one session read for many requests while it is trusted', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '60000';
  const { token } = await signedIn();
  // The first request keeps the person's copy on the session (a write, which drops what was kept); the second reads it.
  await me(token).expect(200);
  await me(token).expect(200);
  const reads = jest.spyOn(t.models.Session, 'findById');
  try {
    for (let i = 0; i < 5; i++) await me(token).expect(200);
    expect(reads).not.toHaveBeenCalled();
  } finally {
    reads.mockRestore();
  }
});

it('refuses the very next request after this process revokes the session, or all of a person’s', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '60000';
  const sessions = createSessionService(t.models);
  const one = await signedIn();
  await me(one.token).expect(200);
  await sessions.revokeAllOf(one.id);
  await me(one.token).expect(401);

  const two = await signedIn();
  await me(two.token).expect(200);
  await sessions.revoke(hashToken(two.token));
  await me(two.token).expect(401);
});

it('sees a change of the person’s roles made through this process at once', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '60000';
  const { token, id } = await signedIn(['employee']);
  expect((await me(token).expect(200)).body.roles).toEqual(['employee']);
  await t.models.Employee.updateOne({ _id: id }, { $set: { roles: ['employee', 'registrar'] } });
  expect((await me(token).expect(200)).body.roles).toEqual(['employee', 'registrar']);
});

it('sees a revocation written by another process once the trust has run out', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '300';
  const { token, id } = await signedIn();
  await me(token).expect(200);
  await me(token).expect(200);
  // What another API process's logout writes; this process's models do not see it.
  await t.db.collection('sessions').updateMany({ employeeId: id } as never, { $set: { revokedAt: new Date() } });
  await me(token).expect(200);
  await new Promise((resolve) => setTimeout(resolve, 350));
  await me(token).expect(401);
});

it('reads the session for every request when nothing is to be trusted', async () => {
  process.env.QUJAT_TOKEN_TRUST_MS = '0';
  const { token, id } = await signedIn();
  await me(token).expect(200);
  await t.db.collection('sessions').updateMany({ employeeId: id } as never, { $set: { revokedAt: new Date() } });
  await me(token).expect(401);
});
