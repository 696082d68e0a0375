/**
 * The incident register and the emergency journal (seed-004 ¶¶41–43, Annex 7): an administrator records an incident
 * in one of the six sections with the row's columns (actions, required time, responsible, start, end) and its cause,
 * and closes an open one with its end time; auditors read. An incident that lasted more than an hour is also in the
 * emergency journal and the audit trail, and the list says so.
 */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import { useResource } from '../api/use-resource';
import { astanaInstant } from '../i18n/astana-time';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { TimeInput } from '../ui/time-input';
import { Badge, Empty, Loading, Section } from '../ui/widgets';

/** Annex 7's six sections, in its order. */
export const INCIDENT_SECTIONS = ['server-equipment', 'premises', 'fire-alarm', 'air-conditioning', 'power', 'flooding'] as const;
type Section7 = (typeof INCIDENT_SECTIONS)[number];

interface Incident {
  id: string;
  section: Section7;
  number: number;
  year: number;
  cause: string;
  actions: string;
  requiredMinutes?: number;
  responsibleId: string;
  responsibleName: string;
  startedAt: string;
  endedAt?: string;
  minutes?: number;
  inEmergencyJournal: boolean;
}

const sectionKey = (s: Section7) => `incident.section.${s}` as MessageKey;

/** The instant of an Astana day and time typed on the form; undefined until both are filled. */
const instantOf = (day: string, time: string) => (day && time ? astanaInstant(day, `${time}:00`) : undefined);

