/**
 * Announced maintenance (seed-004 ¶44): an administrator announces a window — start and end typed dd.mm.yyyy and
 * 24-hour time in Astana, the text in Kazakh and Russian — and may cancel it; auditors read the list. Everyone sees
 * the banner (maintenance-banner.tsx) from the announcement until the window ends.
 */
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { maintenanceView } from '../../../api/services/oversight-routes';
import { ApiProblem, api, apiGet, apiPost, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { astanaInstant } from '../i18n/astana-time';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { Field, ProblemBanner } from '../ui/problem-view';
import { TimeInput } from '../ui/time-input';
import { Badge, Empty, Loading, Section } from '../ui/widgets';

type MaintenanceWindow = z.output<typeof maintenanceView>;

const STATE_TONE = { announced: 'info', now: 'warn', over: 'neutral', cancelled: 'neutral' } as const;

function AnnounceForm({ onAnnounced }: { onAnnounced: () => void }) {
  const { t } = useI18n();
  const [startDay, setStartDay] = useState('');
  const [startTime, setStartTime] = useState('');
  const [endDay, setEndDay] = useState('');
  const [endTime, setEndTime] = useState('');
  const [kk, setKk] = useState('');
  const [ru, setRu] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const ready = startDay && startTime && endDay && endTime && kk.trim() && ru.trim();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await apiPost('/api/maintenance-windows', {
        startsAt: astanaInstant(startDay, `${startTime}:00`),
        endsAt: astanaInstant(endDay, `${endTime}:00`),
        text: { kk: kk.trim(), ru: ru.trim() },
      });
      setKk('');
      setRu('');
      onAnnounced();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('maintenance.announce')} testId="maintenance-form">
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <ProblemBanner error={error} />
        <Field label={t('maintenance.startDay')}>
          <DateInput value={startDay} onChange={setStartDay} testId="maintenance-start-day" required />
        </Field>
        <Field label={t('maintenance.startTime')}>
          <TimeInput value={startTime} onChange={setStartTime} testId="maintenance-start-time" required />
        </Field>
        <Field label={t('maintenance.endDay')}>
          <DateInput value={endDay} onChange={setEndDay} testId="maintenance-end-day" required />
        </Field>
        <Field label={t('maintenance.endTime')} errors={error?.fieldErrors('endsAt')}>
          <TimeInput value={endTime} onChange={setEndTime} testId="maintenance-end-time" required />
        </Field>
        <Field label={t('maintenance.textKk')} wide errors={error?.fieldErrors('text.kk')}>
          <textarea value={kk} onChange={(e) => setKk(e.target.value)} rows={2} maxLength={4000} data-testid="maintenance-text-kk" />
        </Field>
        <Field label={t('maintenance.textRu')} wide errors={error?.fieldErrors('text.ru')}>
          <textarea value={ru} onChange={(e) => setRu(e.target.value)} rows={2} maxLength={4000} data-testid="maintenance-text-ru" />
        </Field>
        <p className="muted field-wide">{t('maintenance.astanaHint')}</p>
        <div className="field-wide">
          <button type="submit" className="btn btn-primary" disabled={!ready || busy} data-testid="maintenance-submit">
            {t('maintenance.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

export function MaintenancePage() {
  const { t, tr, dateTime } = useI18n();
  const session = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const allowed = hasRole(session, 'administrator', 'auditor');
  const windows = useResource(allowed ? (signal) => apiGet<MaintenanceWindow[]>('/api/maintenance-windows', undefined, signal) : undefined, [allowed]);
  const [error, setError] = useState<ApiProblem>();
  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('maintenance.onlyAdmins'))} />;

  async function cancel(id: string) {
    setError(undefined);
    try {
      await api('POST', `/api/maintenance-windows/${encodeURIComponent(id)}/cancel`);
      windows.reload();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    }
  }

  return (
    <div className="page" data-testid="maintenance-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.management')}</div>
          <h1>{t('nav.maintenance')}</h1>
          <p className="muted">{t('maintenance.help')}</p>
        </div>
      </div>
      {isAdmin && <AnnounceForm onAnnounced={windows.reload} />}
      <Section title={t('maintenance.list')} testId="maintenance-list">
        <ProblemBanner error={error ?? windows.error} />
        {windows.loading && !windows.data ? (
          <Loading />
        ) : !windows.data?.length ? (
          <Empty>{t('maintenance.none')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('maintenance.from')}</th>
                <th>{t('maintenance.to')}</th>
                <th>{t('maintenance.text')}</th>
                <th>{t('maintenance.state')}</th>
                <th>{t('maintenance.announcedAt')}</th>
                {isAdmin && <th aria-label={t('ref.actions')} />}
              </tr>
            </thead>
            <tbody>
              {windows.data.map((w) => (
                <tr key={w.id} data-testid="maintenance-row" data-state={w.state}>
                  <td>{dateTime(w.startsAt)}</td>
                  <td>{dateTime(w.endsAt)}</td>
                  <td>{tr(w.text)}</td>
                  <td>
                    <Badge tone={STATE_TONE[w.state]}>{t(`maintenance.state.${w.state}`)}</Badge>
                  </td>
                  <td>{dateTime(w.announcedAt)}</td>
                  {isAdmin && (
                    <td>
                      {(w.state === 'announced' || w.state === 'now') && (
                        <button type="button" className="btn btn-small" onClick={() => void cancel(w.id)} data-testid="maintenance-cancel">
                          {t('maintenance.cancel')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
