/**
 * The notices issued from recordTransition's events: the receipt notification of a registered
 * electronic incoming document (seed-003 §17) and the «қабылданбады» notice of a refused one (§14).
 */
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { createCorrespondenceNotices } from '../../../domain/correspondence/correspondence-notices';
import { REJECTION_REASONS } from '../../../domain/correspondence/rejection-reasons';
import type { RecordTransitionInput } from '../../../activities/contracts';
import { loadTemplateCatalog, type TemplateCatalog } from '../../../domain/rendering/template-catalog';
import { seedJournals } from '../../../db/seed/journals';
import type { DocumentState } from '../../../domain/documents/document-state';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;
const registeredAtMs = Date.parse('2026-11-23T05:30:00Z'); // 10:30 in Astana

beforeAll(async () => {
  t = await openTestDatabase();
  await seedJournals(t.models);
  await t.models.Position.create({ _id: 'clerk', title: { kk: 'Іс жүргізуші', ru: 'Делопроизводитель' }, unitId: 'u' });
  await t.models.Employee.create([
    { _id: 'reg', fullName: 'Жанар Тіркеуова', unitId: 'u', positionId: 'clerk', roles: ['registrar'] },
    { _id: 'head', fullName: 'Серік Басшыұлы', unitId: 'u' },
  ]);
});
afterAll(async () => t?.drop());

function correspondence(catalog: TemplateCatalog = loadTemplateCatalog()) {
  return createCorrespondenceNotices({ models: t.models, audit: createAuditChain(t.models.AuditEvent), catalog, now: () => new Date(registeredAtMs + 1000) });
}

async function incoming(id: string, type: string, extra: Record<string, unknown> = {}) {
  await t.models.Document.create({
    _id: id,
    type,
    title: 'Ақпарат беру туралы сұрау',
    language: 'kk',
    authorId: 'reg',
    correspondent: 'Қаржы министрлігі',
    participants: { executor: 'head' },
    fields: { senderNumber: '15-2/1234', senderDate: '20.11.2026', receivedAt: '2026-11-23T04:12:00Z' },
    route: { key: type, version: 1 },
    workflowId: `document:${id}`,
    status: 'on-registration',
    ...extra,
  });
}

function transition(id: string, events: RecordTransitionInput['events'], state: Partial<DocumentState>): RecordTransitionInput {
  return { documentId: id, seq: 5, routeKey: 'incoming-electronic', routeVersion: 1, events, state: { documentId: id, authorId: 'reg', route: { key: 'x', version: 1 }, status: 'registered', round: 1, tasks: [], resolutions: [], cards: [], seq: 5, ...state } };
}

const registered = (id: string, journal = 'incoming') =>
  transition(id, [{ type: 'document.registered', atMs: registeredAtMs, actorId: 'reg', data: { journal, number: '01-12/41' } }], {
    registration: { journal, number: '01-12/41', registeredAtMs, registeredBy: 'reg' },
  });

