/**
 * Gapless, unique registration numbers without transactions.
 *
 * The number is claimed by inserting the registration itself under a unique
 * (journal, year, seq, suffix) index, keyed by the document (see sequence-claim.ts). So:
 * - two registrars never share a number: one insert wins the unique index, the other tries the next;
 * - a crash cannot leave a gap: nothing is consumed unless the registration is stored;
 * - a retry (activity retry, worker restart, a second click) finds the document's registration and
 *   returns the same number.
 * Registrations this process makes into one journal go in batches of consecutive numbers, one ordered
 * insert each (batched-sequence.ts): same guarantees, far fewer conflicts and round trips.
 * A duplicate of a registered paper document (found by the duplicate check) is registered under the
 * original's number with a comma suffix, "01-12/345,1", ",2" …: the suffixes are claimed the same way
 * within the original's (journal, year, seq), so they are gapless too.
 */
import { journalsVersion } from '../../db/journals-version';
import type { Models } from '../../db/models';
import { LruCache } from '../../signing/lru-cache';
import { DomainFailure } from '../failure';
import { astanaYear, formatRegistrationNumber } from './number-format';
import { createBatchedSequence, insertInOrder } from './batched-sequence';
import { claimNext } from './sequence-claim';
import type { SenderKey } from './sender-key';

export interface RegisterInput {
  documentId: string;
  journal: string;
  registrarId: string;
  /** The registered original this document duplicates: register under its number with a suffix. */
  duplicateOf?: string;
  /** Normalised sender details, kept for the duplicate check of later paper documents. */
  sender?: SenderKey;
}

export interface RegisteredNumber {
  journal: string;
  number: string;
  seq: number;
  year: number;
  suffix: number;
  /** The journal's direction, as read to take this number (not on a duplicate's, which reads no journal). */
  direction?: string;
}

export interface NumberingHooks {
  /** Test seam: runs after the claim is stored and before it is returned (a crash here must not lose it). */
  afterClaim?(claimed: RegisteredNumber): Promise<void> | void;
}

type RegistrationModels = Pick<Models, 'Journal' | 'Registration' | 'SequenceHint'>;

const hintId = (journal: string, year: number) => `registration:${journal}:${year}`;

/** Journals kept at most (an organisation has tens). */
const MAX_JOURNALS_KEPT = 256;

