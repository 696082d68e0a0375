/**
 * Members of a role or position are kept in memory by the participant resolver (the query reads every
 * employee on the embedded database) and read again as soon as any write through the employee model changes
 * who holds a role, a position or an active status — whichever way the write is made.
 */
import { createParticipantResolver } from '../../../domain/documents/participant-resolver';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.drop());

const context = { documentId: 'd', authorId: 'author', stageId: 'registration' };
const registrars = () => createResolverOnce().resolveAll([{ kind: 'role', role: 'registrar' }], context, { allowEmpty: true });
let resolver: ReturnType<typeof createParticipantResolver> | undefined;
const createResolverOnce = () => (resolver ??= createParticipantResolver(t.models));

// Each test starts from no employees and a resolver with nothing in memory, so the tests run in any order.
beforeEach(async () => {
  await t.models.Employee.deleteMany({});
  resolver = undefined;
});

const person = (id: string, roles: string[], extra: Record<string, unknown> = {}) => ({ _id: id, fullName: id, unitId: 'u', roles, status: 'active', ...extra });

it('follows every kind of write to who holds a role', async () => {
  await t.models.Employee.create(person('r1', ['employee', 'registrar']));
  expect(await registrars()).toEqual(['r1']);
  expect(await registrars()).toEqual(['r1']); // from memory

  await t.models.Employee.updateOne({ _id: 'r1' }, { $set: { status: 'blocked' } });
  expect(await registrars()).toEqual([]);

  await t.models.Employee.insertMany([person('r2', ['registrar'])]);
  expect(await registrars()).toEqual(['r2']);

  await t.models.Employee.updateOne({ _id: 'r1' }, { $set: { status: 'active' } });
  await t.models.Employee.updateMany({ _id: 'r2' }, { $pull: { roles: 'registrar' } });
  expect(await registrars()).toEqual(['r1']);

  const doc = await t.models.Employee.findById('r2');
  doc!.roles.push('registrar');
  await doc!.save();
  expect(await registrars()).toEqual(['r1', 'r2']);

  await t.models.Employee.bulkWrite([{ updateOne: { filter: { _id: 'r1' }, update: { $set: { roles: ['employee'] } } } }]);
  await t.models.Employee.deleteOne({ _id: 'r2' });
  expect(await registrars()).toEqual([]);
});

it('a write that changes nothing about membership keeps the members in memory', async () => {
  await t.models.Employee.create(person('r3', ['registrar']));
  expect(await registrars()).toEqual(['r3']);
  const before = await t.db.collection('employees_version').findOne({ _id: 'current' as never });
  await t.models.Employee.updateOne({ _id: 'r3' }, { $set: { fullName: 'Renamed' } });
  expect(await t.db.collection('employees_version').findOne({ _id: 'current' as never })).toEqual(before);
  expect(await registrars()).toEqual(['r3']);
});

it('follows a named person’s active status, read once per version of the employees and not once per resolution', async () => {
  await t.models.Employee.create([person('n1', ['employee']), person('n2', ['employee'])]);
  const resolver = createResolverOnce();
  const named = (card: Record<string, unknown>) => resolver.resolveAll([{ kind: 'card-field', field: 'approvers' }, { kind: 'employee', employeeId: 'n2' }], { ...context, card }, { allowEmpty: true });
  expect(await named({ approvers: ['n1'] })).toEqual(['n1', 'n2']);

  // Kept: the people are not read again while nothing moved the token (a read would see the raw change below).
  await t.db.collection('employees').updateOne({ _id: 'n1' as never }, { $set: { status: 'blocked' } });
  expect(await named({ approvers: ['n1'] })).toEqual(['n1', 'n2']);

  // A write through the model moves the token: the next resolution sees every change since.
  await t.models.Employee.updateOne({ _id: 'n2' }, { $set: { status: 'dismissed' } });
  expect(await named({ approvers: ['n1'] })).toEqual([]);
  await t.models.Employee.deleteOne({ _id: 'n2' });
  await t.models.Employee.updateOne({ _id: 'n1' }, { $set: { status: 'active' } });
  expect(await named({ approvers: ['n1', 'n2'] })).toEqual(['n1']);
});
