/**
 * Records reports for a period: execution discipline per unit (a stacked bar chart: on time, late, overdue,
 * in work) and per executor, documents by type and by journal, control status, registrations by month, with
 * export to Excel and PDF.
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiProblem, apiGet, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Section } from '../ui/widgets';
import { DisciplineSection } from '../reports/discipline-section';
import { DateInput } from '../ui/date-input';

interface Counts {
  onTime: number;
  late: number;
  overdue: number;
  inWork: number;
}
interface Report {
  discipline: { byUnit: Array<{ unitId: string } & Counts>; byExecutor: Array<{ employeeId: string; unitId: string } & Counts>; total: Counts };
  documentsByType: Array<{ type: string; count: number }>;
  documentsByJournal: Array<{ journal: string; count: number }>;
  control: { open: number; overdue: number; executed: number; removed: number };
  registrationsByMonth: Array<{ month: string; journal: string; count: number }>;
  names: { units: Record<string, Bilingual>; people: Record<string, string>; types: Record<string, Bilingual>; journals: Record<string, Bilingual> };
}

const astanaToday = () => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
const COLORS = { onTime: '#2e7d32', late: '#ed6c02', overdue: '#c62828', inWork: '#1565c0' } as const;

export function ReportsPage() {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState(`${astanaToday().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(astanaToday());
  const [error, setError] = useState<ApiProblem>();
  const report = useResource((signal) => apiGet<Report>('/api/reports/records', { from, to, language: lang }, signal), [from, to, lang]);
  const r = report.data;
  const name = (names: Record<string, Bilingual> | undefined, id: string) => names?.[id]?.[lang] ?? id;
  const exportAs = (format: 'xlsx' | 'pdf') =>
    downloadFile(`/api/reports/records.${format}`, { from, to, language: lang }).catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message)));
  const bars = (r?.discipline.byUnit ?? []).map((u) => ({ ...u, name: name(r?.names.units, u.unitId) }));
  const series = (['onTime', 'late', 'overdue', 'inWork'] as const).map((k) => ({ key: k, label: t(`reports.${k}`) }));

  return (
    <div className="page" data-testid="reports-page">
      <div className="page-head">
        <h1>{t('nav.reports')}</h1>
        <div className="row">
          <label>
            {t('reports.from')} <DateInput value={from} onChange={(v) => v && setFrom(v)} />
          </label>
          <label>
            {t('reports.to')} <DateInput testId="reports-to" value={to} onChange={(v) => v && setTo(v)} />
          </label>
          <button type="button" className="btn btn-small" onClick={() => void exportAs('xlsx')} data-testid="reports-xlsx">
            Excel
          </button>
          <button type="button" className="btn btn-small" onClick={() => void exportAs('pdf')} data-testid="reports-pdf">
            PDF
          </button>
        </div>
      </div>
      <ProblemBanner error={error ?? report.error} />
      <DisciplineSection from={from} to={to} />
      {r && (
        <>
          <Section title={t('reports.discipline')}>
            {bars.length === 0 ? (
              <Empty>{t('reports.empty')}</Empty>
            ) : (
              <div style={{ width: '100%', height: 320 }} data-testid="discipline-chart">
                <ResponsiveContainer>
                  <BarChart data={bars}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="name" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Legend />
                    {series.map((s) => (
                      <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={COLORS[s.key]} />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
            <table className="table">
              <thead>
                <tr>
                  <th>{t('reports.executor')}</th>
                  <th>{t('nomenclature.unit')}</th>
                  {series.map((s) => (
                    <th key={s.key}>{s.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.discipline.byExecutor.map((e) => (
                  <tr key={e.employeeId}>
                    <td>{r.names.people[e.employeeId] ?? e.employeeId}</td>
                    <td>{name(r.names.units, e.unitId)}</td>
                    {series.map((s) => (
                      <td key={s.key}>{e[s.key]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('reports.byType')}>
            <table className="table">
              <tbody>
                {r.documentsByType.map((x) => (
                  <tr key={x.type}>
                    <td>{name(r.names.types, x.type)}</td>
                    <td>{x.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('reports.byJournal')}>
            <table className="table">
              <tbody>
                {r.documentsByJournal.map((x) => (
                  <tr key={x.journal}>
                    <td>{name(r.names.journals, x.journal)}</td>
                    <td>{x.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('reports.control')}>
            <table className="table">
              <tbody>
                {(['open', 'overdue', 'executed', 'removed'] as const).map((k) => (
                  <tr key={k}>
                    <td>{t(`reports.control.${k}`)}</td>
                    <td>{r.control[k]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('reports.registrations')}>
            <table className="table">
              <tbody>
                {r.registrationsByMonth.map((m) => (
                  <tr key={`${m.month}:${m.journal}`}>
                    <td>{m.month.split('-').reverse().join('.')}</td>
                    <td>{name(r.names.journals, m.journal)}</td>
                    <td>{m.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        </>
      )}
    </div>
  );
}
