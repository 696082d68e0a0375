/**
 * The prosecutor's check (seed-004 ¶¶54–56), for the operator's auditors: a prosecutor's request about one user's
 * activity over a period is registered with the check resolution (number, date, its copy); without the resolution it
 * is refused, and the refusal is logged. Accepted, it is answered with an export of that user's requests signed with
 * the organisation's key. Past checks keep the export, its signature and the resolution's copy to download.
 */
import { useState, type FormEvent } from 'react';
import type { InformationProsecutorCheckView } from '../../../api/services/information-request-schemas';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { bytesToBase64, downloadFile } from '../api/download';
import { useResource } from '../api/use-resource';
import { astanaInstant } from '../i18n/astana-time';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { clerkDateOf } from '../ui/clerk-date';
import { DateInput } from '../ui/date-input';
import { FilePick } from '../ui/file-pick';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, PersonName, Section } from '../ui/widgets';

/** The day after an ISO day: the period's last day counts whole. */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function CheckForm({ onDone }: { onDone(requests: number): void }) {
  const { t } = useI18n();
  const [employeeId, setEmployeeId] = useState<string>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [prosecutor, setProsecutor] = useState('');
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const ready = employeeId && from && to && prosecutor.trim();
  const hasResolution = !!(number.trim() || date || file);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const resolution =
        hasResolution && file
          ? { number: number.trim(), date, fileName: file.name, contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }
          : undefined;
      const answer = await apiPost<{ export: { requests?: unknown[] } }>('/api/information-requests/prosecutor-checks', {
        employeeId,
        from: astanaInstant(from),
        to: astanaInstant(nextDay(to)),
        prosecutor: prosecutor.trim(),
        resolution,
      });
      setNumber('');
      setDate('');
      setFile(undefined);
      onDone(answer.export.requests?.length ?? 0);
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  }

  const refusedForResolution = error?.slug === 'resolution-required';
  return (
    <Section title={t('pcheck.register')} testId="pcheck-form">
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        {refusedForResolution ? (
          <div className="problem" role="alert" data-testid="pcheck-refused">
            <div className="problem-head">
              <strong>{t('pcheck.refused')}</strong>
            </div>
            <p>{t('pcheck.refusedWhy')}</p>
          </div>
        ) : (
          <ProblemBanner error={error} />
        )}
        <Field label={t('pcheck.user')} wide errors={error?.fieldErrors('employeeId')}>
          <PersonPicker value={employeeId} onChange={setEmployeeId} testId="pcheck-user" includeInactive />
        </Field>
        <Field label={t('pcheck.from')}>
          <DateInput value={from} onChange={setFrom} testId="pcheck-from" required />
        </Field>
        <Field label={t('pcheck.to')}>
          <DateInput value={to} onChange={setTo} testId="pcheck-to" required />
        </Field>
        <Field label={t('pcheck.prosecutor')} wide errors={error?.fieldErrors('prosecutor')}>
          <input value={prosecutor} onChange={(e) => setProsecutor(e.target.value)} maxLength={300} data-testid="pcheck-prosecutor" />
        </Field>
        <fieldset className="field-wide fieldset">
          <legend>{t('pcheck.resolution')}</legend>
          <div className="form-grid">
            <Field label={t('pcheck.resolutionNumber')} errors={error?.fieldErrors('resolution.number')}>
              <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={64} data-testid="pcheck-resolution-number" />
            </Field>
            <Field label={t('pcheck.resolutionDate')} errors={error?.fieldErrors('resolution.date')}>
              <DateInput value={date} onChange={setDate} testId="pcheck-resolution-date" />
            </Field>
            <Field label={t('pcheck.resolutionFile')} wide errors={error?.fieldErrors('resolution.contentBase64')}>
              <FilePick file={file} onChange={setFile} label={t('pcheck.chooseFile')} testId="pcheck-resolution-file" />
            </Field>
          </div>
          {hasResolution && !(number.trim() && date && file) && <p className="muted">{t('pcheck.resolutionIncomplete')}</p>}
        </fieldset>
        <div className="field-wide">
          <button type="submit" className="btn btn-primary" disabled={!ready || busy || (hasResolution && !(number.trim() && date && file))} data-testid="pcheck-submit">
            {t('pcheck.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

export function ProsecutorChecksPage() {
  const { t, date, dateTime } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'auditor');
  const checks = useResource(allowed ? (signal) => apiGet<InformationProsecutorCheckView[]>('/api/information-requests/prosecutor-checks', undefined, signal) : undefined, [allowed]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<ApiProblem>();
  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('pcheck.onlyAuditors'))} />;

  const download = (id: string, part: 'export' | 'signature' | 'resolution') => {
    setError(undefined);
    downloadFile(`/api/information-requests/prosecutor-checks/${encodeURIComponent(id)}/${part}`).catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined)));
  };

  return (
    <div className="page" data-testid="prosecutor-checks-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.oversight')}</div>
          <h1>{t('nav.prosecutorChecks')}</h1>
          <p className="muted">{t('pcheck.help')}</p>
        </div>
      </div>
      {notice && (
        <div className="note note-ok" role="status" data-testid="pcheck-done">
          {notice}
        </div>
      )}
      <CheckForm
        onDone={(n) => {
          setNotice(t('pcheck.done', { n }));
          checks.reload();
        }}
      />
      <Section title={t('pcheck.past')} testId="pcheck-list">
        <ProblemBanner error={error ?? checks.error} />
        {checks.loading && !checks.data ? (
          <Loading />
        ) : !checks.data?.length ? (
          <Empty>{t('pcheck.none')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('pcheck.registeredAt')}</th>
                <th>{t('pcheck.user')}</th>
                <th>{t('pcheck.period')}</th>
                <th>{t('pcheck.prosecutor')}</th>
                <th>{t('pcheck.resolution')}</th>
                <th>{t('pcheck.registeredBy')}</th>
                <th>{t('pcheck.files')}</th>
              </tr>
            </thead>
            <tbody>
              {checks.data.map((c) => (
                <tr key={c.id} data-testid="pcheck-row">
                  <td>{dateTime(c.createdAt)}</td>
                  <td>
                    <PersonName id={c.employeeId} />
                  </td>
                  <td>{`${date(c.from)} – ${date(new Date(Date.parse(c.to) - 1).toISOString())}`}</td>
                  <td>{c.prosecutor}</td>
                  <td>{t('pcheck.resolutionText', { n: c.resolution.number, d: clerkDateOf(c.resolution.date) })}</td>
                  <td>
                    <PersonName id={c.registeredBy} />
                  </td>
                  <td>
                    <div className="stacked-buttons">
                    <button type="button" className="btn btn-small" onClick={() => download(c.id, 'export')} data-testid="pcheck-export">
                      {t('pcheck.downloadExport')}
                    </button>{' '}
                    <button type="button" className="btn btn-small" onClick={() => download(c.id, 'signature')} data-testid="pcheck-signature">
                      {t('pcheck.downloadSignature')}
                    </button>{' '}
                    <button type="button" className="btn btn-small" onClick={() => download(c.id, 'resolution')} data-testid="pcheck-resolution">
                      {t('pcheck.downloadResolution')}
                    </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
