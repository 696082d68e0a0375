/**
 * The archive: the archived files whose storage period is over and compiling a destruction act from them
 * (the archivist), legal holds (set and lifted with reasons), and re-verification runs of the archive's
 * signatures with their reports and exports.
 */
import { useEffect, useState } from 'react';
import { apiGet, apiPost, ApiProblem, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { formatDate, formatDateTime } from '../i18n/astana-time';
import { DICTIONARY, type MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { PeoplePicker, PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, PersonName, Section } from '../ui/widgets';

interface Candidate {
  fileId: string;
  year: number;
  index: string;
  title: Bilingual;
  retentionYears: number | null;
  keepUntilYear: number | null;
  eligible: boolean;
  reason?: string;
}
interface Hold {
  kind: 'file' | 'document';
  targetId: string;
  label?: string;
  reason: string;
  setBy: string;
  setAt: string;
}
interface Run {
  runId: string;
  state: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt?: string;
  documents: number;
  signatures: number;
  notValidNow: number;
}
interface RunReport extends Run {
  items: Array<{ documentId: string; number: string; date: string; title: string; signatureId: string; signer?: string; verdictAtSigning: string; verdictNow: string; result: 'confirmed' | 'broken' | 'never-valid'; reason?: string }>;
}

export function ArchivePage() {
  const { t, lang } = useI18n();
  const session = useSession();
  const archivist = hasRole(session, 'registrar', 'administrator');
  const lifter = hasRole(session, 'administrator', 'auditor');
  const [error, setError] = useState<ApiProblem>();
  const [notice, setNotice] = useState<{ actId: string }>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [commission, setCommission] = useState<string[]>([]);
  const [head, setHead] = useState<string>();
  const [openRun, setOpenRun] = useState<string>();
  const candidates = useResource(archivist ? (signal) => apiGet<{ items: Candidate[] }>('/api/destruction-acts/candidates', undefined, signal) : undefined, [archivist]);
  const holds = useResource((signal) => apiGet<{ items: Hold[] }>('/api/legal-holds', undefined, signal), []);
  const runs = useResource((signal) => apiGet<{ items: Run[] }>('/api/archive/verifications', undefined, signal), []);
  const report = useResource(openRun ? (signal) => apiGet<RunReport>(`/api/archive/verifications/${openRun}`, undefined, signal) : undefined, [openRun]);

  // A run works in the background: while one is running, its progress is read again every few seconds.
  const running = runs.data?.items.some((r) => r.state === 'running') ?? false;
  const reloadRuns = runs.reload;
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(reloadRuns, 3000);
    return () => window.clearInterval(timer);
  }, [running, reloadRuns]);

  /** A finding's reason in words (the signature failure messages of the signing screens). */
  const reasonText = (reason: string | undefined) =>
    (reason ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((code) => {
        if (code === 'content-changed') return t('archive.reason.content-changed');
        if (code === 'signature-missing') return t('archive.verdict.missing');
        const key = `sigReason.${code}`;
        return key in DICTIONARY ? t(key as MessageKey) : t('sigReason.other');
      })
      .join('; ');

  const run = (work: () => Promise<unknown>) => {
    setError(undefined);
    work()
      .then(() => {
        candidates.reload();
        holds.reload();
        runs.reload();
      })
      .catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message)));
  };

  const compile = () =>
    run(async () => {
      const act = await apiPost<{ actId: string }>('/api/destruction-acts', { fileIds: chosen, approvers: commission, signer: head, language: lang });
      setNotice({ actId: act.actId });
      setChosen([]);
    });

  const holdFile = (fileId: string) => {
    const reason = window.prompt(t('archive.holdReason'));
    if (reason) run(() => apiPost('/api/legal-holds', { kind: 'file', targetId: fileId, reason }));
  };
  const lift = (h: Hold) => {
    const reason = window.prompt(t('archive.liftReason'));
    if (reason) run(() => apiPost(`/api/legal-holds/${h.kind}/${encodeURIComponent(h.targetId)}/lift`, { reason }));
  };

  return (
    <div className="page" data-testid="archive-page">
      <div className="page-head">
        <h1>{t('nav.archive')}</h1>
      </div>
      <ProblemBanner error={error ?? candidates.error ?? holds.error ?? runs.error} />

      {archivist && (
        <Section title={t('archive.candidates')} testId="destruction-candidates">
          {candidates.data?.items.length === 0 && <Empty>{t('archive.noCandidates')}</Empty>}
          {!!candidates.data?.items.length && (
            <table className="table">
              <thead>
                <tr>
                  <th />
                  <th>{t('nomenclature.index')}</th>
                  <th>{t('doc.title')}</th>
                  <th>{t('archive.keepUntil')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {candidates.data.items.map((c) => (
                  <tr key={c.fileId} data-testid="destruction-candidate">
                    <td>
                      <input
                        type="checkbox"
                        disabled={!c.eligible}
                        checked={chosen.includes(c.fileId)}
                        onChange={(e) => setChosen(e.target.checked ? [...chosen, c.fileId] : chosen.filter((x) => x !== c.fileId))}
                      />
                    </td>
                    <td>
                      {c.index} ({c.year})
                    </td>
                    <td>{c.title[lang]}</td>
                    <td>{c.keepUntilYear === null ? t('nomenclature.permanent') : t('archive.endOf', { year: c.keepUntilYear })}</td>
                    <td className="row">
                      {c.eligible ? <Badge tone="warn">{t('archive.eligible')}</Badge> : <Badge>{t('archive.notEligible')}</Badge>}
                      <button type="button" className="btn btn-small" onClick={() => holdFile(c.fileId)}>
                        {t('archive.setHold')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!!candidates.data?.items.some((c) => c.eligible) && (
            <div className="form">
              <Field label={t('archive.commission')} errors={error?.fieldErrors('approvers')}>
                <PeoplePicker values={commission} onChange={setCommission} testId="act-commission" />
              </Field>
              <Field label={t('archive.head')} errors={error?.fieldErrors('signer')}>
                <PersonPicker value={head} onChange={setHead} testId="act-head" />
              </Field>
              <button type="button" className="btn btn-primary" disabled={chosen.length === 0 || commission.length === 0 || !head} onClick={compile} data-testid="compile-act">
                {t('archive.compile')}
              </button>
            </div>
          )}
          {notice && (
            <p className="row" data-testid="act-compiled">
              {t('archive.actCompiled')}
              <button type="button" className="btn btn-small" onClick={() => navigate(`/documents/${notice.actId}`)}>
                {t('archive.openAct')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => run(() => downloadFile(`/api/destruction-acts/${notice.actId}/form`, { language: lang }))}>
                {t('archive.printAct')}
              </button>
            </p>
          )}
        </Section>
      )}

      <Section title={t('archive.holds')} testId="legal-holds">
        {holds.data?.items.length === 0 && <Empty>{t('archive.noHolds')}</Empty>}
        {!!holds.data?.items.length && (
          <table className="table">
            <thead>
              <tr>
                <th>{t('archive.file')}</th>
                <th>{t('archive.holdReason')}</th>
                <th>{t('archive.setBy')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {holds.data.items.map((h) => (
                <tr key={`${h.kind}:${h.targetId}`}>
                  <td>
                    {t(`archive.holdKind.${h.kind}`)} {h.label}
                  </td>
                  <td>{h.reason}</td>
                  <td>
                    <PersonName id={h.setBy} /> · {formatDate(h.setAt)}
                  </td>
                  <td>
                    {lifter && (
                      <button type="button" className="btn btn-small" onClick={() => lift(h)}>
                        {t('archive.liftHold')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section
        title={t('archive.checks')}
        testId="archive-checks"
        actions={
          <button type="button" className="btn btn-small" onClick={() => run(() => apiPost('/api/archive/verifications', {}))} data-testid="start-check">
            {t('archive.startCheck')}
          </button>
        }
      >
        {runs.data?.items.length === 0 && <Empty>{t('archive.noChecks')}</Empty>}
        {runs.data?.items.map((r) => (
          <div key={r.runId} className="row" data-testid="archive-check">
            <span>{formatDateTime(r.startedAt)}</span>
            <Badge tone={r.state === 'failed' || r.notValidNow > 0 ? 'bad' : r.state === 'finished' ? 'ok' : 'info'}>{t(`archive.check.${r.state}`)}</Badge>
            <span>{t('archive.checkCounts', { documents: r.documents, signatures: r.signatures, bad: r.notValidNow })}</span>
            <button type="button" className="btn btn-small" onClick={() => setOpenRun(r.runId)}>
              {t('archive.show')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => run(() => downloadFile(`/api/archive/verifications/${r.runId}/report.xlsx`, { language: lang }))}>
              XLSX
            </button>
            <button type="button" className="btn btn-small" onClick={() => run(() => downloadFile(`/api/archive/verifications/${r.runId}/report.pdf`, { language: lang }))}>
              PDF
            </button>
          </div>
        ))}
        {report.data && (
          <table className="table" data-testid="archive-check-report">
            <thead>
              <tr>
                <th>{t('doc.title')}</th>
                <th>{t('archive.signer')}</th>
                <th>{t('archive.atSigning')}</th>
                <th>{t('archive.now')}</th>
                <th>{t('archive.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data.items.map((i) => (
                <tr key={i.signatureId}>
                  <td>
                    № {i.number} · {formatDate(i.date)} · {i.title}
                  </td>
                  <td>{i.signer ?? '—'}</td>
                  <td>{t(`archive.verdict.${i.verdictAtSigning as 'valid'}`)}</td>
                  <td>
                    <Badge tone={i.result === 'broken' ? 'bad' : i.result === 'confirmed' ? 'ok' : 'warn'}>{t(`archive.result.${i.result}`)}</Badge>
                  </td>
                  <td>{reasonText(i.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
