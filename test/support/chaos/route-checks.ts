/**
 * What must hold after the chaos run, checked against the workflows' live state, the read model and the
 * journal. Each check returns a line for the report and the problems it found (empty = it holds).
 */
import type { Models } from '../../../db/models';
import type { DrivenDocument } from './incoming-route-driver';

export interface CheckResult {
  name: string;
  detail: string;
  problems: string[];
}

const STEP_TASK: Record<string, string> = { register: 'register', 'write-resolution': 'resolve', 'file-card': 'execute', 'remove-from-control': 'remove-control' };

/** Every route finished, each card (task, resolution, execution card) exists exactly once, as the driver did it. */
export function checkRoutes(docs: DrivenDocument[]): CheckResult[] {
  const unfinished = docs.filter((d) => d.final?.status !== 'executed').map((d) => `${d.id}: ${d.final?.status ?? 'no state'}${d.error ? ` (${d.error})` : ''}`);
  const cardProblems: string[] = [];
  for (const d of docs) {
    const wf = d.final;
    if (!wf || wf.status !== 'executed') continue;
    for (const [step, kind] of Object.entries(STEP_TASK)) {
      const done = wf.tasks.filter((t) => t.kind === kind && t.state === 'done').length;
      if (done !== 1) cardProblems.push(`${d.id}: ${done} done ${kind} tasks`);
      const seen = (d.accepted[step] ?? 0) + (d.alreadyDone[step] ?? 0);
      if ((d.accepted[step] ?? 0) > 1 || seen < 1) cardProblems.push(`${d.id}: the driver saw ${step} accepted ${d.accepted[step] ?? 0}× and already-done ${d.alreadyDone[step] ?? 0}×`);
    }
    const open = wf.tasks.filter((t) => t.state === 'open' || t.state === 'waiting');
    if (open.length) cardProblems.push(`${d.id}: ${open.length} tasks still open`);
    if (wf.resolutions.length !== 1) cardProblems.push(`${d.id}: ${wf.resolutions.length} resolutions`);
    if (wf.cards.length !== 1) cardProblems.push(`${d.id}: ${wf.cards.length} execution cards`);
    if (!wf.registration) cardProblems.push(`${d.id}: no registration in the workflow`);
  }
  const tasks = docs.reduce((n, d) => n + (d.final?.tasks.length ?? 0), 0);
  return [
    { name: 'every route completed', detail: `${docs.length - unfinished.length}/${docs.length} executed`, problems: unfinished },
    { name: 'no card lost or doubled', detail: `${tasks} tasks, ${docs.length} resolutions and execution cards compared with the driver's log`, problems: cardProblems },
  ];
}

/** Numbers unique and gapless per journal and year; each document registered once, under the number its workflow holds. */
export async function checkRegistrations(models: Models, docs: DrivenDocument[]): Promise<CheckResult> {
  const problems: string[] = [];
  const rows = await models.Registration.find({}).lean();
  const byJournalYear = new Map<string, typeof rows>();
  for (const r of rows) byJournalYear.set(`${r.journal}/${r.year}`, [...(byJournalYear.get(`${r.journal}/${r.year}`) ?? []), r]);
  for (const [key, list] of byJournalYear) {
    const numbers = list.map((r) => r.number);
    if (new Set(numbers).size !== numbers.length) problems.push(`${key}: repeated numbers`);
    const seqs = [...new Set(list.filter((r) => !r.suffix).map((r) => r.seq))].sort((a, b) => a - b);
    seqs.forEach((s, i) => {
      if (s !== i + 1) problems.push(`${key}: expected seq ${i + 1}, found ${s} (a gap or a skipped number)`);
    });
  }
  const byDocument = new Map(rows.map((r) => [String(r._id), r]));
  for (const d of docs) {
    const row = byDocument.get(d.id);
    if (!row) problems.push(`${d.id}: no row in registrations`);
    else if (d.final?.registration && row.number !== d.final.registration.number) problems.push(`${d.id}: journal says ${row.number}, workflow ${d.final.registration.number}`);
  }
  const journals = [...byJournalYear.entries()].map(([k, l]) => `${k}: ${l.length}`).join(', ');
  return { name: 'registration numbers unique and gapless', detail: `${rows.length} registrations (${journals})`, problems };
}

/** One inbox entry per open task and none for a closed one. */
export async function checkInboxes(models: Models, docs: DrivenDocument[]): Promise<CheckResult> {
  const problems: string[] = [];
  const entries = await models.InboxEntry.find({ documentId: { $in: docs.map((d) => d.id) } }).lean();
  for (const d of docs) {
    const open = new Set((d.final?.tasks ?? []).filter((t) => t.state === 'open').map((t) => `${t.id}@${t.assigneeId}`));
    const mine = entries.filter((e) => e.documentId === d.id).map((e) => `${e.taskId}@${e.ownerId}`);
    for (const e of mine) if (!open.has(e)) problems.push(`${d.id}: inbox entry ${e} for a task that is not open`);
    for (const t of open) if (!mine.includes(t)) problems.push(`${d.id}: open task ${t} missing from the inbox`);
  }
  return { name: 'inboxes match workflow state', detail: `${entries.length} inbox entries for ${docs.length} documents`, problems };
}

/** The read model's cards agree with the workflows. */
export async function checkReadModel(models: Models, docs: DrivenDocument[]): Promise<CheckResult> {
  const cards = await models.Document.find({ _id: { $in: docs.map((d) => d.id) } }, { status: 1, registration: 1 }).lean();
  const statusOf = new Map(cards.map((c) => [String(c._id), c.status]));
  const problems = docs.filter((d) => statusOf.get(d.id) !== d.final?.status).map((d) => `${d.id}: card ${statusOf.get(d.id)}, workflow ${d.final?.status}`);
  return { name: 'document cards match workflows', detail: `${cards.length} cards`, problems };
}
