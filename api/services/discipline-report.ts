/**
 * The per-department discipline report: who is late now (open tasks past their deadline) and how many
 * deadline breaches each unit had in a period (from the escalations in the audit trail).
 */
import type { Models } from '../../db/models';

export interface DisciplineRow {
  unitId: string;
  unitName: { kk: string; ru: string } | null;
  overdueNow: number;
  breachesInPeriod: number;
  overdueDocuments: string[];
}

export function createDisciplineReport(models: Models) {
  return async function disciplineReport(from: Date, to: Date, now = new Date()): Promise<DisciplineRow[]> {
    const overdue = await models.InboxEntry.find({ dueAt: { $lt: now } }, { ownerId: 1, documentId: 1 }).lean();
    const escalations = await models.AuditEvent.find({ type: 'deadline.escalated', at: { $gte: from, $lt: to } }, { data: 1 }).lean();
    const lateInPeriod = escalations.flatMap((e) => ((e.data as { late?: string[] } | undefined)?.late ?? []).map(String));
    const people = [...new Set([...overdue.map((o) => o.ownerId), ...lateInPeriod])];
    const employees = await models.Employee.find({ _id: { $in: people } }, { unitId: 1 }).lean();
    const unitOf = new Map(employees.map((e) => [e._id, e.unitId]));
    const rows = new Map<string, DisciplineRow>();
    const row = (unitId: string): DisciplineRow => {
      let r = rows.get(unitId);
      if (!r) rows.set(unitId, (r = { unitId, unitName: null, overdueNow: 0, breachesInPeriod: 0, overdueDocuments: [] }));
      return r;
    };
    for (const o of overdue) {
      const r = row(unitOf.get(o.ownerId) ?? 'unknown');
      r.overdueNow += 1;
      if (!r.overdueDocuments.includes(o.documentId)) r.overdueDocuments.push(o.documentId);
    }
    for (const person of lateInPeriod) row(unitOf.get(person) ?? 'unknown').breachesInPeriod += 1;
    const units = await models.Unit.find({ _id: { $in: [...rows.keys()] } }, { name: 1 }).lean();
    for (const u of units) if (u.name) rows.get(u._id)!.unitName = { kk: u.name.kk, ru: u.name.ru };
    return [...rows.values()].sort((a, b) => b.overdueNow + b.breachesInPeriod - (a.overdueNow + a.breachesInPeriod) || a.unitId.localeCompare(b.unitId));
  };
}
