/** Journals (administrators edit, registrars read), their registrations, and the duplicate check. */
import type { Models } from '../../db/models';
import { astanaWallTime } from '../../domain/calendar/astana-zone';
import { astanaYear, formatRegistrationNumber } from '../../domain/journals/number-format';
import { normalizeCorrespondent, normalizeSenderDate, normalizeSenderNumber } from '../../domain/journals/sender-key';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import type { JournalDirection } from '../../db/models/journal';
import { problems } from '../problem';
import type { z } from '../../domain/zod';
import type { createJournalBody, duplicateCheckBody, updateJournalBody } from './journal-schemas';

type JournalDoc = { _id: string; title?: { kk: string; ru: string } | null; index: string; format: string; width?: number | null; direction?: string | null };

function journalView(j: JournalDoc, year: number) {
  return {
    code: j._id,
    title: { kk: j.title?.kk ?? j._id, ru: j.title?.ru ?? j._id },
    index: j.index,
    format: j.format,
    width: j.width ?? 0,
    direction: (j.direction ?? 'internal') as JournalDirection,
    example: formatRegistrationNumber(j, 1, year),
  };
}

export function createJournalService(models: Models, now: () => Date = () => new Date()) {
  const { Journal, Registration, Document } = models;
  const thisYear = () => astanaYear(now());

  async function list() {
    const journals = await Journal.find({}).sort({ _id: 1 }).lean();
    return journals.map((j) => journalView(j, thisYear()));
  }

  async function get(code: string) {
    const journal = await Journal.findById(code).lean();
    if (!journal) throw problems.notFound(`Journal "${code}"`);
    return journalView(journal, thisYear());
  }

  async function create(body: z.output<typeof createJournalBody>) {
    const { code, ...fields } = body;
    try {
      await Journal.create({ _id: code, ...fields });
    } catch (error) {
      if (isDuplicateKey(error)) throw problems.conflict(`Journal "${code}" already exists.`);
      throw error;
    }
    return get(code);
  }

  /** Changes apply to numbers given from now on; numbers already given are stored as they were. */
  async function update(code: string, body: z.output<typeof updateJournalBody>) {
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const result = await Journal.updateOne({ _id: code }, { $set: changes });
    if (result.matchedCount === 0) throw problems.notFound(`Journal "${code}"`);
    return get(code);
  }

  /** A journal that holds registrations is a record of the past: it cannot be deleted. */
  async function remove(code: string): Promise<void> {
    if (!(await Journal.exists({ _id: code }))) throw problems.notFound(`Journal "${code}"`);
    if (await Registration.exists({ journal: code })) {
      throw problems.conflict(`Journal "${code}" holds registrations and cannot be deleted.`, 'journal-in-use');
    }
    await Journal.deleteOne({ _id: code });
  }

  async function registrations(code: string, query: { year?: number; page: number; pageSize: number; from?: string; to?: string }) {
    await get(code);
    const year = query.year ?? thisYear();
    const registeredAt: Record<string, Date> = {};
    if (query.from) registeredAt.$gte = astanaWallTime(query.from);
    if (query.to) registeredAt.$lt = new Date(astanaWallTime(query.to).getTime() + 24 * 3_600_000);
    const filter = { journal: code, year, ...(query.from || query.to ? { registeredAt } : {}) };
    const [total, items] = await Promise.all([
      Registration.countDocuments(filter),
      Registration.find(filter)
        .sort({ seq: 1, suffix: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean(),
    ]);
    // One _id lookup per row (a page at most): the only filter FerretDB answers without a collection scan.
    const cards = await Promise.all(items.map((r) => Document.findById(r._id, { title: 1, correspondent: 1, type: 1, status: 1 }).lean()));
    return {
      journal: code,
      year,
      page: query.page,
      pageSize: query.pageSize,
      total,
      items: items.map((r, i) => ({
        documentId: r._id,
        journal: r.journal,
        year: r.year,
        seq: r.seq,
        suffix: r.suffix ?? 0,
        number: r.number,
        registeredAt: r.registeredAt.toISOString(),
        registrarId: r.registrarId,
        title: cards[i]?.title,
        correspondent: cards[i]?.correspondent ?? undefined,
        documentType: cards[i]?.type,
        status: cards[i]?.status,
        duplicateOf: r.duplicateOf ?? undefined,
      })),
    };
  }

  /** Registered originals with the same sender's outgoing number, its date and correspondent (002 A1 §6.2). */
  async function duplicateCheck(body: z.output<typeof duplicateCheckBody>) {
    const number = normalizeSenderNumber(body.senderNumber);
    const date = normalizeSenderDate(body.senderDate);
    if (!date) throw problems.validation([{ field: 'body.senderDate', message: 'not a real date' }]);
    const correspondent = normalizeCorrespondent(body.correspondent);
    const found = await Registration.find({ 'sender.number': number, 'sender.date': date }).lean();
    const originals = found.filter((r) => r.sender?.correspondent === correspondent && (r.suffix ?? 0) === 0);
    const matches = [];
    for (const original of originals) {
      const card = await Document.findById(original._id, { title: 1 }).lean();
      const duplicates = found.filter((r) => r.duplicateOf === original._id).length;
      matches.push({
        documentId: original._id,
        journal: original.journal,
        number: original.number,
        registeredAt: original.registeredAt.toISOString(),
        title: card?.title,
        duplicates,
      });
    }
    return { duplicate: matches.length > 0, matches };
  }

  return { list, get, create, update, remove, registrations, duplicateCheck };
}

export type JournalService = ReturnType<typeof createJournalService>;
