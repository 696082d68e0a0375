/**
 * Execution discipline as a controller answers for it: per unit, the documents overdue right now and the
 * deadlines breached in the chosen period (GET /api/reports/discipline), for controllers, administrators
 * and auditors. The period is the reports screen's, read as whole Astana days.
 */
import { apiGet } from '../api/client';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { astanaInstant, useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, Section } from '../ui/widgets';

interface DisciplineRow {
  unitId: string;
  unitName: Bilingual | null;
  overdueNow: number;
  breachesInPeriod: number;
  overdueDocuments: string[];
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function DisciplineSection({ from, to }: { from: string; to: string }) {
  const { t, tr } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'controller', 'administrator', 'auditor');
  const rows = useResource(
    allowed ? (signal) => apiGet<DisciplineRow[]>('/api/reports/discipline', { from: astanaInstant(from), to: astanaInstant(nextDay(to)) }, signal) : undefined,
    [allowed, from, to],
  );
  if (!allowed) return null;
  const total = (rows.data ?? []).reduce((n, r) => ({ now: n.now + r.overdueNow, breaches: n.breaches + r.breachesInPeriod }), { now: 0, breaches: 0 });
  return (
    <Section title={t('discipline.title')} subtitle={t('discipline.help')} testId="discipline-now">
      <ProblemBanner error={rows.error} />
      {rows.loading && <Loading />}
      {rows.data && rows.data.length === 0 && <Empty>{t('reports.empty')}</Empty>}
      {rows.data && rows.data.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('people.unit')}</th>
              <th className="num">{t('discipline.overdueNow')}</th>
              <th className="num">{t('discipline.breaches')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.unitId} data-testid="discipline-row">
                <td>{r.unitName ? tr(r.unitName) : t('discipline.noUnit')}</td>
                <td className="num">{r.overdueNow}</td>
                <td className="num">{r.breachesInPeriod}</td>
              </tr>
            ))}
            <tr>
              <td>
                <strong>{t('discipline.total')}</strong>
              </td>
              <td className="num">
                <strong>{total.now}</strong>
              </td>
              <td className="num">
                <strong>{total.breaches}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </Section>
  );
}
