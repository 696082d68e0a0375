/** One "My documents" view: my open tasks of one kind, paged and sorted, straight from GET /api/inbox. */
import { useState } from 'react';
import { apiGet } from '../api/client';
import type { InboxPage as Page, InboxView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { useSession } from '../session/session-context';
import { Icon } from '../ui/icon';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, StatusBadge } from '../ui/widgets';
import { VIEWS } from './views';

type SortField = 'openedAt' | 'dueAt' | 'title';
const PAGE_SIZE = 20;

export function InboxPage({ view }: { view: InboxView }) {
  const { t, tr, dateTime } = useI18n();
  const { types, countsVersion } = useSession();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ field: SortField; desc: boolean }>({ field: 'openedAt', desc: true });
  const sortParam = `${sort.desc ? '-' : ''}${sort.field}`;
  const data = useResource(
    (signal) => apiGet<Page>('/api/inbox', { view, page, pageSize: PAGE_SIZE, sort: sortParam }, signal),
    [view, page, sortParam, countsVersion],
  );
  const meta = VIEWS.find((v) => v.id === view)!;
  const typeTitle = (id: string) => tr(types.find((x) => x.id === id)?.title, id);
  const pages = data.data ? Math.max(1, Math.ceil(data.data.total / PAGE_SIZE)) : 1;

  const header = (field: SortField, label: MessageKey) => (
    <th>
      <button
        type="button"
        className={`th-sort${sort.field === field ? ' active' : ''}`}
        onClick={() => {
          setPage(1);
          setSort((s) => ({ field, desc: s.field === field ? !s.desc : field !== 'title' }));
        }}
      >
        {t(label)}
        {sort.field === field && <span className="sort-arrow">{sort.desc ? '↓' : '↑'}</span>}
      </button>
    </th>
  );

  return (
    <div className="page" data-testid={`inbox-${view}`}>
      <div className="page-head">
        <div>
          <div className="crumbs">{t(view === 'drafts' || view === 'rejected' ? 'nav.myDocuments' : 'nav.myTasks')}</div>
          <h1>
            <Icon name={meta.icon} size={20} /> {t(meta.label)}
            {data.data && <span className="count-pill">{data.data.total}</span>}
          </h1>
          <p className="muted">{t(`viewHelp.${view}` as MessageKey)}</p>
        </div>
        <button type="button" className="btn" onClick={data.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <ProblemBanner error={data.error} />
      <div className="card">
        {data.loading && !data.data ? (
          <Loading />
        ) : !data.data || data.data.items.length === 0 ? (
          <Empty>{t('inbox.empty')}</Empty>
        ) : (
          <table className="table" data-testid="inbox-table">
            <thead>
              <tr>
                {header('title', 'inbox.document')}
                <th>{t('inbox.type')}</th>
                <th>{t('inbox.status')}</th>
                {header('openedAt', 'inbox.received')}
                {header('dueAt', 'inbox.due')}
              </tr>
            </thead>
            <tbody>
              {data.data.items.map((item) => (
                <tr key={`${item.documentId}:${item.taskId}`} className={item.overdue ? 'row-overdue' : undefined}>
                  <td>
                    <Link to={`/documents/${item.documentId}`} className="doc-link" testId="inbox-item">
                      {item.title}
                    </Link>
                    {item.onBehalfOf && (
                      <div className="small muted">
                        {t('inbox.onBehalfOf')} <PersonName id={item.onBehalfOf} />
                      </div>
                    )}
                  </td>
                  <td className="muted">{typeTitle(item.documentType)}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td className="nowrap">{dateTime(item.openedAt)}</td>
                  <td className="nowrap">
                    {item.dueAt ? dateTime(item.dueAt) : <span className="muted">—</span>}
                    {item.overdue && (
                      <>
                        {' '}
                        <Badge tone="bad">{t('inbox.overdue')}</Badge>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.data && data.data.total > PAGE_SIZE && (
          <div className="pager">
            <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              ←
            </button>
            <span>{t('inbox.page', { page, pages })}</span>
            <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              →
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
