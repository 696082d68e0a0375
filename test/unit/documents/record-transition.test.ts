/**
 * The projection of a document's state into its card and inboxes, on the real database: entries follow the
 * newest state, a late attempt of an older state changes nothing, a crash after the card's write is finished
 * by the retry, and cards projected before the list existed still lose their stale entries. The signatures a transition accepted are listed on the card.
 */
import { createAuditChain } from '../../../domain/audit/audit-chain';
import type { RecordTransitionInput } from '../../../activities/contracts';
import { createDocumentActivities } from '../../../activities/documents/document-activities';
import { createParticipantResolver } from '../../../domain/documents/participant-resolver';
import type { DocumentState, Task } from '../../../domain/documents/document-state';
import { seedJournals } from '../../../db/seed/journals';
import { notificationHeadId } from '../../../db/models/notification';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
let project: (input: RecordTransitionInput) => Promise<unknown>;

beforeAll(async () => {
  t = await openTestDatabase();
  const activities = createDocumentActivities({ models: t.models, audit: createAuditChain(t.models.AuditEvent), participants: createParticipantResolver(t.models), now: () => 1_700_000_000_000 });
  project = activities.recordTransition;
});
afterAll(async () => t?.drop());

const task = (id: string, assigneeId: string, state: Task['state'] = 'open'): Task => ({ id, stageId: 'approval', kind: 'approve', assigneeId, state, openedAtMs: 1_700_000_000_000 });

function transition(documentId: string, seq: number, tasks: Task[], status: DocumentState['status'] = 'on-approval'): RecordTransitionInput {
  const state: DocumentState = { documentId, authorId: 'author', route: { key: 'internal-memo', version: 1 }, status, round: 1, tasks, resolutions: [], cards: [], seq };
  return { documentId, seq, routeKey: 'internal-memo', routeVersion: 1, state, events: [{ type: 'test.transition', atMs: 1_700_000_000_000 + seq, data: { seq } }] };
}

async function card(id: string) {
  await t.models.Document.create({ _id: id, type: 'internal-memo', title: 'Memo', language: 'kk', authorId: 'author', route: { key: 'internal-memo', version: 1 }, workflowId: `document:${id}`, status: 'draft' });
}

const entriesOf = async (documentId: string) =>
  (await t.models.InboxEntry.find({ documentId }).lean()).map((e) => `${e.ownerId}:${e.view}@${e.seq}`).sort();

it('entries follow the newest state; a late older attempt changes nothing', async () => {
  await card('d1');
  await project(transition('d1', 1, [], 'draft'));
  expect(await entriesOf('d1')).toEqual(['author:drafts@1']);
  await project(transition('d1', 2, [task('a', 'alice'), task('b', 'bob')]));
  expect(await entriesOf('d1')).toEqual(['alice:for-approval@2', 'bob:for-approval@2']);
  await project(transition('d1', 3, [task('a', 'alice', 'done'), task('b', 'bob')]));
  expect(await entriesOf('d1')).toEqual(['bob:for-approval@3']);
  // The attempt for seq 2 timed out and runs again after seq 3 was projected.
  await project(transition('d1', 2, [task('a', 'alice'), task('b', 'bob')]));
  expect(await entriesOf('d1')).toEqual(['bob:for-approval@3']);
  const stored = await t.models.Document.findById('d1').lean();
  expect(stored).toMatchObject({ projectedSeq: 3, status: 'on-approval', inboxEntryIds: ['d1:#0'] });
  expect(stored?.participantIds?.sort()).toEqual(['alice', 'author', 'bob']);
});

it("a retry after a crash past the card's write removes the stale entries and writes the new ones", async () => {
  await card('d2');
  await project(transition('d2', 1, [task('a', 'alice'), task('b', 'bob')]));
  // As if seq 2 crashed right after its first command: the card holds the new state and list, the entries are old.
  await t.models.Document.updateOne({ _id: 'd2' }, { $set: { projectedSeq: 2, inboxEntryIds: ['d2:#0'] } });
  expect(await entriesOf('d2')).toEqual(['alice:for-approval@1', 'bob:for-approval@1']);
  await project(transition('d2', 2, [task('a', 'alice', 'done'), task('b', 'bob')]));
  expect(await entriesOf('d2')).toEqual(['bob:for-approval@2']);
  expect((await t.models.Document.findById('d2').lean())?.inboxEntryIds).toEqual(['d2:#0']);
});

