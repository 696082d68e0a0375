/**
 * The nomenclature of files over HTTP: the registry office keeps the year's files; executors and the
 * registry office file executed documents (suggested from the document's journal and unit); files are
 * closed at year end. Every change is an audit event.
 */
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaDateLabel } from '../../domain/journals/document-caption';
import { isDuplicateKey } from '../../domain/journals/sequence-claim';
import type { Models } from '../../db/models';
import { caseFileId, checkCloseYear, checkFiling, retentionEndsYear, suggestFiles, type CaseFileFacts } from '../../domain/records/nomenclature';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';

export interface CaseFileInput {
  year: number;
  index: string;
  unitId: string;
  title: { kk: string; ru: string };
  retentionYears: number | null;
  retentionArticle?: string;
  medium: 'electronic' | 'paper';
  journals: string[];
}

/** The calendar year in Astana (UTC+5). */
export const astanaYear = (at = new Date()): number => Number(astanaDateLabel(at).slice(6));

export function createNomenclatureService(deps: { models: Models; documents: DocumentService; audit: AuditChain; now?: () => Date }) {
  const { models, documents, audit } = deps;
  const now = deps.now ?? (() => new Date());

  type FileRow = NonNullable<Awaited<ReturnType<typeof loadFile>>>;
  async function loadFile(fileId: string) {
    return models.CaseFile.findById(fileId).lean();
  }

  function fileView(f: FileRow, unitNames?: Map<string, { kk: string; ru: string }>) {
    return {
      id: f._id,
      year: f.year,
      index: f.index,
      unitId: f.unitId,
      section: unitNames?.get(f.unitId) ?? { kk: f.section?.kk ?? f.unitId, ru: f.section?.ru ?? f.unitId },
      title: { kk: f.title?.kk ?? '', ru: f.title?.ru ?? '' },
      retentionYears: f.retentionYears ?? null,
      retentionArticle: f.retentionArticle ?? undefined,
      /** The last year of the storage period (destruction from 1 January after it); null = permanent. */
      keepUntilYear: retentionEndsYear({ year: f.year, retentionYears: f.retentionYears }) ?? null,
      medium: f.medium as 'electronic' | 'paper',
      journals: f.journals ?? [],
      state: f.state as CaseFileFacts['state'],
      closedAt: f.closedAt ? new Date(f.closedAt).toISOString() : undefined,
    };
  }

  async function unitNames(): Promise<Map<string, { kk: string; ru: string }>> {
    const units = await models.Unit.find({}, { name: 1 }).lean();
    return new Map(units.map((u) => [u._id, { kk: u.name?.kk ?? u._id, ru: u.name?.ru ?? u._id }]));
  }

  async function create(actor: AuthenticatedActor, input: CaseFileInput) {
    const unit = await models.Unit.findById(input.unitId, { name: 1 }).lean();
    if (!unit) throw problems.validation([{ field: 'body.unitId', message: `no unit "${input.unitId}"` }]);
    const id = caseFileId(input.year, input.index);
    try {
      await models.CaseFile.create({ _id: id, ...input, retentionYears: input.retentionYears ?? undefined, section: { kk: unit.name?.kk ?? input.unitId, ru: unit.name?.ru ?? input.unitId }, state: 'open' });
    } catch (error) {
      if (isDuplicateKey(error)) throw problems.conflict(`The ${input.year} nomenclature already has a file with index ${input.index}.`, 'file-index-taken');
      throw error;
    }
    await audit.append([{ eventKey: `nomenclature:${id}:created`, type: 'nomenclature.file-created', at: now(), actorId: actor.employeeId, data: { fileId: id, retentionYears: input.retentionYears, medium: input.medium } }]);
    return fileView((await loadFile(id))!, await unitNames());
  }

  /** The year's nomenclature: sections by unit, files in index order. */
  async function list(year: number) {
    const names = await unitNames();
    const files = (await models.CaseFile.find({ year }).lean()).map((f) => fileView(f, names));
    files.sort((a, b) => a.index.localeCompare(b.index, 'ru', { numeric: true }));
    const sections = new Map<string, { unitId: string; name: { kk: string; ru: string }; files: typeof files }>();
    for (const f of files) {
      const section = sections.get(f.unitId) ?? { unitId: f.unitId, name: f.section, files: [] };
      section.files.push(f);
      sections.set(f.unitId, section);
    }
    return { year, sections: [...sections.values()] };
  }

  /** The file with its inventory: every document filed into it, in filing order. */
  async function get(_actor: AuthenticatedActor, fileId: string) {
    const f = await loadFile(fileId);
    if (!f) throw problems.notFound(`File ${fileId}`);
    const filings = await models.Filing.find({ fileId }).sort({ filedAt: 1 }).lean();
    const inventory = [];
    for (const [i, filing] of filings.entries()) {
      const doc = await models.Document.findById(filing._id, { title: 1, registration: 1, draftNumber: 1, createdAt: 1, registrationCard: 1, status: 1 }).lean();
      if (!doc) continue;
      const card = (doc.registrationCard ?? {}) as { sheetsMain?: number; sheetsAttachments?: number };
      inventory.push({
        position: i + 1,
        documentId: doc._id,
        number: doc.registration?.number ?? doc.draftNumber ?? '',
        date: doc.registration?.registeredAt ? new Date(doc.registration.registeredAt).toISOString() : new Date(doc.createdAt).toISOString(),
        title: doc.title,
        sheets: filing.sheets ?? ((card.sheetsMain ?? 0) + (card.sheetsAttachments ?? 0) || undefined),
        filedAt: new Date(filing.filedAt).toISOString(),
        filedBy: filing.filedBy,
      });
    }
    return { ...fileView(f, await unitNames()), inventory };
  }

  async function documentFacts(actor: AuthenticatedActor, documentId: string) {
    const doc = await documents.get(actor, documentId);
    const at = doc.registration ? new Date(doc.registration.registeredAt) : new Date(doc.createdAt);
    const author = await models.Employee.findById(doc.authorId, { unitId: 1 }).lean();
    return { doc, year: astanaYear(at), journal: doc.registration?.journal, unitId: author?.unitId };
  }

  async function suggestions(actor: AuthenticatedActor, documentId: string) {
    const facts = await documentFacts(actor, documentId);
    const files = await models.CaseFile.find({ year: facts.year, state: 'open' }).lean();
    const names = await unitNames();
    const filed = await models.Filing.findById(documentId).lean();
    return { documentId, filedIn: filed?.fileId, items: suggestFiles(files.map((f) => ({ ...f, state: f.state as CaseFileFacts['state'] })), facts).map((f) => fileView(f, names)) };
  }

  /** Files an executed document; by the registry office or someone who worked on it. A document is filed once. */
  async function file(actor: AuthenticatedActor, documentId: string, input: { fileId: string; sheets?: number }) {
    const facts = await documentFacts(actor, documentId);
    const card = await models.Document.findById(documentId, { authorId: 1, participantIds: 1 }).lean();
    const worked = card && (card.authorId === actor.employeeId || (card.participantIds ?? []).includes(actor.employeeId));
    if (!actor.roles.includes('registrar') && !worked) throw problems.forbidden('Documents are filed by the registry office or by the people who worked on them.');
    const target = await loadFile(input.fileId);
    if (!target) throw problems.validation([{ field: 'body.fileId', message: `no file "${input.fileId}" in the nomenclature` }]);
    const refusal = checkFiling({ ...target, state: target.state as CaseFileFacts['state'] }, { status: facts.doc.status, year: facts.year });
    if (refusal) {
      throw new HttpProblem(refusal.status, refusal.status === 409 ? 'not-fileable' : 'validation', refusal.status === 409 ? 'The document cannot be filed now' : 'The request is not valid', refusal.message, { errors: [{ field: refusal.field, message: refusal.message }] });
    }
    try {
      await models.Filing.create({ _id: documentId, fileId: input.fileId, filedBy: actor.employeeId, filedAt: now(), ...(input.sheets !== undefined && { sheets: input.sheets }) });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const earlier = await models.Filing.findById(documentId).lean();
      throw problems.conflict(`The document is already filed in ${earlier?.fileId ?? 'a file'}.`, 'already-filed');
    }
    await audit.append([{ eventKey: `${documentId}:document.filed`, type: 'document.filed', at: now(), actorId: actor.employeeId, documentId, data: { fileId: input.fileId } }]);
    return { documentId, fileId: input.fileId, fileIndex: target.index, filedAt: now().toISOString() };
  }

  async function filingOf(documentId: string) {
    const filing = await models.Filing.findById(documentId).lean();
    if (!filing) return undefined;
    const f = await loadFile(filing.fileId);
    return f ? { fileId: f._id, index: f.index, title: { kk: f.title?.kk ?? '', ru: f.title?.ru ?? '' }, filedAt: new Date(filing.filedAt).toISOString(), retentionYears: f.retentionYears ?? null, state: f.state } : undefined;
  }

  async function close(actor: AuthenticatedActor, fileId: string) {
    const f = await loadFile(fileId);
    if (!f) throw problems.notFound(`File ${fileId}`);
    if (f.state !== 'open') throw problems.conflict(`The file is already ${f.state}.`, 'file-not-open');
    const at = now();
    await models.CaseFile.updateOne({ _id: fileId }, { $set: { state: 'closed', closedAt: at, closedBy: actor.employeeId } });
    await audit.append([{ eventKey: `nomenclature:${fileId}:closed`, type: 'file.closed', at, actorId: actor.employeeId, data: { fileId } }]);
    return fileView((await loadFile(fileId))!, await unitNames());
  }

  /** Year end: every open file of a finished year is closed. */
  async function closeYear(actor: AuthenticatedActor, year: number) {
    const refusal = checkCloseYear(year, astanaYear(now()));
    if (refusal) throw new HttpProblem(409, 'year-not-over', 'The year is not over', refusal, { errors: [{ field: 'body.year', message: refusal }] });
    const open = await models.CaseFile.find({ year, state: 'open' }, { _id: 1 }).lean();
    const closed = [];
    for (const f of open) closed.push((await close(actor, f._id)).id);
    return { year, closed };
  }

  return { create, list, get, suggestions, file, filingOf, close, closeYear };
}

export type NomenclatureService = ReturnType<typeof createNomenclatureService>;
