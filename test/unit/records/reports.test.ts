import { buildRecordsReport, outcomeOf, type ReportDocument } from '../../../domain/records/reports';

const day = (d: string) => Date.parse(`${d}T12:00:00Z`);
const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const now = day('2026-11-20');

function doc(id: string, resolutions: ReportDocument['state'], extra: Partial<ReportDocument> = {}): ReportDocument {
  return { id, type: 'incoming-paper', createdAt: new Date(day('2026-11-02')), registration: { journal: 'incoming', registeredAt: new Date(day('2026-11-02')) }, state: resolutions, ...extra };
}

describe('records reports', () => {
  it('a resolution is on time, late, overdue or in work by its term and the responsible executor\'s card', () => {
    const r = { id: 'R1', responsibleExecutorId: 'e1', control: 'controlled', writtenAtMs: day('2026-11-03'), deadline: { dueAtMs: day('2026-11-10') }, state: 'executed' };
    expect(outcomeOf(r, [{ resolutionId: 'R1', executorId: 'e1', filedAtMs: day('2026-11-09') }], now)).toBe('onTime');
    expect(outcomeOf(r, [{ resolutionId: 'R1', executorId: 'e1', filedAtMs: day('2026-11-11') }], now)).toBe('late');
    // A co-executor's card does not execute the responsible executor's resolution.
    expect(outcomeOf({ ...r, state: 'open' }, [{ resolutionId: 'R1', executorId: 'e2', filedAtMs: day('2026-11-09') }], now)).toBe('overdue');
    expect(outcomeOf({ ...r, state: 'open', deadline: { dueAtMs: day('2026-11-25') } }, [], now)).toBe('inWork');
    expect(outcomeOf({ ...r, deadline: undefined }, [], now)).toBeUndefined();
  });

  it('counts per unit and executor in the period of the term, documents by type and journal, control status and registrations by month', () => {
    const docs: ReportDocument[] = [
      doc('d1', {
        resolutions: [
          { id: 'R1', responsibleExecutorId: 'e1', control: 'controlled', writtenAtMs: day('2026-11-03'), deadline: { dueAtMs: day('2026-11-10') }, state: 'executed' },
          { id: 'R2', responsibleExecutorId: 'e2', control: 'none', writtenAtMs: day('2026-11-03'), deadline: { dueAtMs: day('2026-11-15') }, state: 'open' },
        ],
        cards: [{ resolutionId: 'R1', executorId: 'e1', filedAtMs: day('2026-11-12') }],
        controlSheet: { removedAtMs: day('2026-11-13') },
      }),
      doc('d2', { resolutions: [{ id: 'R1', responsibleExecutorId: 'e1', control: 'personal', writtenAtMs: day('2026-11-05'), deadline: { dueAtMs: day('2026-12-05') }, state: 'open' }], cards: [] }),
      doc('d3', null, { type: 'outgoing-letter', registration: { journal: 'outgoing', registeredAt: new Date(day('2026-10-30')) } }),
    ];
    const report = buildRecordsReport(docs, new Map([['e1', 'u1'], ['e2', 'u2']]), period, now);
    expect(report.discipline.byExecutor).toEqual([
      { employeeId: 'e2', unitId: 'u2', onTime: 0, late: 0, overdue: 1, inWork: 0 },
      { employeeId: 'e1', unitId: 'u1', onTime: 0, late: 1, overdue: 0, inWork: 0 }, // d2's term is in December: not counted
    ]);
    expect(report.discipline.byUnit.map((u) => u.unitId)).toEqual(['u2', 'u1']);
    expect(report.discipline.total).toEqual({ onTime: 0, late: 1, overdue: 1, inWork: 0 });
    expect(report.documentsByType).toEqual([{ type: 'incoming-paper', count: 2 }, { type: 'outgoing-letter', count: 1 }]);
    expect(report.documentsByJournal).toEqual([{ journal: 'incoming', count: 2 }]); // d3 registered in October
    expect(report.control).toEqual({ open: 1, overdue: 0, executed: 0, removed: 1 });
    expect(report.registrationsByMonth).toEqual([{ month: '2026-11', journal: 'incoming', count: 2 }]);
  });
});