it('entries named after their task, from before they were numbered, are replaced by numbered ones', async () => {
  await card('d7');
  await t.models.Document.updateOne({ _id: 'd7' }, { $set: { projectedSeq: 1, inboxEntryIds: ['d7:a', 'd7:b'] } });
  const named = { documentId: 'd7', view: 'for-approval', title: 'Memo', documentType: 'internal-memo', status: 'on-approval', openedAt: new Date(), seq: 1 };
  await t.models.InboxEntry.create([
    { _id: 'd7:a', ownerId: 'alice', taskId: 'a', ...named },
    { _id: 'd7:b', ownerId: 'bob', taskId: 'b', ...named },
  ]);
  await project(transition('d7', 2, [task('a', 'alice', 'done'), task('b', 'bob')]));
  expect((await t.models.InboxEntry.find({ documentId: 'd7' }).lean()).map((e) => `${e._id} ${e.ownerId}@${e.seq}`)).toEqual(['d7:#0 bob@2']);
});

it('an entry that held another task keeps nothing of it', async () => {
  await card('d8');
  const withDeadline = transition('d8', 1, [task('a', 'alice')]);
  withDeadline.state.stage = { index: 0, id: 'approval', type: 'approval', startedAtMs: 1_700_000_000_000, deadline: { dueAtMs: 1_700_086_400_000, extensions: [], explanation: '1 day' } };
  await project(withDeadline);
  expect((await t.models.InboxEntry.findById('d8:#0').lean())?.dueAt).toBeInstanceOf(Date);
  // The next task has no deadline: the same entry now holds it, without the first one's due date.
  await project(transition('d8', 2, [task('a', 'alice', 'done'), task('b', 'bob')]));
  const entry = await t.models.InboxEntry.findById('d8:#0').lean();
  expect(entry).toMatchObject({ ownerId: 'bob', taskId: 'b', seq: 2 });
  expect(entry).not.toHaveProperty('dueAt');
});

it('a card projected before the list of entries existed still loses its stale entries', async () => {
  await card('d3');
  await project(transition('d3', 1, [task('a', 'alice')]));
  await t.models.Document.updateOne({ _id: 'd3' }, { $unset: { inboxEntryIds: 1 } });
  await project(transition('d3', 2, [task('a', 'alice', 'done')], 'on-signing'));
  expect(await entriesOf('d3')).toEqual([]);
});

/** A transition whose events accept these signatures (as a sign's do), beside an event of another kind. */
function signedBy(documentId: string, seq: number, signatureIds: string[]): RecordTransitionInput {
  const input = transition(documentId, seq, [], 'on-signing');
  const accepted = signatureIds.map((signatureId, i) => ({ type: 'signature.accepted', atMs: 1_700_000_000_000 + seq, actorId: `signer-${i}`, data: { signatureId } }));
  return { ...input, events: [...input.events, ...accepted] };
}

const signatureIdsOf = async (documentId: string) => (await t.models.Document.findById(documentId, { signatureIds: 1 }).lean())?.signatureIds;

it('lists the signatures a transition accepted on the card, once each, also when a newer state was projected first', async () => {
  await t.models.Document.create({ _id: 'd5', type: 'internal-memo', title: 'Memo', language: 'kk', authorId: 'author', route: { key: 'internal-memo', version: 1 }, workflowId: 'document:d5', status: 'draft', signatureIds: [] });
  // Two people's signatures accepted before one projection (events wait together until projected).
  await project(signedBy('d5', 1, ['s1', 's2']));
  expect((await signatureIdsOf('d5'))?.sort()).toEqual(['s1', 's2']);
  await project(signedBy('d5', 1, ['s1', 's2'])); // a retry adds nothing twice
  expect((await signatureIdsOf('d5'))?.sort()).toEqual(['s1', 's2']);
  await project(transition('d5', 1, [], 'on-signing')); // a transition that accepted none leaves the list
  expect((await signatureIdsOf('d5'))?.sort()).toEqual(['s1', 's2']);
  // A newer state is projected before this older one's retry: its signature is listed all the same.
  await project(transition('d5', 3, [], 'on-registration'));
  await project(signedBy('d5', 2, ['s3']));
  expect((await signatureIdsOf('d5'))?.sort()).toEqual(['s1', 's2', 's3']);
  expect(await t.models.Document.findById('d5', { projectedSeq: 1, status: 1 }).lean()).toMatchObject({ projectedSeq: 3, status: 'on-registration' });
});