describe('the receipt notification (seed-003 §17)', () => {
  it('takes the card the projection handed it instead of reading it again', async () => {
    await incoming('e-handed', 'incoming-electronic');
    const card = (await t.models.Document.findById('e-handed').lean())!;
    const handed = { type: card.type, title: card.title, language: card.language, correspondent: card.correspondent, fields: card.fields as Record<string, unknown>, participants: card.participants as Record<string, unknown>, createdAt: card.createdAt };
    const read = jest.spyOn(t.models.Document, 'findById');
    try {
      const event = { type: 'document.registered', atMs: registeredAtMs, actorId: 'reg', data: { journal: 'incoming', number: '01-12/41', direction: 'incoming' } };
      await correspondence().afterTransition({ ...registered('e-handed'), events: [event] }, handed);
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
    const receipt = (await correspondence().findNotice('e-handed', 'receipt'))!;
    expect(receipt.fields).toMatchObject({ sender: 'Қаржы министрлігі', receivedAt: '23.11.2026 09:12', registration: { number: '01-12/41' }, executor: { fullName: 'Серік Басшыұлы' } });
  });

  it('is issued once on registration, with sender, time of receipt, our number and date, registrar and executor', async () => {
    await incoming('e1', 'incoming-electronic');
    const c = correspondence();
    await c.afterTransition(registered('e1'));
    await c.afterTransition(registered('e1')); // the activity retried: still one notice
    const notices = await t.models.Notice.find({ documentId: 'e1' }).lean();
    expect(notices).toHaveLength(1);
    const receipt = (await c.findNotice('e1', 'receipt'))!;
    expect(receipt.fields).toMatchObject({
      sender: 'Қаржы министрлігі',
      receivedAt: '23.11.2026 09:12',
      registration: { number: '01-12/41', date: '23.11.2026' },
      registrar: { fullName: 'Жанар Тіркеуова', position: 'Іс жүргізуші' },
      executor: { fullName: 'Серік Басшыұлы' },
    });
    for (const line of ['Жіберуші: Қаржы министрлігі', 'Алынған күні мен уақыты: 23.11.2026 09:12', 'Тіркеу нөмірі мен күні: № 01-12/41, 23.11.2026', 'Тіркеген: Жанар Тіркеуова, Іс жүргізуші', 'Жауапты орындаушы: Серік Басшыұлы']) {
      expect(receipt.text).toContain(line);
    }
    expect(receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.models.AuditEvent.countDocuments({ documentId: 'e1', type: 'receipt.issued' })).toBe(1);
  });

  it('is not issued for a paper document or an outgoing journal', async () => {
    await incoming('p1', 'incoming-paper');
    await incoming('o1', 'incoming-electronic');
    const c = correspondence();
    await c.afterTransition(registered('p1'));
    await c.afterTransition(registered('o1', 'outgoing'));
    expect(await t.models.Notice.countDocuments({ documentId: { $in: ['p1', 'o1'] } })).toBe(0);
  });

  it('follows the journal direction the registration carries, reading neither the journal nor the card for an outgoing one', async () => {
    await incoming('d1', 'incoming-electronic');
    await incoming('d2', 'incoming-electronic');
    const withDirection = (id: string, direction: string) => {
      const input = registered(id, 'internal'); // a journal that owes no receipt: only the carried direction can ask for one
      input.events[0].data = { ...input.events[0].data, direction };
      return input;
    };
    const c = correspondence();
    const reads: string[] = [];
    const journalRead = jest.spyOn(t.models.Journal, 'findById').mockImplementation(((id: string) => (reads.push(`journal ${id}`), { lean: async () => null })) as never);
    const cardRead = jest.spyOn(t.models.Document, 'findById');
    try {
      await c.afterTransition(withDirection('d1', 'outgoing'));
      expect(cardRead).not.toHaveBeenCalled();
      await c.afterTransition(withDirection('d2', 'incoming'));
    } finally {
      journalRead.mockRestore();
      cardRead.mockRestore();
    }
    expect(reads).toEqual([]);
    expect(await t.models.Notice.countDocuments({ documentId: 'd1' })).toBe(0);
    expect(await t.models.Notice.countDocuments({ documentId: 'd2' })).toBe(1);
  });

  it('that its template cannot fill is reported, not retried forever', async () => {
    await incoming('broken', 'incoming-electronic');
    const failed: string[] = [];
    const bare = loadTemplateCatalog();
    const broken: TemplateCatalog = { ...bare, manifest: (key) => ({ ...bare.manifest(key), required: ['no.such.field'] }) };
    const c = createCorrespondenceNotices({ models: t.models, audit: createAuditChain(t.models.AuditEvent), catalog: broken, onNoticeFailed: (_id, kind) => failed.push(kind) });
    await expect(c.afterTransition(registered('broken'))).resolves.toBeUndefined();
    expect(failed).toEqual(['receipt']);
    expect(await t.models.AuditEvent.countDocuments({ documentId: 'broken', type: 'notice.failed' })).toBe(1);
  });
});

describe('the rejection notice (seed-003 §14)', () => {
  it('carries «қабылданбады», the reason from the list and the comment', async () => {
    await incoming('r1', 'incoming-electronic');
    const c = correspondence();
    const refusedAtMs = Date.parse('2026-11-23T06:00:00Z');
    await c.afterTransition(
      transition('r1', [{ type: 'document.refused', atMs: refusedAtMs, actorId: 'reg', comment: 'Қолтаңба құжат мәтініне сәйкес келмейді', data: { reasonCode: 'signature-invalid' } }], { status: 'rejected' }),
    );
    const notice = (await c.findNotice('r1', 'rejection'))!;
    expect(notice.text).toContain('ҚАБЫЛДАНБАДЫ');
    expect(notice.text).toContain(`Себебі: ${REJECTION_REASONS[0].title.kk}`);
    expect(notice.text).toContain('Түсініктеме: Қолтаңба құжат мәтініне сәйкес келмейді');
    expect(notice.text).toContain('Тексерген: Жанар Тіркеуова, Іс жүргізуші, 23.11.2026 11:00');
    expect(notice.fields).toMatchObject({ reason: { code: 'signature-invalid' }, sender: 'Қаржы министрлігі', senderNumber: '15-2/1234' });
  });
});
