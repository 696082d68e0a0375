/**
 * The records reports as pure functions of the cards (their mirrored route state): execution discipline per
 * unit and per executor, documents by type and by journal, control status, registration counts. The service
 * reads the cards; these rules decide what counts where, so they are tested without a database.
 *
 * A resolution counts in the period its term falls in. Executed on time: the responsible executor's card was
 * filed by the term; late: filed after it; overdue: still open after the term; in work: open, term ahead.
 */

export interface ReportResolution {
  id: string;
  responsibleExecutorId: string;
  control: string;
  writtenAtMs: number;
  deadline?: { dueAtMs: number };
  state: string;
}
export interface ReportCard {
  resolutionId: string;
  executorId: string;
  filedAtMs: number;
}
export interface ReportDocument {
  id: string;
  type: string;
  createdAt: Date;
  registration?: { journal?: string | null; registeredAt?: Date | null } | null;
  state?: { resolutions?: ReportResolution[]; cards?: ReportCard[]; controlSheet?: { removedAtMs: number } } | null;
}

export interface DisciplineCounts {
  onTime: number;
  late: number;
  overdue: number;
  inWork: number;
}
const zero = (): DisciplineCounts => ({ onTime: 0, late: 0, overdue: 0, inWork: 0 });

export type Outcome = keyof DisciplineCounts;

/** How one resolution stands at `nowMs`; undefined when it has no term. */
export function outcomeOf(r: ReportResolution, cards: readonly ReportCard[], nowMs: number): Outcome | undefined {
  if (!r.deadline) return undefined;
  const due = r.deadline.dueAtMs;
  const card = cards.find((c) => c.resolutionId === r.id && c.executorId === r.responsibleExecutorId);
  if (r.state !== 'open') {
    if (!card) return 'onTime'; // closed with its branch by a parent's executor: not this executor's lateness
    return card.filedAtMs <= due ? 'onTime' : 'late';
  }
  return nowMs > due ? 'overdue' : 'inWork';
}

export interface RecordsReport {
  period: { from: string; to: string };
  discipline: {
    byUnit: Array<{ unitId: string } & DisciplineCounts>;
    byExecutor: Array<{ employeeId: string; unitId: string } & DisciplineCounts>;
    total: DisciplineCounts;
  };
  documentsByType: Array<{ type: string; count: number }>;
  documentsByJournal: Array<{ journal: string; count: number }>;
  control: { open: number; overdue: number; executed: number; removed: number };
  registrationsByMonth: Array<{ month: string; journal: string; count: number }>;
}

const astanaMonth = (at: Date) => new Date(at.getTime() + 5 * 3600_000).toISOString().slice(0, 7);

export function buildRecordsReport(documents: readonly ReportDocument[], unitOf: ReadonlyMap<string, string>, period: { from: Date; to: Date }, nowMs: number): RecordsReport {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inPeriod = (ms: number) => ms >= from && ms < to;
  const byUnit = new Map<string, DisciplineCounts>();
  const byExecutor = new Map<string, DisciplineCounts>();
  const total = zero();
  const types = new Map<string, number>();
  const journals = new Map<string, number>();
  const months = new Map<string, number>();
  const control = { open: 0, overdue: 0, executed: 0, removed: 0 };

  for (const doc of documents) {
    if (inPeriod(doc.createdAt.getTime())) types.set(doc.type, (types.get(doc.type) ?? 0) + 1);
    const reg = doc.registration;
    if (reg?.journal && reg.registeredAt && inPeriod(reg.registeredAt.getTime())) {
      journals.set(reg.journal, (journals.get(reg.journal) ?? 0) + 1);
      const key = `${astanaMonth(reg.registeredAt)}|${reg.journal}`;
      months.set(key, (months.get(key) ?? 0) + 1);
    }
    const resolutions = doc.state?.resolutions ?? [];
    const cards = doc.state?.cards ?? [];
    for (const r of resolutions) {
      const outcome = outcomeOf(r, cards, nowMs);
      if (outcome && inPeriod(r.deadline!.dueAtMs)) {
        const unit = unitOf.get(r.responsibleExecutorId) ?? 'unknown';
        for (const [map, key] of [[byUnit, unit], [byExecutor, r.responsibleExecutorId]] as const) {
          const counts = map.get(key) ?? zero();
          counts[outcome] += 1;
          map.set(key, counts);
        }
        total[outcome] += 1;
      }
      if (r.control !== 'none' && inPeriod(r.writtenAtMs)) {
        if (r.state === 'open') control[outcome === 'overdue' ? 'overdue' : 'open'] += 1;
        else if (doc.state?.controlSheet) control.removed += 1;
        else control.executed += 1;
      }
    }
  }
  const score = (c: DisciplineCounts) => c.overdue * 1000 + c.late;
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    discipline: {
      byUnit: [...byUnit].map(([unitId, c]) => ({ unitId, ...c })).sort((a, b) => score(b) - score(a) || a.unitId.localeCompare(b.unitId)),
      byExecutor: [...byExecutor].map(([employeeId, c]) => ({ employeeId, unitId: unitOf.get(employeeId) ?? 'unknown', ...c })).sort((a, b) => score(b) - score(a) || a.employeeId.localeCompare(b.employeeId)),
      total,
    },
    documentsByType: [...types].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    documentsByJournal: [...journals].map(([journal, count]) => ({ journal, count })).sort((a, b) => b.count - a.count || a.journal.localeCompare(b.journal)),
    control,
    registrationsByMonth: [...months].map(([key, count]) => ({ month: key.split('|')[0], journal: key.split('|')[1], count })).sort((a, b) => a.month.localeCompare(b.month) || a.journal.localeCompare(b.journal)),
  };
}
