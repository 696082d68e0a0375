/**
 * The end-of-route hook of access applications reads the application only for a document that can have one:
 * handed the card the projection read, it skips every other type; called on its own, it looks as before.
 */
import type { RecordTransitionInput } from '../../../activities/contracts';
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { createAccessApplicationEffects } from '../../../domain/access/access-application-effects';
import { ACCESS_APPLICATION_TYPE } from '../../../db/seed/access-application-route';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
let onTransition: ReturnType<typeof createAccessApplicationEffects>;
let read: jest.SpyInstance;

beforeAll(async () => {
  t = await openTestDatabase();
  onTransition = createAccessApplicationEffects({ models: t.models, audit: createAuditChain(t.models.AuditEvent) });
});
beforeEach(() => {
  read = jest.spyOn(t.models.AccessApplication, 'findById');
});
afterEach(() => read.mockRestore());
afterAll(async () => t?.drop());

function executed(documentId: string, routeKey: string): RecordTransitionInput {
  return {
    documentId,
    seq: 3,
    routeKey,
    routeVersion: 1,
    state: { documentId, authorId: 'author', route: { key: routeKey, version: 1 }, status: 'executed', round: 1, tasks: [], resolutions: [], cards: [], seq: 3 },
    events: [{ type: 'document.executed', atMs: 1_700_000_000_000 }],
  };
}

it('reads no application at the end of a document of another type', async () => {
  await onTransition(executed('letter', 'outgoing-letter'), { type: 'outgoing-letter', fields: {} });
  expect(read).not.toHaveBeenCalled();
});

it('reads the application when handed no card', async () => {
  await onTransition(executed('letter', 'outgoing-letter'));
  expect(read).toHaveBeenCalledTimes(1);
});

it('carries out an access application handed its card', async () => {
  await t.models.Unit.create({ _id: 'u1', name: { kk: 'Бөлім', ru: 'Отдел' } });
  await t.models.Employee.create({ _id: 'subject', fullName: 'Subject Person', unitId: 'u0', roles: ['employee'], status: 'active' });
  await t.models.AccessApplication.create({ _id: 'app', action: 'move', applicantId: 'head', subjectId: 'subject', unitId: 'u1', reason: 'moved' });
  await onTransition(executed('app', ACCESS_APPLICATION_TYPE), { type: ACCESS_APPLICATION_TYPE, fields: { action: 'move', subjectId: 'subject' } });
  expect(read).toHaveBeenCalledTimes(1);
  expect((await t.models.AccessApplication.findById('app').lean())?.outcome).toBe('applied');
  expect((await t.models.Employee.findById('subject').lean())?.unitId).toBe('u1');
});
