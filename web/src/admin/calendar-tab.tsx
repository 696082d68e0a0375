/**
 * Calendar overrides (a moved working Saturday, an extra day off) over the Kazakhstan calendar. The endpoints
 * are found in the API description, since their exact paths are still being settled; without them the tab says so.
 */
import { useState, type FormEvent } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner, Unavailable } from '../ui/problem-view';
import { Badge, Empty, PersonName, Section } from '../ui/widgets';
import { DateInput } from '../ui/date-input';

interface Override {
  date: string;
  kind: 'day-off' | 'working-day';
  reason: string;
  createdBy?: string;
}
interface YearCalendar {
  year?: number;
  version?: string;
  daysOff?: string[];
  workingWeekends?: string[];
  overrides?: Override[];
}

export function CalendarTab() {
  const { t } = useI18n();
  const caps = useCapabilities();
  const [year, setYear] = useState(new Date().getFullYear());
  const [form, setForm] = useState<Override>({ date: '', kind: 'day-off', reason: '' });
  const [error, setError] = useState<ApiProblem>();
  const [message, setMessage] = useState<string>();

  const yearPath = caps.has('get', '/api/calendar/:year') ? `/api/calendar/${year}` : caps.has('get', '/api/calendar') ? '/api/calendar' : undefined;
  const listPath = caps.has('get', '/api/calendar/overrides') ? '/api/calendar/overrides' : undefined;
  const putPath = caps.has('put', '/api/calendar/overrides/:date') ? 'put' : caps.has('post', '/api/calendar/overrides') ? 'post' : undefined;
  const canDelete = caps.has('delete', '/api/calendar/overrides/:date');
  const canRecalc = caps.has('post', '/api/calendar/recalculate');

  const data = useResource(
    yearPath || listPath
      ? async (signal) => {
          const raw = await apiGet<YearCalendar | Override[] | { items: Override[] }>((yearPath ?? listPath)!, { year }, signal);
          return Array.isArray(raw) ? { overrides: raw } : 'items' in raw ? { overrides: raw.items } : raw;
        }
      : undefined,
    [year, yearPath, listPath],
  );

  async function run(work: () => Promise<unknown>, done: string) {
    setError(undefined);
    setMessage(undefined);
    try {
      await work();
      setMessage(done);
      data.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () =>
        putPath === 'put'
          ? api('PUT', `/api/calendar/overrides/${form.date}`, { body: { kind: form.kind, reason: form.reason } })
          : api('POST', '/api/calendar/overrides', { body: form }),
      t('admin.saved'),
    );
  };

  if (!yearPath && !listPath && !putPath) {
    return (
      <Section title={t('admin.tab.calendar')}>
        <Unavailable what="/api/calendar/overrides" />
        <p className="muted small">{t('admin.calendarDocs')}</p>
      </Section>
    );
  }
  const overrides = data.data?.overrides ?? [];
  return (
    <div className="stack">
      <Section
        title={t('admin.tab.calendar')}
        subtitle={undefined}
        actions={
          <div className="row">
            <button type="button" className="btn btn-small" onClick={() => setYear(year - 1)}>
              ←
            </button>
            <strong>{year}</strong>
            <button type="button" className="btn btn-small" onClick={() => setYear(year + 1)}>
              →
            </button>
          </div>
        }
      >
        <ProblemBanner error={data.error ?? error} />
        {message && <div className="note note-ok">{message}</div>}
        {data.data?.daysOff && (
          <p className="small">
            {t('admin.daysOff')}: {data.data.daysOff.length} · {t('admin.workingWeekends')}: {data.data.workingWeekends?.length ?? 0}
          </p>
        )}
        {overrides.length === 0 ? (
          <Empty>{t('admin.noOverrides')}</Empty>
        ) : (
          <table className="table table-compact">
            <tbody>
              {overrides.map((o) => (
                <tr key={o.date}>
                  <td className="mono">{o.date}</td>
                  <td>
                    <Badge tone={o.kind === 'day-off' ? 'warn' : 'info'}>{o.kind === 'day-off' ? t('admin.dayOff') : t('admin.workingDay')}</Badge>
                  </td>
                  <td>{o.reason}</td>
                  <td>{o.createdBy && <PersonName id={o.createdBy} />}</td>
                  <td>
                    {canDelete && (
                      <button type="button" className="link-button danger" onClick={() => void run(() => api('DELETE', `/api/calendar/overrides/${o.date}`), t('admin.saved'))}>
                        {t('common.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {putPath && (
        <Section title={t('admin.newOverride')}>
          <form className="form-grid" onSubmit={save}>
            <Field label={t('admin.date')} errors={error?.fieldErrors('date')}>
              <DateInput value={form.date} onChange={(v) => setForm({ ...form, date: v })} required />
            </Field>
            <Field label={t('admin.kind')} errors={error?.fieldErrors('kind')}>
              <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Override['kind'] })}>
                <option value="day-off">{t('admin.dayOff')}</option>
                <option value="working-day">{t('admin.workingDay')}</option>
              </select>
            </Field>
            <Field label={t('admin.reason')} errors={error?.fieldErrors('reason')} wide>
              <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required />
            </Field>
            <div className="row">
              <button type="submit" className="btn btn-primary">
                {t('common.save')}
              </button>
              {canRecalc && (
                <button type="button" className="btn" onClick={() => void run(() => api('POST', '/api/calendar/recalculate', { body: {} }), t('admin.recalculated'))}>
                  {t('admin.recalculate')}
                </button>
              )}
            </div>
          </form>
        </Section>
      )}
    </div>
  );
}
