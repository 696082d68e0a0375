/** The log journal of information requests for auditors: entries, the chain check, CSV and Excel export. */
import { useState } from 'react';
import type { InformationLogEntryView } from '../../../api/services/information-request-schemas';
import { ApiProblem, apiGet, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, PersonName, Section } from '../ui/widgets';

interface Correspondent {
  bin: string;
  name: { kk: string; ru: string };
}

/**
 * Who acted: one of ours by name; someone of another organisation (a request or answer that crossed the exchange,
 * journalled as `<BIN>:<their id>` or `org:<BIN>`) by that organisation's name from the address book.
 */
function Actor({ id, correspondents }: { id: string; correspondents: Correspondent[] }) {
  const { t, lang } = useI18n();
  if (id.startsWith('system:')) return null;
  const bin = (/^org:(\d{12})$/.exec(id) ?? /^(\d{12}):/.exec(id))?.[1];
  if (!bin) return <PersonName id={id} />;
  const org = correspondents.find((c) => c.bin === bin);
  return <span data-testid="ireq-log-organisation">{org ? org.name[lang] : t('ireq.org.other')}</span>;
}

export function RequestLogPage() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const entries = useResource((signal) => apiGet<InformationLogEntryView[]>('/api/information-requests/log', undefined, signal), []);
  const correspondents = useResource((signal) => apiGet<Correspondent[]>('/api/exchange/correspondents', undefined, signal), []);
  const [verdict, setVerdict] = useState<{ ok: boolean; checked: number; brokenAt?: { seq: number } }>();
  const [error, setError] = useState<ApiProblem>();
  if (!hasRole(session, 'auditor', 'administrator')) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('ireq.log.onlyAuditors'))} />;

  async function verify() {
    setError(undefined);
    try {
      setVerdict(await apiGet('/api/information-requests/log/verification'));
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  return (
    <div className="page" data-testid="request-log-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.infoLog')}</h1>
          <p className="muted">{t('ireq.log.help')}</p>
        </div>
      </div>
      <Section
        title={t('nav.infoLog')}
        actions={
          <>
            <button type="button" className="btn btn-small" onClick={() => void verify()} data-testid="ireq-log-verify">{t('ireq.log.verify')}</button>
            <button type="button" className="btn btn-small" onClick={() => void downloadFile('/api/information-requests/log/export', { format: 'csv' })}>{t('ireq.log.csv')}</button>
            <button type="button" className="btn btn-small" onClick={() => void downloadFile('/api/information-requests/log/export', { format: 'xlsx' })}>{t('ireq.log.xlsx')}</button>
          </>
        }
      >
        <ProblemBanner error={error ?? entries.error} />
        {verdict && (
          <div className={`verdict ${verdict.ok ? 'verdict-ok' : 'verdict-bad'}`} data-testid="ireq-log-verdict">
            {verdict.ok ? t('ireq.log.intact', { n: verdict.checked }) : t('ireq.log.broken', { n: verdict.brokenAt?.seq ?? 0 })}
          </div>
        )}
        {entries.loading && !entries.data ? (
          <Loading />
        ) : !entries.data?.length ? (
          <Empty>{t('ireq.empty')}</Empty>
        ) : (
          <table className="table" data-testid="ireq-log-table">
            <thead>
              <tr>
                <th>№</th>
                <th>{t('ireq.date')}</th>
                <th>{t('ireq.log.kind')}</th>
                <th>{t('ireq.number')}</th>
                <th>{t('ireq.log.who')}</th>
                <th>{t('ireq.log.forWhom')}</th>
                <th>{t('ireq.basis')}</th>
                <th>{t('ireq.service')}</th>
                <th>{t('ireq.log.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.seq} data-testid={`ireq-log-${e.kind}-${e.requestNumber ?? e.seq}`}>
                  <td>{e.seq}</td>
                  <td>{dateTime(e.at)}</td>
                  <td>{t(`ireq.log.kind.${e.kind}` as MessageKey)}</td>
                  <td>{e.requestNumber ? `№ ${e.requestNumber}` : ''}</td>
                  <td><Actor id={e.actorId} correspondents={correspondents.data ?? []} /></td>
                  <td>{e.subject}</td>
                  <td>{e.basis ? t(`ireq.basis.${e.basis}` as MessageKey) : ''}</td>
                  <td>{e.service ? t('ireq.serviceNo', { n: e.service }) : ''}</td>
                  <td>{e.refusalCode ? t(`ireq.refusal.${e.refusalCode}` as MessageKey) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