it('begins no list of signatures on a card from before the list existed (registration searches those by document)', async () => {
  await card('d6');
  await project(signedBy('d6', 1, ['s4']));
  expect(await signatureIdsOf('d6')).toBeUndefined();
  await project(transition('d6', 3, [], 'on-registration'));
  await project(signedBy('d6', 2, ['s5']));
  expect(await signatureIdsOf('d6')).toBeUndefined();
});

it('the events of a transition are in the audit chain once, however often it is projected', async () => {
  await card('d4');
  await project(transition('d4', 1, [task('a', 'alice')]));
  await project(transition('d4', 1, [task('a', 'alice')]));
  // The transition's event and its snapshot's hash, each once.
  expect((await t.models.AuditEvent.find({ documentId: 'd4' }).lean()).map((e) => e.type).sort()).toEqual(['document.snapshot-recorded', 'test.transition']);
  expect(await t.models.DocumentSnapshot.countDocuments({ documentId: 'd4' })).toBe(1);
  expect(await createAuditChain(t.models.AuditEvent).verify()).toMatchObject({ ok: true });
});

describe('notifications written with the projection', () => {
  let notifying: (input: RecordTransitionInput) => Promise<unknown>;
  beforeAll(async () => {
    const { createNotificationDelivery } = await import('../../../activities/notifications/delivery');
    const { createTransitionNotices } = await import('../../../activities/notifications/transition-notices');
    const delivery = createNotificationDelivery({ models: t.models, publicUrl: 'http://qujat.test' });
    const notices = createTransitionNotices({ models: t.models, delivery });
    notifying = createDocumentActivities({ models: t.models, audit: createAuditChain(t.models.AuditEvent), participants: createParticipantResolver(t.models), notices, now: () => 1_700_000_000_000 })
      .recordTransition;
    await t.models.Employee.create([
      { _id: 'n-alice', fullName: 'Алиева Алия', unitId: 'u', roles: ['employee'], status: 'active' },
      { _id: 'n-bob', fullName: 'Бекова Бибигуль', unitId: 'u', roles: ['employee'], status: 'active' },
      { _id: 'n-sub', fullName: 'Сериков Санжар', unitId: 'u', roles: ['employee'], status: 'active' },
    ]);
  });
  const rowsOf = async (documentId: string) => (await t.models.Notification.find({ documentId }).lean()).map((n) => `${n.recipientId}:${n.kind}:${n.channel}`).sort();

  it('announces each new task once, to its assignee and their substitute, however often a state is projected', async () => {
    await card('n1');
    await notifying(transition('n1', 1, [], 'draft'));
    await notifying(transition('n1', 2, [task('a', 'n-alice')]));
    await notifying(transition('n1', 2, [task('a', 'n-alice')])); // a retried attempt after the card was written
    expect(await rowsOf('n1')).toEqual(['n-alice:task.assigned:app']);
    const head = await t.models.Notification.findById(notificationHeadId('n-alice')).lean();
    expect(head?.version).toBeTruthy();

    // A substitution written through the model moves the version token: the worker's copy is read again.
    await t.models.Substitution.create({ _id: 'n-sub-bob', absentId: 'n-bob', substituteId: 'n-sub', from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 3_600_000), createdBy: 'admin' });
    await notifying(transition('n1', 3, [task('a', 'n-alice', 'done'), task('b', 'n-bob')]));
    expect(await rowsOf('n1')).toEqual(['n-alice:task.assigned:app', 'n-bob:task.assigned:app', 'n-sub:task.assigned:app']);
    const forSub = await t.models.Notification.findById('n1:task:b:n-sub').lean();
    expect(forSub?.params).toMatchObject({ onBehalfOfName: 'Бекова Бибигуль' });
    expect(forSub?.dispatchedAt).toBeInstanceOf(Date);

    // The same task handed to someone else is announced to them; a task still open is not announced again.
    await notifying(transition('n1', 4, [task('a', 'n-alice', 'done'), task('b', 'n-bob'), task('c', 'n-alice')]));
    await notifying(transition('n1', 5, [task('a', 'n-alice', 'done'), task('b', 'n-bob', 'done'), task('c', 'n-sub')]));
    expect(await rowsOf('n1')).toEqual(['n-alice:task.assigned:app', 'n-alice:task.assigned:app', 'n-bob:task.assigned:app', 'n-sub:task.assigned:app', 'n-sub:task.assigned:app']);
  });

  it('queues the mail of a new task and hands it over to be sent, without waiting for it', async () => {
    const { createNotificationDelivery } = await import('../../../activities/notifications/delivery');
    const { createTransitionNotices } = await import('../../../activities/notifications/transition-notices');
    const handed: string[] = [];
    // Started mail workflows would be waited for: this one never answers, so a projection that waited would hang.
    const delivery = createNotificationDelivery({ models: t.models, publicUrl: 'http://qujat.test', startMail: () => new Promise<void>(() => undefined), handOffMail: (ids) => handed.push(...ids) });
    const mailing = createDocumentActivities({
      models: t.models,
      audit: createAuditChain(t.models.AuditEvent),
      participants: createParticipantResolver(t.models),
      notices: createTransitionNotices({ models: t.models, delivery }),
      now: () => 1_700_000_000_000,
    }).recordTransition;
    await t.models.Employee.create({ _id: 'n-mailed', fullName: 'Маратов Марат', unitId: 'u', roles: ['employee'], status: 'active', email: 'marat@example.kz', language: 'ru' });
    await card('n2');
    await mailing(transition('n2', 1, [task('a', 'n-mailed')]));
    expect(await rowsOf('n2')).toEqual(['n-mailed:task.assigned:email']);
    expect(handed).toEqual(['mail:n2:task:a:n-mailed']);
    const queued = await t.models.Mail.findById(handed[0]).lean();
    expect(queued).toMatchObject({ to: 'marat@example.kz', language: 'ru' });
    expect(queued?.sentAt).toBeUndefined();
  });
});

