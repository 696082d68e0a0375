/**
 * A session keeps a copy of its person's roles, IIN and accepted agreement, so a request reads one record; the
 * copy must never outlive a change: a new role, a blocked account, a withdrawn consent, a corrected IIN count
 * from the very next request made with the same token.
 */
import { hashToken } from '../../../api/middleware/authenticate';
import { startTestSystem, type TestSystem } from '../../support/system';

jest.setTimeout(120_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ withWorker: false });
  await sys.addPeople([{ id: 'sa-clerk' }, { id: 'sa-other' }, { id: 'sa-consent' }, { id: 'sa-iin', iin: '750312300125' }]);
});
afterAll(() => sys?.stop());

const keptActor = async (token: string) => (await sys.models.Session.findById(hashToken(token)).lean())?.actor as { roles?: string[]; iin?: string | null; acceptedVersion?: string } | undefined;
// Everyone sees their own substitutions; another person's only an administrator (or a head above them).
const othersSubstitutions = (token: string) => sys.http.get('/api/substitutions').query({ employeeId: 'sa-other' }).set({ Authorization: `Bearer ${token}` });

it('keeps the roles and the accepted agreement on the session, and drops them when the person changes', async () => {
  const token = await sys.tokenFor('sa-clerk');
  await othersSubstitutions(token).expect(403);
  expect(await keptActor(token)).toMatchObject({ roles: ['employee'], acceptedVersion: expect.any(String) });

  await sys.models.Employee.updateOne({ _id: 'sa-clerk' }, { $set: { roles: ['employee', 'administrator'] } });
  expect(await keptActor(token)).toBeUndefined();
  await othersSubstitutions(token).expect(200);
  expect((await keptActor(token))?.roles).toEqual(['employee', 'administrator']);

  await sys.models.Employee.updateOne({ _id: 'sa-clerk' }, { $set: { status: 'blocked' } });
  await othersSubstitutions(token).expect(401);
});

it('a withdrawn consent is asked for again at the next request', async () => {
  const token = await sys.tokenFor('sa-consent');
  await sys.http.get('/api/substitutions').set({ Authorization: `Bearer ${token}` }).expect(200);
  expect((await keptActor(token))?.acceptedVersion).toEqual(expect.any(String));
  await sys.models.AgreementAcceptance.updateMany({ employeeId: 'sa-consent', status: 'active' }, { $set: { status: 'withdrawn', withdrawnAt: new Date(), withdrawalReason: 'test' } });
  const refused = await sys.http.get('/api/substitutions').set({ Authorization: `Bearer ${token}` }).expect(403);
  expect(refused.body.type).toMatch(/agreement-required/);
});

it('keeps the IIN (which a signature is checked against) and drops it when it is corrected; a copy made without it is made again', async () => {
  const token = await sys.tokenFor('sa-iin');
  await othersSubstitutions(token).expect(403);
  expect(await keptActor(token)).toMatchObject({ iin: '750312300125' });

  await sys.models.Employee.updateOne({ _id: 'sa-iin' }, { $set: { iin: '860704400178' } });
  expect(await keptActor(token)).toBeUndefined();
  await othersSubstitutions(token).expect(403);
  expect(await keptActor(token)).toMatchObject({ iin: '860704400178' });

  // A copy made before the IIN was kept knows nothing of it: the next request makes the copy again.
  await sys.models.Session.updateOne({ _id: hashToken(token) }, { $unset: { 'actor.iin': 1 } });
  await othersSubstitutions(token).expect(403);
  expect(await keptActor(token)).toMatchObject({ iin: '860704400178' });

  const other = await sys.tokenFor('sa-other');
  await othersSubstitutions(other).expect(200);
  expect((await keptActor(other))?.iin).toBeNull();
});
