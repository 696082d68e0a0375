/** The workspace frame: top bar, sidebar and the screen the address names. */
import { lazy, Suspense, useEffect } from 'react';
import { AdminPage } from '../admin/admin-page';
import { AuditPage } from '../audit/audit-page';
import { RequestLogPage } from '../requests/request-log-page';
import { RequestsPage } from '../requests/requests-page';
import { ReviewsPage } from '../requests/reviews-page';
import { ReferencePage } from '../requests/reference-page';
import { CasesPage } from '../requests/cases-page';
import { DataSourcesPage } from '../requests/data-sources-page';
import { RequestersPage } from '../requests/requesters-page';
import { ProsecutorChecksPage } from '../requests/prosecutor-checks-page';
import { IncidentsPage } from '../oversight/incidents-page';
import { MaintenancePage } from '../oversight/maintenance-page';
import { ReadLogPage } from '../oversight/read-log-page';
import { NomenclaturePage } from '../records/nomenclature-page';
import { ArchivePage } from '../records/archive-page';
import { ReportsPage } from '../records/reports-page';
import { CreateDocumentPage } from '../documents/create-document-page';
import { DocumentPage } from '../documents/document-page';
import { HelpPage } from '../help/help-page';
import { SearchPage } from '../search/search-page';
import { NotificationsPage } from '../notifications/notifications-page';
import { useI18n } from '../i18n/i18n';
import { InboxPage } from '../inbox/inbox-page';
import { isInboxView } from '../inbox/views';
import { matchPath, navigate, useLocation } from '../router/router';
import { Empty, Loading } from '../ui/widgets';
import { AccessPage } from '../access/access-page';
import { DispatchPage } from '../dispatch/dispatch-page';
import { JournalsPage } from '../journals/journals-page';
import { PeoplePage } from '../people/people-page';
import { CalendarWarning } from './calendar-warning';
import { MaintenanceBanner } from '../oversight/maintenance-banner';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';

// The designer carries the diagram library and the route schema: loaded only when a designer opens it.
const RouteEditorPage = lazy(() => import('../designer/route-editor-page').then((m) => ({ default: m.RouteEditorPage })));

function Screen({ path }: { path: string }) {
  const { t } = useI18n();
  let m: Record<string, string> | undefined;
  if ((m = matchPath('/inbox/:view', path)) && isInboxView(m.view)) return <InboxPage key={m.view} view={m.view} />;
  if (matchPath('/documents/new', path)) return <CreateDocumentPage />;
  if ((m = matchPath('/documents/:id', path))) return <DocumentPage id={m.id} />;
  if (matchPath('/designer', path))
    return (
      <Suspense fallback={<Loading />}>
        <RouteEditorPage />
      </Suspense>
    );
  if ((m = matchPath('/designer/:key', path)))
    return (
      <Suspense fallback={<Loading />}>
        <RouteEditorPage routeKey={m.key} />
      </Suspense>
    );
  if (matchPath('/nomenclature', path)) return <NomenclaturePage />;
  if (matchPath('/archive', path)) return <ArchivePage />;
  if (matchPath('/reports', path)) return <ReportsPage />;
  if (matchPath('/audit', path)) return <AuditPage />;
  if (matchPath('/requests', path)) return <RequestsPage />;
  if (matchPath('/requests/log', path)) return <RequestLogPage />;
  if (matchPath('/requests/reviews', path)) return <ReviewsPage />;
  if (matchPath('/requests/reference', path)) return <ReferencePage />;
  if (matchPath('/requests/cases', path)) return <CasesPage />;
  if (matchPath('/requests/requesters', path)) return <RequestersPage />;
  if (matchPath('/requests/data-sources', path)) return <DataSourcesPage />;
  if (matchPath('/requests/prosecutor-checks', path)) return <ProsecutorChecksPage />;
  if (matchPath('/oversight/incidents', path)) return <IncidentsPage />;
  if (matchPath('/oversight/maintenance', path)) return <MaintenancePage />;
  if (matchPath('/oversight/read-log', path)) return <ReadLogPage />;
  if (matchPath('/admin', path)) return <AdminPage tab="org" />;
  if ((m = matchPath('/admin/:tab', path))) return <AdminPage tab={m.tab} />;
  if (matchPath('/journals', path)) return <JournalsPage />;
  if (matchPath('/dispatch', path)) return <DispatchPage />;
  if (matchPath('/people', path)) return <PeoplePage />;
  if (matchPath('/access', path)) return <AccessPage />;
  if (matchPath('/help', path)) return <HelpPage />;
  if (matchPath('/search', path)) return <SearchPage />;
  if (matchPath('/notifications', path)) return <NotificationsPage />;
  return <Empty>{t('common.notFound')}</Empty>;
}

export function AppShell() {
  const { path } = useLocation();
  useEffect(() => {
    if (path === '/' || path === '/inbox' || path === '/index.html') navigate('/inbox/for-approval', { replace: true });
  }, [path]);
  return (
    <div className="shell">
      <TopBar />
      <div className="shell-body">
        <Sidebar path={path} />
        <main className="content">
          <MaintenanceBanner />
          <CalendarWarning />
          <Screen path={path} />
        </main>
      </div>
    </div>
  );
}
