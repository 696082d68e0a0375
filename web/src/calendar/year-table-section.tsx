/**
 * The year's decree table (the government's holidays and moved days off) for administrators: whether a year is
 * loaded and on what basis, its days off and working weekends, and a form to load a year — one day a line,
 * "05.01.2027 reason" — after which routes waiting for that year's deadlines go on.
 */
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, KeyValues, Loading, PersonName, Section } from '../ui/widgets';

/** GET /api/calendar?year= (the BusinessCalendar schema in api/routes/calendar.ts). */
interface YearCalendar {
  year: number;
  loaded: boolean;
  loadedBy?: string;
  basis?: string;
  daysOff: string[];
  workingWeekends: string[];
}

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('.');

/** "05.01.2027 Жаңа жыл" (or 2027-01-05) a line → { date, reason }; a line that is not a date names itself. */
export function parseDayLines(text: string, defaultReason: string): { days: Array<{ date: string; reason: string }>; bad: string[] } {
  const days: Array<{ date: string; reason: string }> = [];
  const bad: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{2})\.(\d{2})\.(\d{4})\s*(.*)$/.exec(line) ?? /^(\d{4})-(\d{2})-(\d{2})\s*(.*)$/.exec(line);
    if (!m) {
      bad.push(line);
      continue;
    }
    const date = m[1].length === 4 ? `${m[1]}-${m[2]}-${m[3]}` : `${m[3]}-${m[2]}-${m[1]}`;
    days.push({ date, reason: m[4].trim() || defaultReason });
  }
  return { days, bad };
}

export function YearTableSection() {
  const { t } = useI18n();
  const thisYear = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric' }).format(new Date()));
  const [year, setYear] = useState(thisYear + 1);
  const calendar = useResource((signal) => apiGet<YearCalendar>('/api/calendar', { year }, signal), [year]);
  const [basis, setBasis] = useState('');
  const [daysOff, setDaysOff] = useState('');
  const [workingDays, setWorkingDays] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();

  async function load(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setNotice(undefined);
    const off = parseDayLines(daysOff, basis);
    const working = parseDayLines(workingDays, basis);
    const bad = [...off.bad, ...working.bad];
    if (bad.length > 0) {
      setError(new ApiProblem(422, t('calendarYear.badLines'), bad.join('; ')));
      return;
    }
    try {
      await api('PUT', `/api/calendar/years/${year}`, { body: { basis, daysOff: off.days, workingDays: working.days } });
      setNotice(t('calendarYear.loadedNow', { year }));
      calendar.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  const c = calendar.data;
  return (
    <Section
      title={t('calendarYear.title')}
      testId="calendar-year-table"
      actions={
        <label>
          {t('journals.year')} <input type="number" min={2023} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || thisYear)} data-testid="calendar-year" />
        </label>
      }
    >
      <ProblemBanner error={calendar.error} />
      {calendar.loading && <Loading />}
      {c && (
        <KeyValues
          rows={[
            [t('calendarYear.state'), c.loaded ? <Badge tone="ok">{t('calendarYear.loaded')}</Badge> : <Badge tone="warn">{t('calendarYear.notLoaded')}</Badge>],
            c.basis && [t('calendarYear.basis'), c.basis],
            c.loadedBy && [t('calendarYear.loadedBy'), <PersonName key="by" id={c.loadedBy} />],
            [t('calendarYear.daysOff'), <span key="off" data-testid="calendar-days-off">{c.daysOff.map(ddmmyyyy).join(', ') || '—'}</span>],
            [t('calendarYear.workingWeekends'), <span key="work">{c.workingWeekends.map(ddmmyyyy).join(', ') || '—'}</span>],
          ]}
        />
      )}
      <form className="form-grid" onSubmit={load} data-testid="calendar-year-form">
        <ProblemBanner error={error} />
        {notice && <div className="verdict verdict-ok field-wide">{notice}</div>}
        <Field label={t('calendarYear.basis')} errors={error?.fieldErrors('basis')} wide>
          <input value={basis} onChange={(e) => setBasis(e.target.value)} required data-testid="calendar-basis" />
        </Field>
        <Field label={t('calendarYear.daysOffInput')} hint={t('calendarYear.lineHint')} errors={error?.fieldErrors('daysOff')}>
          <textarea rows={6} value={daysOff} onChange={(e) => setDaysOff(e.target.value)} data-testid="calendar-days-off-input" />
        </Field>
        <Field label={t('calendarYear.workingDaysInput')} hint={t('calendarYear.lineHint')} errors={error?.fieldErrors('workingDays')}>
          <textarea rows={6} value={workingDays} onChange={(e) => setWorkingDays(e.target.value)} data-testid="calendar-working-input" />
        </Field>
        <div>
          <button type="submit" className="btn btn-primary" data-testid="calendar-year-load">
            {t('calendarYear.load', { year })}
          </button>
        </div>
      </form>
    </Section>
  );
}
