/**
 * For auditors only, on the document screen: who saw this document (seed-004 ¶39) — each reader with their reads,
 * refused attempts and last time, from the read log.
 */
import type { z } from 'zod';
import type { readersView } from '../../../api/services/read-log-routes';
import { apiGet } from '../api/client';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, Section } from '../ui/widgets';

type Readers = z.output<typeof readersView>;

export function ReadersSection({ doc }: { doc: DocumentView }) {
  const session = useSession();
  const auditor = hasRole(session, 'auditor');
  if (!auditor) return null;
  return <ReadersTable documentId={doc.id} />;
}

function ReadersTable({ documentId }: { documentId: string }) {
  const { t, dateTime } = useI18n();
  const readers = useResource((signal) => apiGet<Readers>(`/api/documents/${encodeURIComponent(documentId)}/readers`, undefined, signal), [documentId]);
  return (
    <Section title={t('oversight.readers.title')} testId="readers-section">
      {readers.loading && <Loading />}
      {readers.error && <ProblemBanner error={readers.error} />}
      {readers.data && readers.data.readers.length === 0 && <Empty>{t('oversight.readers.none')}</Empty>}
      {readers.data && readers.data.readers.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('oversight.readers.who')}</th>
              <th>{t('oversight.readers.reads')}</th>
              <th>{t('oversight.readers.refused')}</th>
              <th>{t('oversight.readers.last')}</th>
            </tr>
          </thead>
          <tbody>
            {readers.data.readers.map((r) => (
              <tr key={r.actorId ?? ''} data-testid="reader-row">
                <td>{r.actorName ?? t('oversight.readers.anonymous')}</td>
                <td>{r.reads}</td>
                <td>{r.refused}</td>
                <td>{dateTime(r.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
