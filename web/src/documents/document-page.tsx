/** The document card: heading, my actions now, then fields, route, execution, files, signatures, papers, history. */
import { apiGet } from '../api/client';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { documentNumber } from './document-number';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';
import { useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Loading, StatusBadge } from '../ui/widgets';
import { ActionPanel } from './action-panel';
import { AttachmentsSection } from './attachments-section';
import { DetailsSection } from './details-section';
import { ExecutionSection } from './execution-section';
import { AdminRequestsSection } from './admin-requests-section';
import { HistorySection } from './history-section';
import { LettersSection } from './letters-section';
import { RecordsSection } from './records-section';
import { ArchiveSection } from '../records/archive-section';
import { ExchangeSection } from './exchange-section';
import { ReplaySection } from './replay-section';
import { RouteSection } from './route-section';
import { SignaturesSection } from './signatures-section';
import { ReadersSection } from '../oversight/readers-section';

export function DocumentPage({ id }: { id: string }) {
  const { t, tr } = useI18n();
  const { types } = useSession();
  const doc = useResource((signal) => apiGet<DocumentView>(`/api/documents/${encodeURIComponent(id)}`, undefined, signal), [id]);
  if (doc.loading && !doc.data) return <Loading />;
  if (!doc.data) return <ProblemBanner error={doc.error} />;
  const d = doc.data;
  const status = d.workflow?.status ?? d.status;
  return (
    <div className="page" data-testid="document-page" data-document-id={d.id} data-status={status}>
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to="/inbox/for-approval">{t('nav.myDocuments')}</Link> / {tr(types.find((x) => x.id === d.type)?.title, d.type)}
          </div>
          <h1 data-testid="document-title">{d.title}</h1>
          <div className="doc-meta">
            <StatusBadge status={status} />
            {/* The number in the reader's language; the server's caption is in the document's own language. */}
            <span className="doc-caption" data-testid="document-caption">
              {documentNumber(t, d) ?? ''}
            </span>
          </div>
        </div>
        <button type="button" className="btn" onClick={doc.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <ProblemBanner error={doc.error} />
      <div className="doc-grid">
        <div className="doc-main">
          <ActionPanel doc={d} onChanged={(next) => doc.set(next)} />
          <DetailsSection doc={d} />
          <RecordsSection doc={d} onChanged={(next) => doc.set(next)} />
          <ArchiveSection doc={d} />
          {d.workflow && <ExecutionSection w={d.workflow} />}
          <AdminRequestsSection doc={d} />
          <AttachmentsSection doc={d} />
          <SignaturesSection doc={d} />
          <LettersSection doc={d} />
          <ExchangeSection doc={d} />
          <HistorySection doc={d} />
          <ReplaySection doc={d} />
          <ReadersSection doc={d} />
        </div>
        <aside className="doc-side">
          <RouteSection doc={d} />
        </aside>
      </div>
    </div>
  );
}
