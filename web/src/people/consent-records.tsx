/**
 * A person's user-agreement and consent records as an administrator or auditor keeps them for proof: which
 * version, in which language, when and how it was accepted, whether it was withdrawn, and — when it was signed
 * with the person's EDS — the signature itself to download (a .p7s a verifier opens).
 */
import { apiGet } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading } from '../ui/widgets';

/** GET /api/org/employees/:id/consents (the ConsentRecord schema in api/routes/org.ts). */
interface ConsentRecord {
  id: string;
  version: string;
  language: string;
  acceptedAt: string;
  channel: string;
  status: string;
  withdrawnAt?: string;
  signature?: { cmsSha256: string; cms?: string; signerIin?: string };
}

function downloadCms(base64: string, name: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pkcs7-signature' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ConsentRecords({ employeeId }: { employeeId: string }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'administrator', 'auditor');
  const records = useResource(allowed ? (signal) => apiGet<ConsentRecord[]>(`/api/org/employees/${encodeURIComponent(employeeId)}/consents`, undefined, signal) : undefined, [employeeId, allowed]);
  if (!allowed) return null;
  return (
    <div className="stack" data-testid="consent-records">
      <h3>{t('consents.title')}</h3>
      <ProblemBanner error={records.error} />
      {records.loading && <Loading />}
      {records.data && records.data.length === 0 && <Empty>{t('consents.none')}</Empty>}
      {records.data && records.data.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('consents.version')}</th>
              <th>{t('people.language')}</th>
              <th>{t('consents.acceptedAt')}</th>
              <th>{t('consents.channel')}</th>
              <th>{t('people.status')}</th>
              <th>{t('consents.signature')}</th>
            </tr>
          </thead>
          <tbody>
            {records.data.map((r) => (
              <tr key={r.id} data-testid="consent-row">
                <td>{r.version}</td>
                <td>{r.language === 'ru' ? 'Русский' : 'Қазақша'}</td>
                <td className="nowrap">{dateTime(r.acceptedAt)}</td>
                <td>{t(r.channel === 'eds-session' ? 'consents.channel.eds' : 'consents.channel.password')}</td>
                <td>
                  {r.status === 'withdrawn' ? (
                    <Badge tone="warn">{t('consents.withdrawnAt', { at: dateTime(r.withdrawnAt) })}</Badge>
                  ) : (
                    <Badge tone="ok">{t('consents.inForce')}</Badge>
                  )}
                </td>
                <td>
                  {r.signature?.cms ? (
                    <button type="button" className="btn btn-small" onClick={() => downloadCms(r.signature!.cms!, `consent-${r.version}.p7s`)}>
                      {t('consents.download')}
                    </button>
                  ) : (
                    t(r.signature ? ('consents.signed' as MessageKey) : ('consents.notSigned' as MessageKey))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
