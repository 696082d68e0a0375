/**
 * Destruction acts over HTTP: the files whose storage period is over (the candidates), compiling an act from
 * some of them (a `destruction-act` document on its own route: approved by the expert commission, signed by
 * the head, registered; domain/records/destruction-effects.ts carries it out), the act with what became of
 * each document, and its printed form.
 */
import type { AuditChain } from '../../domain/audit/audit-chain';
import { astanaDateLabel, astanaDateTimeLabel } from '../../domain/journals/document-caption';
import { destructible, holdId, type HoldFacts } from '../../domain/records/archive';
import { DESTRUCTION_ACT_TYPE } from '../../domain/records/destruction-effects';
import type { CaseFileFacts } from '../../domain/records/nomenclature';
import type { Models } from '../../db/models';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { DocumentService } from './document-service';
import type { FormsService } from './forms-service';
import { astanaYear } from './nomenclature-service';

type Language = 'kk' | 'ru';

export interface CompileActInput {
  fileIds: string[];
  /** The expert commission. */
  approvers: string[];
  /** The head who approves the act by signing it. */
  signer: string;
  language: Language;
}

export function createDestructionService(deps: { models: Models; documents: DocumentService; forms: FormsService; audit: AuditChain; organisation?: string; now?: () => Date }) {
  const { models, documents, forms, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function fileHolds(): Promise<HoldFacts[]> {
    return (await models.LegalHold.find({ kind: 'file' }).lean()).map((h) => ({ kind: 'file' as const, targetId: h.targetId, reason: h.reason }));
  }

  /** Archived files, each with whether it may be listed in an act now and why not. */
  async function candidates() {
    const [files, holds, pending] = await Promise.all([models.CaseFile.find({ state: 'archived' }).lean(), fileHolds(), pendingFileIds()]);
    const year = astanaYear(now());
    return {
      items: files
        .map((f) => {
          const refusal = destructible({ id: f._id, state: f.state as CaseFileFacts['state'], year: f.year, retentionYears: f.retentionYears }, holds, year) ?? (pending.has(f._id) ? 'listed in an act under way' : undefined);
          return { fileId: f._id, year: f.year, index: f.index, title: { kk: f.title?.kk ?? '', ru: f.title?.ru ?? '' }, retentionYears: f.retentionYears ?? null, keepUntilYear: f.retentionYears ? f.year + f.retentionYears : null, eligible: !refusal, reason: refusal };
        })
        .sort((a, b) => a.year - b.year || a.index.localeCompare(b.index, 'ru', { numeric: true })),
    };
  }

  async function pendingFileIds(): Promise<Set<string>> {
    const acts = await models.DestructionAct.find({ state: 'compiled' }, { files: 1 }).lean();
    return new Set(acts.flatMap((a) => (a.files ?? []).map((f) => f.fileId!)));
  }

  /** Compiles an act from files whose period is over; documents under a hold of their own are left out, with why. */
  async function compile(actor: AuthenticatedActor, input: CompileActInput) {
    const [holds, pending] = await Promise.all([fileHolds(), pendingFileIds()]);
    const year = astanaYear(now());
    const errors: Array<{ field: string; message: string }> = [];
    const files = [];
    for (const [i, fileId] of input.fileIds.entries()) {
      const f = await models.CaseFile.findById(fileId).lean();
      if (!f) {
        errors.push({ field: `body.fileIds.${i}`, message: `no file "${fileId}" in the nomenclature` });
        continue;
      }
      const refusal = destructible({ id: f._id, state: f.state as CaseFileFacts['state'], year: f.year, retentionYears: f.retentionYears }, holds, year) ?? (pending.has(f._id) ? 'already listed in an act under way' : undefined);
      if (refusal) errors.push({ field: `body.fileIds.${i}`, message: `file ${f.index} (${f.year}): ${refusal}` });
      else files.push(f);
    }
    if (errors.length) throw new HttpProblem(409, 'not-destructible', 'These files cannot be destroyed', errors.map((e) => e.message).join('; '), { errors });
    for (const [field, id] of [...input.approvers.map((a, i) => [`body.approvers.${i}`, a] as const), ['body.signer', input.signer] as const]) {
      if (!(await models.Employee.exists({ _id: id, status: 'active' }))) errors.push({ field, message: `no active employee "${id}"` });
    }
    if (errors.length) throw problems.validation(errors);

    const documentIds: string[] = [];
    const excluded: Array<{ documentId: string; number: string; reason: string }> = [];
    const listed = [];
    for (const f of files) {
      const filed = await models.Filing.find({ fileId: f._id }, { _id: 1 }).lean();
      let count = 0;
      for (const { _id: documentId } of filed) {
        const record = await models.ArchiveRecord.findById(documentId, { state: 1, number: 1 }).lean();
        if (!record || record.state !== 'archived') continue;
        const hold = await models.LegalHold.findById(holdId('document', documentId)).lean();
        if (hold) {
          excluded.push({ documentId, number: record.number, reason: hold.reason });
          continue;
        }
        documentIds.push(documentId);
        count++;
      }
      listed.push({ fileId: f._id, index: f.index, year: f.year, title: { kk: f.title?.kk ?? '', ru: f.title?.ru ?? '' }, retentionYears: f.retentionYears ?? undefined, retentionArticle: f.retentionArticle ?? undefined, documents: count });
    }
    const lang = input.language;
    const indexes = listed.map((f) => `${f.index} (${f.year})`).join(', ');
    const act = await documents.create(actor, {
      type: DESTRUCTION_ACT_TYPE,
      title: lang === 'kk' ? `Істерді жоюға бөлу туралы акт: ${indexes}` : `Акт о выделении к уничтожению дел: ${indexes}`,
      language: lang,
      summary: lang === 'kk' ? `Істер: ${listed.length}, құжаттар: ${documentIds.length}` : `Дел: ${listed.length}, документов: ${documentIds.length}`,
      participants: { approvers: input.approvers, signer: input.signer },
      fields: { files: indexes, documents: documentIds.length },
    });
    // The list is stored next to the act (same _id); an act document without it destroys nothing.
    await models.DestructionAct.create({ _id: act.id, compiledBy: actor.employeeId, compiledAt: now(), files: listed, documentIds, excluded, state: 'compiled' });
    await audit.append([{ eventKey: `${act.id}:destruction-act.compiled`, type: 'destruction-act.compiled', at: now(), actorId: actor.employeeId, documentId: act.id, data: { files: listed.map((f) => f.fileId), documents: documentIds.length, excluded: excluded.length } }]);
    return get(actor, act.id);
  }

  async function get(actor: AuthenticatedActor, actId: string) {
    const view = await documents.get(actor, actId);
    const act = await models.DestructionAct.findById(actId).lean();
    if (!act) throw problems.notFound(`Destruction act ${actId}`);
    return {
      actId,
      number: view.registration?.number ?? null,
      date: view.registration?.registeredAt ? new Date(view.registration.registeredAt).toISOString() : null,
      status: view.status,
      state: act.state as 'compiled' | 'completed',
      compiledBy: act.compiledBy,
      compiledAt: new Date(act.compiledAt).toISOString(),
      files: (act.files ?? []).map((f) => ({ fileId: f.fileId!, index: f.index!, year: f.year!, title: { kk: f.title?.kk ?? '', ru: f.title?.ru ?? '' }, retentionYears: f.retentionYears ?? null, retentionArticle: f.retentionArticle ?? undefined, documents: f.documents ?? 0 })),
      documentIds: act.documentIds ?? [],
      excluded: (act.excluded ?? []).map((e) => ({ documentId: e.documentId!, number: e.number!, reason: e.reason! })),
      completedAt: act.completedAt ? new Date(act.completedAt).toISOString() : undefined,
      outcome: (act.outcome ?? []).map((o) => ({ documentId: o.documentId!, number: o.number!, result: o.result as 'destroyed' | 'kept', reason: o.reason ?? undefined })),
    };
  }

  const RESULT: Record<'destroyed' | 'kept', Record<Language, string>> = { destroyed: { kk: 'жойылды', ru: 'уничтожен' }, kept: { kk: 'сақталды', ru: 'сохранён' } };

  async function printed(actor: AuthenticatedActor, actId: string, language: Language) {
    const act = await get(actor, actId);
    const compiler = (await models.Employee.findById(act.compiledBy, { fullName: 1 }).lean())?.fullName ?? act.compiledBy;
    const data = {
      organisation: deps.organisation ?? 'Qujat',
      act: { number: act.number ?? '—', date: act.date ? astanaDateLabel(new Date(act.date)) : null },
      files: act.files.map((f, i) => ({
        position: i + 1,
        index: f.index,
        title: f.title[language],
        year: f.year,
        retention: f.retentionYears === null ? (language === 'kk' ? 'тұрақты' : 'постоянно') : language === 'kk' ? `${f.retentionYears} жыл` : `${f.retentionYears} лет`,
        article: f.retentionArticle ?? null,
        documents: f.documents,
      })),
      count: act.files.length,
      documentCount: act.documentIds.length,
      excluded: act.excluded.map((e) => ({ number: e.number, reason: e.reason })),
      outcome: act.outcome.map((o) => ({ number: o.number, result: RESULT[o.result][language], reason: o.reason ?? null })),
      compiledBy: compiler,
      printedAt: astanaDateTimeLabel(now()),
    };
    const rendered = await forms.render('destruction-act', language, data, language === 'kk' ? 'Жоюға бөлу туралы акт' : 'Акт о выделении к уничтожению');
    return { ...rendered, filename: `destruction-act-${(act.number ?? actId).replace(/[^\p{L}\p{N}-]+/gu, '_')}.pdf` };
  }

  return { candidates, compile, get, printed };
}

export type DestructionService = ReturnType<typeof createDestructionService>;