it('a resolve task is "Incoming" on received correspondence and "Execution" on an internal memo', async () => {
  await seedJournals(t.models);
  const resolve = (id: string, assigneeId: string): Task => ({ id, stageId: 'execution', kind: 'resolve', assigneeId, state: 'open', openedAtMs: 1_700_000_000_000 });
  const registered = (documentId: string, journal: string): RecordTransitionInput => {
    const base = transition(documentId, 1, [resolve('r', 'addressee')], 'in-execution');
    const state = { ...base.state, registration: { journal, number: '1', registeredAtMs: 1_700_000_000_000, registeredBy: 'registrar' } };
    return { ...base, state };
  };
  await card('memo');
  await project(registered('memo', 'internal'));
  expect(await entriesOf('memo')).toEqual(['addressee:execution@1']);
  await card('letter');
  await project(registered('letter', 'incoming'));
  expect(await entriesOf('letter')).toEqual(['addressee:incoming@1']);
  // An internal route without registration: still work to do, not correspondence.
  await card('unregistered');
  await project(transition('unregistered', 1, [resolve('r', 'addressee')], 'in-execution'));
  expect(await entriesOf('unregistered')).toEqual(['addressee:execution@1']);
});

describe('the registration seq of the search record', () => {
  const registration = { journal: 'internal', number: '01-12/7', registeredAtMs: 1_700_000_000_000, registeredBy: 'registrar' };
  function registeredAt(documentId: string, seq: number, events: RecordTransitionInput['events']): RecordTransitionInput {
    const base = transition(documentId, seq, [], 'registered');
    return { ...base, state: { ...base.state, registration }, events };
  }
  const registeredEvent = (data: Record<string, unknown>) => ({ type: 'document.registered', atMs: 1_700_000_000_001, actorId: 'registrar', data });
  const seqs = async (id: string) => ({
    card: (await t.models.Document.findById(id, { registration: 1 }).lean())?.registration?.seq,
    search: (await t.models.DocumentSearch.findById(id, { registrationSeq: 1 }).lean())?.registrationSeq,
  });

  it('comes with the registration event and stays on the card for later projections, with no registration record to read', async () => {
    // No registration record: a value can only come from the event, then from the card.
    await card('seq1');
    await project(registeredAt('seq1', 1, [registeredEvent({ journal: 'internal', number: '01-12/7', seq: 7, direction: 'internal' })]));
    expect(await seqs('seq1')).toEqual({ card: 7, search: 7 });
    await project(registeredAt('seq1', 2, [{ type: 'test.transition', atMs: 1_700_000_000_002 }]));
    expect(await seqs('seq1')).toEqual({ card: 7, search: 7 });
  });

  it('is read from the registration for a card registered before it was kept, or an event that did not carry it, and kept then', async () => {
    await card('seq2');
    await t.models.Registration.create({ _id: 'seq2', journal: 'internal', year: 2023, seq: 7, number: '01-12/7', registrarId: 'registrar', registeredAt: new Date(1_700_000_000_000) });
    const read = jest.spyOn(t.models.Registration, 'findById');
    try {
      await project(registeredAt('seq2', 1, [registeredEvent({ journal: 'internal', number: '01-12/7' })]));
      expect(read).toHaveBeenCalledTimes(1);
      expect(await seqs('seq2')).toEqual({ card: 7, search: 7 });
      await project(registeredAt('seq2', 2, [{ type: 'test.transition', atMs: 1_700_000_000_002 }]));
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });

  it("does not take a seq that belongs to another number than the state's", async () => {
    await card('seq3');
    await t.models.Document.updateOne({ _id: 'seq3' }, { $set: { registration: { journal: 'internal', number: '01-12/6', seq: 6 } } });
    await t.models.Registration.create({ _id: 'seq3', journal: 'internal', year: 2024, seq: 7, number: '01-12/7', registrarId: 'registrar', registeredAt: new Date(1_700_000_000_000) });
    await project(registeredAt('seq3', 1, [registeredEvent({ journal: 'internal', number: '01-12/5', seq: 5 })]));
    expect(await seqs('seq3')).toEqual({ card: 7, search: 7 });
  });
});

it("a resolve task's view takes the journal's direction from the registration event, then from the card, reading no journal", async () => {
  const resolve: Task = { id: 'r', stageId: 'execution', kind: 'resolve', assigneeId: 'head', state: 'open', openedAtMs: 1_700_000_000_000 };
  // A journal code that is not stored: only the event and then the card can say it was an incoming one.
  const registration = { journal: 'incoming-by-event', number: 'in/1', registeredAtMs: 1_700_000_000_000, registeredBy: 'registrar' };
  const at = (seq: number, events: RecordTransitionInput['events']): RecordTransitionInput => {
    const base = transition('dir1', seq, [resolve], 'in-execution');
    return { ...base, state: { ...base.state, registration }, events };
  };
  await card('dir1');
  const read = jest.spyOn(t.models.Journal, 'findById');
  try {
    await project(at(1, [{ type: 'document.registered', atMs: 1_700_000_000_001, data: { journal: 'incoming-by-event', number: 'in/1', seq: 1, direction: 'incoming' } }]));
    expect(await entriesOf('dir1')).toEqual(['head:incoming@1']);
    await project(at(2, [{ type: 'test.transition', atMs: 1_700_000_000_002 }]));
    expect(await entriesOf('dir1')).toEqual(['head:incoming@2']);
    expect(read).not.toHaveBeenCalled();
    expect((await t.models.Document.findById('dir1', { registration: 1 }).lean())?.registration).toMatchObject({ seq: 1, direction: 'incoming' });
  } finally {
    read.mockRestore();
  }
});

describe('the hooks after the projection', () => {
  it('are handed what the projection read of the card', async () => {
    const { withTransitionHooks } = await import('../../../activities/documents/with-transition-hooks');
    const activities = createDocumentActivities({ models: t.models, audit: createAuditChain(t.models.AuditEvent), participants: createParticipantResolver(t.models), now: () => 1_700_000_000_000 });
    const seen: unknown[] = [];
    const record = withTransitionHooks(activities.projectTransition, [async (_input, projected) => void seen.push(projected)]);
    await card('hooked');
    await t.models.Document.updateOne({ _id: 'hooked' }, { $set: { fields: { medium: 'paper' } } });
    await record(transition('hooked', 1, [], 'draft'));
    expect(seen).toEqual([expect.objectContaining({ type: 'internal-memo', title: 'Memo', language: 'kk', fields: { medium: 'paper' }, createdAt: expect.any(Date) })]);
  });
});