function RecordForm({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useI18n();
  const [section, setSection] = useState<Section7 | ''>('');
  const [cause, setCause] = useState('');
  const [actions, setActions] = useState('');
  const [required, setRequired] = useState('');
  const [responsible, setResponsible] = useState<string>();
  const [startDay, setStartDay] = useState('');
  const [startTime, setStartTime] = useState('');
  const [endDay, setEndDay] = useState('');
  const [endTime, setEndTime] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const ready = section && cause.trim() && actions.trim() && responsible && startDay && startTime;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await apiPost('/api/oversight/incidents', {
        section,
        cause: cause.trim(),
        actions: actions.trim(),
        requiredMinutes: required ? Number(required) : undefined,
        responsibleId: responsible,
        startedAt: instantOf(startDay, startTime),
        endedAt: instantOf(endDay, endTime),
      });
      setCause('');
      setActions('');
      setRequired('');
      setEndDay('');
      setEndTime('');
      onRecorded();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    }
  }

  return (
    <Section title={t('incident.record')} testId="incident-form">
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <ProblemBanner error={error} />
        <Field label={t('incident.section')} wide>
          <select value={section} onChange={(e) => setSection(e.target.value as Section7)} data-testid="incident-section" required>
            <option value="">{t('common.choose')}</option>
            {INCIDENT_SECTIONS.map((s, i) => (
              <option key={s} value={s}>
                {`${i + 1}. ${t(sectionKey(s))}`}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('incident.cause')} wide errors={error?.fieldErrors('cause')}>
          <textarea value={cause} onChange={(e) => setCause(e.target.value)} rows={2} maxLength={4000} data-testid="incident-cause" />
        </Field>
        <Field label={t('incident.actions')} wide errors={error?.fieldErrors('actions')}>
          <textarea value={actions} onChange={(e) => setActions(e.target.value)} rows={2} maxLength={4000} data-testid="incident-actions" />
        </Field>
        <Field label={t('incident.required')} errors={error?.fieldErrors('requiredMinutes')}>
          <input type="number" min={1} value={required} onChange={(e) => setRequired(e.target.value)} data-testid="incident-required" />
        </Field>
        <Field label={t('incident.responsible')} errors={error?.fieldErrors('responsibleId')}>
          <PersonPicker value={responsible} onChange={setResponsible} testId="incident-responsible" />
        </Field>
        <Field label={t('incident.startDay')}>
          <DateInput value={startDay} onChange={setStartDay} testId="incident-start-day" required />
        </Field>
        <Field label={t('incident.startTime')} errors={error?.fieldErrors('startedAt')}>
          <TimeInput value={startTime} onChange={setStartTime} testId="incident-start-time" required />
        </Field>
        <Field label={t('incident.endDay')} hint={t('incident.endHint')}>
          <DateInput value={endDay} onChange={setEndDay} testId="incident-end-day" />
        </Field>
        <Field label={t('incident.endTime')} errors={error?.fieldErrors('endedAt')}>
          <TimeInput value={endTime} onChange={setEndTime} testId="incident-end-time" />
        </Field>
        <div className="field-wide">
          <button type="submit" className="btn btn-primary" disabled={!ready} data-testid="incident-submit">
            {t('incident.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function CloseForm({ incident, onClosed }: { incident: Incident; onClosed: () => void }) {
  const { t } = useI18n();
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [actions, setActions] = useState('');
  const [error, setError] = useState<ApiProblem>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await apiPost(`/api/oversight/incidents/${encodeURIComponent(incident.id)}/close`, { endedAt: instantOf(day, time), actions: actions.trim() || undefined });
      onClosed();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    }
  }

  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="incident-close-form">
      <ProblemBanner error={error} />
      <Field label={t('incident.endDay')}>
        <DateInput value={day} onChange={setDay} testId="incident-close-day" required />
      </Field>
      <Field label={t('incident.endTime')} errors={error?.fieldErrors('endedAt')}>
        <TimeInput value={time} onChange={setTime} testId="incident-close-time" required />
      </Field>
      <Field label={t('incident.finalActions')} wide>
        <textarea value={actions} onChange={(e) => setActions(e.target.value)} rows={2} maxLength={4000} placeholder={incident.actions} data-testid="incident-close-actions" />
      </Field>
      <div className="field-wide">
        <button type="submit" className="btn btn-primary btn-small" disabled={!day || !time} data-testid="incident-close-submit">
          {t('incident.close')}
        </button>
      </div>
    </form>
  );
}

export function IncidentsPage() {
  const { t, lang, dateTime } = useI18n();
  const session = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const allowed = hasRole(session, 'administrator', 'auditor');
  const [journal, setJournal] = useState<'all' | 'emergency'>('all');
  const incidents = useResource(allowed ? (signal) => apiGet<Incident[]>('/api/oversight/incidents', { journal }, signal) : undefined, [allowed, journal]);
  const [closing, setClosing] = useState<string>();
  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('incident.onlyOverseers'))} />;

  const rows = incidents.data ?? [];
  return (
    <div className="page" data-testid="incidents-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.oversight')}</div>
          <h1>{t('nav.incidents')}</h1>
          <p className="muted">{t('incident.help')}</p>
        </div>
      </div>
      {isAdmin && <RecordForm onRecorded={incidents.reload} />}
      <Section
        title={t('incident.journal')}
        testId="incident-journal"
        actions={
          <button type="button" className="btn btn-small" onClick={() => void downloadFile('/api/oversight/incidents.csv', { journal, language: lang })} data-testid="incident-csv">
            {t('incident.csv')}
          </button>
        }
      >
        <div className="tabs" role="tablist" aria-label={t('incident.journal')}>
          {(['all', 'emergency'] as const).map((j) => (
            <button key={j} type="button" role="tab" aria-selected={j === journal} className={j === journal ? 'active' : ''} onClick={() => setJournal(j)} data-testid={`incident-tab-${j}`}>
              {t(j === 'all' ? 'incident.tab.all' : 'incident.tab.emergency')}
            </button>
          ))}
        </div>
        <ProblemBanner error={incidents.error} />
        {incidents.loading && !incidents.data ? (
          <Loading />
        ) : !rows.length ? (
          <Empty>{t('incident.none')}</Empty>
        ) : (
          INCIDENT_SECTIONS.filter((s) => rows.some((r) => r.section === s)).map((s) => (
            <div key={s} className="incident-section" data-testid={`incident-section-${INCIDENT_SECTIONS.indexOf(s) + 1}`}>
              <h3>{`${INCIDENT_SECTIONS.indexOf(s) + 1}. ${t(sectionKey(s))}`}</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th>№</th>
                    <th>{t('incident.actions')}</th>
                    <th>{t('incident.required')}</th>
                    <th>{t('incident.responsible')}</th>
                    <th>{t('incident.start')}</th>
                    <th>{t('incident.end')}</th>
                    <th>{t('incident.cause')}</th>
                    <th>{t('incident.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows
                    .filter((r) => r.section === s)
                    .sort((a, b) => a.year - b.year || a.number - b.number)
                    .map((r) => (
                      <tr key={r.id} data-testid="incident-row" data-open={r.endedAt ? undefined : 'true'}>
                        <td>{r.number}</td>
                        <td>{r.actions}</td>
                        <td>{r.requiredMinutes ? t('incident.minutes', { n: r.requiredMinutes }) : '—'}</td>
                        <td>{r.responsibleName}</td>
                        <td>{dateTime(r.startedAt)}</td>
                        <td>{r.endedAt ? dateTime(r.endedAt) : '—'}</td>
                        <td>{r.cause}</td>
                        <td>
                          {r.endedAt ? (
                            <>
                              <Badge tone="ok">{t('incident.closed', { n: r.minutes ?? 0 })}</Badge>
                              {r.inEmergencyJournal && (
                                <div className="incident-emergency" data-testid="incident-emergency">
                                  <Badge tone="bad">{t('incident.inEmergency')}</Badge>
                                </div>
                              )}
                            </>
                          ) : (
                            <>
                              <Badge tone="warn">{t('incident.open')}</Badge>
                              {isAdmin && closing !== r.id && (
                                <div>
                                  <button type="button" className="btn btn-small" onClick={() => setClosing(r.id)} data-testid="incident-close">
                                    {t('incident.close')}
                                  </button>
                                </div>
                              )}
                              {isAdmin && closing === r.id && (
                                <CloseForm
                                  incident={r}
                                  onClosed={() => {
                                    setClosing(undefined);
                                    incidents.reload();
                                  }}
                                />
                              )}
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ))
        )}
      </Section>
    </div>
  );
}