export function createJournalNumbering(models: RegistrationModels, now: () => Date = () => new Date(), hooks: NumberingHooks = {}) {
  const { Journal, Registration, SequenceHint } = models;
  // The unique index must exist before the first claim, or a fresh database would accept duplicates.
  let indexesReady: Promise<unknown> | undefined;
  const ensureIndexes = () => (indexesReady ??= Promise.all([Registration.init(), SequenceHint.init()]));

  const toResult = (r: { journal: string; number: string; seq: number; year: number; suffix?: number | null }): RegisteredNumber => ({
    journal: r.journal,
    number: r.number,
    seq: r.seq,
    year: r.year,
    suffix: r.suffix ?? 0,
  });

  async function findMine(documentId: string): Promise<RegisteredNumber | null> {
    const mine = await Registration.findById(documentId).lean();
    return mine ? toResult(mine) : null;
  }

  interface OriginalClaim {
    input: RegisterInput;
    journal: { index: string; format: string; width?: number | null; direction?: string | null };
    year: number;
    registeredAt: Date;
  }

  /** One batched sequence per journal and year (see batched-sequence.ts). */
  const sequences = new Map<string, ReturnType<typeof createBatchedSequence<OriginalClaim, RegisteredNumber>>>();

  function sequenceOf(journalCode: string, year: number) {
    const key = hintId(journalCode, year);
    let sequence = sequences.get(key);
    if (!sequence) {
      sequence = createBatchedSequence<OriginalClaim, RegisteredNumber>({
        readHint: async () => (await SequenceHint.findById(key).lean())?.seq,
        scanMax: async () => (await Registration.findOne({ journal: journalCode, year, suffix: 0 }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0,
        insertOrdered: async (claims, start) => {
          const records = claims.map((c, i) => ({
            _id: c.input.documentId,
            journal: journalCode,
            year,
            seq: start + i,
            suffix: 0,
            number: formatRegistrationNumber(c.journal, start + i, year),
            registrarId: c.input.registrarId,
            registeredAt: c.registeredAt,
            ...(c.input.sender && { sender: c.input.sender }),
          }));
          return insertInOrder(Registration.collection, records);
        },
        findMine: async (claim) => {
          const mine = await findMine(claim.input.documentId);
          // Found by a retry: it answers as the first attempt did, with the journal it has just read.
          return mine && mine.journal === journalCode && claim.journal.direction ? { ...mine, direction: claim.journal.direction } : mine;
        },
        result: (claim, seq) => ({
          journal: journalCode,
          number: formatRegistrationNumber(claim.journal, seq, year),
          seq,
          year,
          suffix: 0,
          ...(claim.journal.direction && { direction: claim.journal.direction }),
        }),
        saveHint: async (seq) => {
          await SequenceHint.updateOne({ _id: key }, { $max: { seq } }, { upsert: true });
        },
      });
      sequences.set(key, sequence);
    }
    return sequence;
  }

  /**
   * The journal an original is numbered in, for a caller that reads it side by side with its own checks. Kept
   * per journal under the journals' version token (db/journals-version.ts), so a registration reads it only
   * after a journal has changed; a journal not found is not kept.
   */
  const readJournal = (code: string) => Journal.findById(code).lean().exec();
  type JournalRecord = Awaited<ReturnType<typeof readJournal>>;
  let kept: { token: string; journals: LruCache<string, Promise<JournalRecord>> } | undefined;
  async function journalOf(code: string): Promise<JournalRecord> {
    const token = await journalsVersion(Journal.db);
    if (kept?.token !== token) kept = { token, journals: new LruCache(MAX_JOURNALS_KEPT) };
    const journals = kept.journals;
    let journal = journals.get(code);
    if (!journal) {
      const read = readJournal(code);
      journals.set(code, read);
      // A failed read or a journal that is not there is asked again next time.
      const forget = () => {
        if (journals.get(code) === read) journals.delete(code);
      };
      read.then((found) => found ?? forget(), forget);
      journal = read;
    }
    return journal;
  }

  async function registerOriginal(input: RegisterInput, read?: JournalRecord): Promise<RegisteredNumber> {
    const journal = read !== undefined ? read : await journalOf(input.journal);
    if (!journal) throw new DomainFailure(`No journal "${input.journal}"`, 'RegistrationRefused', true);
    const registeredAt = now();
    const year = astanaYear(registeredAt);
    return sequenceOf(input.journal, year).claim({ input, journal, year, registeredAt });
  }

  async function registerDuplicate(input: RegisterInput & { duplicateOf: string }): Promise<RegisteredNumber> {
    const original = await Registration.findById(input.duplicateOf).lean();
    if (!original || (original.suffix ?? 0) !== 0) {
      throw new DomainFailure(`Document ${input.duplicateOf} is not a registered original to duplicate`, 'RegistrationRefused', true);
    }
    const scope = { journal: original.journal, year: original.year, seq: original.seq };
    return claimNext<RegisteredNumber>({
      checkedAbsent: true,
      findMine: () => findMine(input.documentId),
      // Duplicates of one original are few: start at 1 and let conflicts walk up, no hint needed.
      readHint: async () => 0,
      scanMax: async () => 0,
      insert: async (suffix) => {
        const number = `${original.number},${suffix}`;
        await Registration.create({
          _id: input.documentId,
          ...scope,
          suffix,
          duplicateOf: input.duplicateOf,
          number,
          registrarId: input.registrarId,
          registeredAt: now(),
          sender: input.sender,
        });
        return { journal: original.journal, number, seq: original.seq, year: original.year, suffix };
      },
      saveHint: async () => undefined,
    });
  }

  /**
   * An original is not looked up first: its record's `_id` is the document's, so when a retry finds it there
   * the insert is refused and the claim reads it then (batched-sequence.ts), with no number taken; the first
   * attempt, by far the common case, saves the read. A duplicate's claim skips that read, so it looks first.
   * `journal`: the original's journal as the caller has just read it (`journalOf`), not read again here.
   */
  async function register(input: RegisterInput, journal?: JournalRecord): Promise<RegisteredNumber> {
    await ensureIndexes();
    let claimed: RegisteredNumber;
    if (input.duplicateOf) {
      const existing = await findMine(input.documentId);
      if (existing) return existing;
      claimed = await registerDuplicate({ ...input, duplicateOf: input.duplicateOf });
    } else {
      claimed = await registerOriginal(input, journal);
    }
    await hooks.afterClaim?.(claimed);
    return claimed;
  }

  return { register, journalOf };
}

export type JournalNumbering = ReturnType<typeof createJournalNumbering>;
