/**
 * For auditors: replay the document's recorded Temporal history against the current workflow code. Is it
 * deterministic, does every recorded state come out the same, and does the stored snapshot agree? And the card as
 * it was at the picked instant, from the stored snapshot (verified against the audit chain).
 */
import { useState } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { DocumentView } from '../api/types';
import { astanaInstant, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { DateInput } from '../ui/date-input';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, KeyValues, Section } from '../ui/widgets';
import { SnapshotCard, type SnapshotAt } from './snapshot-card';

interface ReplayReport {
  workflowId?: string;
  events?: number;
  deterministic?: boolean;
  error?: string;
  statesMatchRecorded?: boolean;
  firstMismatch?: { seq: number; at: string };
  steps?: Array<{ seq: number; at: string; matchesRecorded: boolean; exact: boolean }>;
  stateAt?: { at: string; seq: number; state: { status?: string } };
  snapshot?: { seq: number; verified: boolean; matchesReplay: boolean };
}

const yesNo = (ok: boolean | undefined, t: (k: 'common.yes' | 'common.no') => string) =>
  ok === undefined ? '—' : <Badge tone={ok ? 'ok' : 'bad'}>{ok ? t('common.yes') : t('common.no')}</Badge>;

export function ReplaySection({ doc }: { doc: DocumentView }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const caps = useCapabilities();
  const [report, setReport] = useState<ReplayReport>();
  // The instant to replay to, picked as an Astana day (dd.mm.yyyy) and a 24-hour time.
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const [snapshot, setSnapshot] = useState<{ at?: string; found?: SnapshotAt }>();
  if (!hasRole(session, 'auditor', 'administrator')) return null;
  const id = encodeURIComponent(doc.id);
  const canReplay = caps.has('post', '/api/documents/:id/replay');
  const canExport = caps.has('get', '/api/documents/:id/history/export');
  const canSnapshot = caps.has('get', '/api/documents/:id/history/state');
  // No time typed: the end of the picked day.
  // Seconds are optional: a route's steps often fall within one minute.
  const instant = () => {
    if (!day) return undefined;
    const typed = time.trim();
    return astanaInstant(day, /^\d{1,2}:\d{2}$/.test(typed) ? `${typed}:00` : /^\d{1,2}:\d{2}:\d{2}$/.test(typed) ? typed : '23:59:59');
  };

  async function showCard() {
    setBusy(true);
    setError(undefined);
    const at = instant();
    try {
      setSnapshot({ at, found: await apiGet<SnapshotAt>(`/api/documents/${id}/history/state`, at ? { at } : undefined) });
    } catch (err) {
      // Nothing recorded yet at that instant is an answer, not a failure.
      if (isProblem(err) && err.status === 404) setSnapshot({ at });
      else {
        setSnapshot(undefined);
        setError(isProblem(err) ? err : undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  async function replay() {
    setBusy(true);
    setError(undefined);
    try {
      const at = instant();
      setReport(await apiPost<ReplayReport>(`/api/documents/${id}/replay`, at ? { at } : {}));
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('audit.replayTitle')} testId="doc-replay">
      <p className="muted small">{t('audit.replayHelp')}</p>
      <ProblemBanner error={error} />
      <div className="row">
        <DateInput value={day} onChange={setDay} aria-label={t('audit.stateAtDay')} testId="replay-day" />
        <input type="text" inputMode="numeric" placeholder={t('audit.timePlaceholder')} pattern="\d{1,2}:\d{2}(:\d{2})?" value={time} onChange={(e) => setTime(e.target.value)} aria-label={t('audit.stateAtTime')} data-testid="replay-time" />
        <button type="button" className="btn btn-primary" disabled={!canReplay || busy} onClick={() => void replay()} data-testid="replay-run">
          {busy ? t('common.wait') : t('audit.replay')}
        </button>
        {canSnapshot && (
          <button type="button" className="btn" disabled={busy} onClick={() => void showCard()} data-testid="snapshot-run">
            {t('audit.showCard')}
          </button>
        )}
        {canExport && (
          <button type="button" className="btn" onClick={() => void downloadFile(`/api/documents/${id}/history/export`).catch((err: unknown) => setError(isProblem(err) ? err : undefined))}>
            {t('audit.export')}
          </button>
        )}
      </div>
      {snapshot && (snapshot.found ? <SnapshotCard snapshot={snapshot.found} requestedAt={snapshot.at} /> : <p className="muted" data-testid="snapshot-none">{t('audit.cardNone')}</p>)}
      {report && (
        <div className="replay-report" data-testid="replay-report">
          <KeyValues
            rows={[
              [t('audit.deterministic'), yesNo(report.deterministic, t)],
              [t('audit.statesMatch'), yesNo(report.statesMatchRecorded, t)],
              [t('audit.events'), String(report.events ?? '—')],
              [t('audit.steps'), String(report.steps?.length ?? 0)],
              report.firstMismatch && [t('audit.firstMismatch'), `#${report.firstMismatch.seq} · ${dateTime(report.firstMismatch.at)}`],
              report.stateAt && [t('audit.stateAt'), `#${report.stateAt.seq} · ${dateTime(report.stateAt.at)} · ${report.stateAt.state.status ? t(`status.${report.stateAt.state.status}` as MessageKey) : ''}`],
              report.snapshot && [t('audit.snapshot'), yesNo(report.snapshot.verified && report.snapshot.matchesReplay, t)],
              // The replay's own message is English for developers: folded away, as a refusal's technical note is.
              report.error && [
                t('audit.error'),
                <details key="e" className="problem-technical">
                  <summary>{t('audit.replayFailed')}</summary>
                  <code>{report.error}</code>
                </details>,
              ],
            ]}
          />
          {report.steps && report.steps.length > 0 && (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('audit.time')}</th>
                  <th>{t('audit.matches')}</th>
                  <th>{t('audit.exact')}</th>
                </tr>
              </thead>
              <tbody>
                {report.steps.map((s) => (
                  <tr key={s.seq}>
                    <td>{s.seq}</td>
                    <td>{dateTime(s.at)}</td>
                    <td>{yesNo(s.matchesRecorded, t)}</td>
                    <td>{yesNo(s.exact, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Section>
  );
}
