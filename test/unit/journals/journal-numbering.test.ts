/**
 * Gapless numbering against the real database server: templates and widths, idempotent retries, the
 * year roll-over at midnight Astana time, comma-suffixed duplicates, and 1,000 concurrent registrations
 * from several "processes" that crash between claiming a number and returning it, and are restarted.
 */
import { createJournalNumbering, type RegisteredNumber } from '../../../domain/journals/journal-numbering';
import { createDraftNumbering } from '../../../domain/journals/draft-numbering';
import { seedJournals, DEFAULT_JOURNALS } from '../../../db/seed/journals';
import { openTestDatabase, type TestDatabase } from '../../support/registry-db';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
  await seedJournals(t.models);
  await t.models.Journal.create({ _id: 'padded', title: { kk: 'P', ru: 'P' }, index: '07', format: '{index}-{seq}/{year}', width: 4 });
});
afterAll(async () => t?.drop());

const at = (iso: string) => () => new Date(iso);

describe('registration numbers', () => {
  it('follow the journal template and width, and a retry gets the same number', async () => {
    const numbering = createJournalNumbering(t.models, at('2026-03-02T06:00:00Z'));
    const first = await numbering.register({ documentId: 'p1', journal: 'padded', registrarId: 'reg' });
    const second = await numbering.register({ documentId: 'p2', journal: 'padded', registrarId: 'reg' });
    expect([first.number, second.number]).toEqual(['07-0001/2026', '07-0002/2026']);
    // Another process retrying p1's activity after a crash gets p1's number, and consumes nothing.
    const retried = await createJournalNumbering(t.models, at('2026-03-02T07:00:00Z')).register({ documentId: 'p1', journal: 'padded', registrarId: 'reg' });
    expect(retried).toEqual(first);
    expect((await numbering.register({ documentId: 'p3', journal: 'padded', registrarId: 'reg' })).number).toBe('07-0003/2026');
  });

  it('read a journal once while nobody changes it, and take an administrator\'s change from the next number', async () => {
    await t.models.Journal.create({ _id: 'kept', title: { kk: 'K', ru: 'K' }, index: 'K1', format: '{index}/{seq}' });
    const numbering = createJournalNumbering(t.models, at('2026-05-04T06:00:00Z'));
    const reads = jest.spyOn(t.models.Journal, 'findById');
    try {
      expect((await numbering.journalOf('kept'))?.index).toBe('K1');
      expect((await numbering.journalOf('kept'))?.index).toBe('K1');
      expect(reads.mock.calls.filter(([id]) => id === 'kept')).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
    expect((await numbering.register({ documentId: 'k1', journal: 'kept', registrarId: 'reg' })).number).toBe('K1/1');
    // Through the model, as the journals' API writes: the token moves, and the next registration reads it again.
    await t.models.Journal.updateOne({ _id: 'kept' }, { $set: { index: 'K2' } });
    expect((await numbering.register({ documentId: 'k2', journal: 'kept', registrarId: 'reg' })).number).toBe('K2/2');
    // A journal that is not there is not kept: once created, it numbers.
    await expect(numbering.register({ documentId: 'k3', journal: 'later', registrarId: 'reg' })).rejects.toThrow('No journal "later"');
    await t.models.Journal.collection.insertOne({ _id: 'later', title: { kk: 'L', ru: 'L' }, index: 'L', format: '{index}/{seq}', width: 0, direction: 'internal' } as never);
    expect((await numbering.register({ documentId: 'k3', journal: 'later', registrarId: 'reg' })).number).toBe('L/1');
  });

  it('start again at 1 when the year turns at midnight in Astana (UTC+5), not in UTC', async () => {
    const journal = 'internal';
    const lastOf2025 = await createJournalNumbering(t.models, at('2025-12-31T18:59:59.999Z')).register({ documentId: 'y1', journal, registrarId: 'reg' });
    const lateIn2025 = await createJournalNumbering(t.models, at('2025-12-31T18:30:00Z')).register({ documentId: 'y2', journal, registrarId: 'reg' });
    const firstOf2026 = await createJournalNumbering(t.models, at('2025-12-31T19:00:00Z')).register({ documentId: 'y3', journal, registrarId: 'reg' });
    const secondOf2026 = await createJournalNumbering(t.models, at('2026-01-01T03:00:00Z')).register({ documentId: 'y4', journal, registrarId: 'reg' });
    expect([lastOf2025, lateIn2025, firstOf2026, secondOf2026].map((r) => [r.year, r.seq, r.number])).toEqual([
      [2025, 1, '01-14/1'],
      [2025, 2, '01-14/2'],
      [2026, 1, '01-14/1'],
      [2026, 2, '01-14/2'],
    ]);
    // A retry of a 2025 registration in 2026 still answers with its 2025 number.
    expect(await createJournalNumbering(t.models, at('2026-02-01T00:00:00Z')).register({ documentId: 'y1', journal, registrarId: 'reg' })).toEqual(lastOf2025);
  });

  it('keep the shared hint within a few numbers of the last, so a process that starts later walks past it without a gap', async () => {
    await t.models.Journal.create({ _id: 'hinted', title: { kk: 'H', ru: 'H' }, index: 'H', format: '{index}/{seq}' });
    const clock = at('2026-04-01T06:00:00Z');
    const readHint = async () => (await t.models.SequenceHint.findById('registration:hinted:2026').lean())?.seq;
    // The hint is saved after the batch's callers have their answers: wait for the writes in flight to land.
    const hint = async () => {
      let last: number | undefined;
      for (let i = 0; i < 20; i++) {
        const seen = await readHint();
        if (i > 0 && seen === last) return seen;
        last = seen;
        await new Promise((r) => setTimeout(r, 25));
      }
      return last;
    };
    const first = createJournalNumbering(t.models, clock);
    for (let i = 1; i <= 3; i++) await first.register({ documentId: `h${i}`, journal: 'hinted', registrarId: 'reg' });
    // Saved after the first claim (the process had read the store), not after each of the next ones.
    expect(await hint()).toBe(1);
    // Another process starts from the hint, is refused the numbers already taken, and takes the next one.
    const later = createJournalNumbering(t.models, clock);
    expect((await later.register({ documentId: 'h4', journal: 'hinted', registrarId: 'reg' })).seq).toBe(4);
    expect(await hint()).toBe(4); // it met the other process's numbers: saved
    for (let i = 5; i <= 9; i++) await first.register({ documentId: `h${i}`, journal: 'hinted', registrarId: 'reg' });
    expect(await hint()).toBe(8); // the first process ran into h4 at 4 (saved 5), then saved at 8; not at 9
    const stored = await t.models.Registration.find({ journal: 'hinted' }).lean();
    expect(stored.map((r) => r.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuse an unknown journal without retrying', async () => {
    await expect(createJournalNumbering(t.models).register({ documentId: 'x', journal: 'nope', registrarId: 'reg' })).rejects.toMatchObject({
      type: 'RegistrationRefused',
      nonRetryable: true,
    });
  });
});

describe('duplicates of a paper incoming document', () => {
  it('are registered under the original number with gapless comma suffixes, even concurrently', async () => {
    const clock = at('2026-05-05T05:00:00Z');
    const original = await createJournalNumbering(t.models, clock).register({ documentId: 'orig', journal: 'incoming', registrarId: 'reg' });
    const next = await createJournalNumbering(t.models, clock).register({ documentId: 'after', journal: 'incoming', registrarId: 'reg' });
    // Twelve registrars in four processes register duplicates at once.
    const processes = Array.from({ length: 4 }, () => createJournalNumbering(t.models, clock));
    const duplicates = await Promise.all(
      Array.from({ length: 12 }, (_, i) => processes[i % 4].register({ documentId: `dup${i}`, journal: 'incoming', registrarId: 'reg', duplicateOf: 'orig' })),
    );
    expect(duplicates.map((d) => d.number).sort((a, b) => Number(a.split(',')[1]) - Number(b.split(',')[1]))).toEqual(
      Array.from({ length: 12 }, (_, i) => `${original.number},${i + 1}`),
    );
    expect(new Set(duplicates.map((d) => d.seq))).toEqual(new Set([original.seq]));
    // Duplicates take no number of their own: the next original follows without a gap.
    const later = await createJournalNumbering(t.models, clock).register({ documentId: 'later', journal: 'incoming', registrarId: 'reg' });
    expect(later.seq).toBe(next.seq + 1);
    // Idempotent like the rest.
    expect(await processes[0].register({ documentId: 'dup3', journal: 'incoming', registrarId: 'reg', duplicateOf: 'orig' })).toEqual(duplicates[3]);
  });

  it('refuse to duplicate a document that is not a registered original', async () => {
    const numbering = createJournalNumbering(t.models);
    await expect(numbering.register({ documentId: 'd-x', journal: 'incoming', registrarId: 'reg', duplicateOf: 'never-registered' })).rejects.toMatchObject({ type: 'RegistrationRefused' });
    await expect(numbering.register({ documentId: 'd-y', journal: 'incoming', registrarId: 'reg', duplicateOf: 'dup0' })).rejects.toMatchObject({ type: 'RegistrationRefused' });
  });
});

describe('1,000 concurrent registrations into one journal, with crashes and restarts', () => {
  it('numbers exactly 1..1000: no duplicates, no gaps', async () => {
    await t.models.Journal.create({ _id: 'load', title: { kk: 'L', ru: 'L' }, index: 'L', format: '{index}/{seq}' });
    const TOTAL = 1000;
    const clock = at('2026-06-01T06:00:00Z');

    /** A worker process: its own numbering (own batches and memory); it can be killed. */
    class Process {
      dead = false;
      crashes = 0;
      readonly numbering = createJournalNumbering(t.models, clock, {
        afterClaim: () => {
          // Killed: every claim it was finishing is lost on the way back (stored, never returned).
          if (this.dead) throw new Error('worker killed');
          // And now and then it dies between storing the claim and returning it.
          if (Math.random() < 0.08) {
            this.crashes++;
            throw new Error('crashed after the claim');
          }
        },
      });
    }
    let processes = [new Process(), new Process()];
    let completed = 0;
    let restarts = 0;
    const answers = new Map<string, RegisteredNumber>();
    let attempts = 0;

    async function registerWithRetries(documentId: string): Promise<void> {
      // What Temporal does for the activity: retry until it succeeds, on whichever worker is alive.
      // Sometimes an old attempt is still running when the retry starts (an activity timeout):
      // a ghost attempt on the other worker races the real one for the same document.
      if (Math.random() < 0.1) {
        const ghost = processes[(attempts + 1) % processes.length];
        void ghost.numbering.register({ documentId, journal: 'load', registrarId: 'reg' }).catch(() => undefined);
      }
      for (;;) {
        const process = processes[attempts++ % processes.length];
        try {
          const result = await process.numbering.register({ documentId, journal: 'load', registrarId: 'reg' });
          if (process.dead) continue;
          answers.set(documentId, result);
          completed++;
          if ((completed === 300 || completed === 650) && restarts < 2) {
            // Kill one worker mid-flight and start a new one in its place.
            restarts++;
            processes[0].dead = true;
            processes = [new Process(), processes[1]];
          }
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    }

    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let i = next++; i < TOTAL; i = next++) await registerWithRetries(`load-${i}`);
      }),
    );

    expect(restarts).toBe(2);
    const stored = await t.models.Registration.find({ journal: 'load' }).lean();
    expect(stored).toHaveLength(TOTAL);
    expect(stored.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(new Set(stored.map((r) => r.number)).size).toBe(TOTAL);
    // Every caller was told the number that is stored for its document.
    for (const r of stored) expect(answers.get(r._id)?.number).toBe(r.number);
  }, 600_000);
});

describe('draft numbers', () => {
  it('are given once per document, per type, without gaps or repeats under concurrency', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.models.Document.create({ _id: `draft-${i}`, type: 'outgoing-letter', title: 't', authorId: 'a', route: { key: 'r', version: 1 }, workflowId: `wf-${i}`, status: 'draft' })),
    );
    const processes = [createDraftNumbering(t.models), createDraftNumbering(t.models)];
    const given = await Promise.all(Array.from({ length: 40 }, (_, i) => processes[i % 2].assignDraftNumber({ documentId: `draft-${i}`, documentType: 'outgoing-letter' })));
    expect(given.map((g) => g.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(given.every((g) => g.number === `D-${g.seq}`)).toBe(true);
    const again = await processes[1].assignDraftNumber({ documentId: 'draft-7', documentType: 'outgoing-letter' });
    expect(again).toEqual(given[7]);
    expect((await t.models.Document.findById('draft-7').lean())?.draftNumber).toBe(given[7].number);
    const otherType = await processes[0].assignDraftNumber({ documentId: 'draft-other', documentType: 'order' });
    expect(otherType.number).toBe('D-1');
  });

  it('given at once in one process, share inserts instead of racing for the same number', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `batch-${i}`);
    await Promise.all(ids.map((id) => t.models.Document.create({ _id: id, type: 'protocol', title: 't', authorId: 'a', route: { key: 'r', version: 1 }, workflowId: `wf-${id}`, status: 'draft' })));
    const inserts = [jest.spyOn(t.models.DraftNumber.collection, 'insertMany'), jest.spyOn(t.models.DraftNumber.collection, 'insertOne')];
    try {
      const numbering = createDraftNumbering(t.models);
      const given = await Promise.all(ids.map((documentId) => numbering.assignDraftNumber({ documentId, documentType: 'protocol' })));
      expect(given.map((g) => g.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      // The first claim goes alone; the eleven that came while it was written go in one more insert.
      expect(inserts.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBeLessThanOrEqual(2);
    } finally {
      for (const spy of inserts) spy.mockRestore();
    }
  });

  it('are claimed before the card by several processes at once without gaps or repeats, and a repeat gets the first claim', async () => {
    const processes = [createDraftNumbering(t.models), createDraftNumbering(t.models), createDraftNumbering(t.models)];
    const given = await Promise.all(Array.from({ length: 45 }, (_, i) => processes[i % 3].claimDraftNumber({ documentId: `claim-${i}`, documentType: 'internal-memo' })));
    expect(given.map((g) => g.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(given.every((g) => g.number === `D-${g.seq}`)).toBe(true);
    // A repeated create of one document (same idempotency key) in another process: its first claim, nothing consumed.
    expect(await processes[2].claimDraftNumber({ documentId: 'claim-4', documentType: 'internal-memo' })).toEqual(given[4]);
    expect((await processes[0].claimDraftNumber({ documentId: 'claim-next', documentType: 'internal-memo' })).seq).toBe(46);
    // A process started later begins from the shared hint, which is behind by fewer than 8, and walks past it.
    expect((await createDraftNumbering(t.models).claimDraftNumber({ documentId: 'claim-late', documentType: 'internal-memo' })).seq).toBe(47);
    const hint = (await t.models.SequenceHint.findById('draft:internal-memo').lean())?.seq ?? 0;
    expect(hint).toBeGreaterThan(47 - 8);
  });
});

describe('seeded journals', () => {
  it('are the six default journals, and seeding again changes nothing an administrator edited', async () => {
    expect(DEFAULT_JOURNALS.map((j) => j._id)).toEqual(['incoming', 'outgoing', 'internal', 'orders', 'directives', 'citizens-applications']);
    await t.models.Journal.updateOne({ _id: 'outgoing' }, { $set: { index: '99' } });
    expect(await seedJournals(t.models)).toEqual({ inserted: [] });
    expect((await t.models.Journal.findById('outgoing').lean())?.index).toBe('99');
  });
});
