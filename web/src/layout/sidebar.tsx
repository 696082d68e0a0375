/**
 * The left rail: create, then what waits for me, my own drafts, the chancellery's books and management; each item
 * only for the roles it serves (the server refuses the rest anyway, so a hidden item is never the only guard).
 */
import { useEffect } from 'react';
import { apiGet } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { VIEWS } from '../inbox/views';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { Icon, type IconName } from '../ui/icon';
import type { MessageKey } from '../i18n/dictionary';
import type { InboxView, Role } from '../api/types';

/** Counts change when anyone acts anywhere; a slow poll keeps them honest without a push channel. */
const COUNTS_POLL_MS = 30_000;

export function Sidebar({ path }: { path: string }) {
  const { t } = useI18n();
  const session = useSession();
  const counts = useResource((signal) => apiGet<Record<string, number>>('/api/inbox/counts', undefined, signal), [session.countsVersion, path]);
  const { reload } = counts;
  useEffect(() => {
    const timer = setInterval(reload, COUNTS_POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const item = (to: string, icon: IconName, label: MessageKey, count?: number, tone?: string, testId?: string) => {
    // '/requests' is one screen whose siblings (/requests/log, /requests/cases, …) are items of their own.
    const active = path === to || (to !== '/requests' && path.startsWith(`${to}/`));
    return (
      <Link to={to} className={`nav-item${active ? ' active' : ''}`} testId={testId}>
        <Icon name={icon} />
        <span className="nav-label">{t(label)}</span>
        {count !== undefined && count > 0 && <span className={`nav-count${tone ? ` ${tone}` : ''}`}>{count}</span>}
      </Link>
    );
  };

  const has = (...roles: Role[]) => hasRole(session, ...roles);
  const view = (id: InboxView) => {
    const v = VIEWS.find((x) => x.id === id)!;
    return <div key={id}>{item(`/inbox/${id}`, v.icon, v.label, counts.data?.[id], id === 'overdue' ? 'bad' : undefined, `nav-${id}`)}</div>;
  };
  // A view bound to a role shows for that role, and for anyone who has something in it (a substitute, say).
  const viewFor = (id: InboxView, ...roles: Role[]) => (has(...roles) || (counts.data?.[id] ?? 0) > 0 ? view(id) : null);
  const records = [
    viewFor('for-registration', 'registrar'),
    viewFor('control-removal', 'controller'),
    has('registrar', 'administrator') && <div key="journals">{item('/journals', 'register', 'nav.journals', undefined, undefined, 'nav-journals')}</div>,
    has('registrar', 'administrator', 'auditor') && <div key="dispatch">{item('/dispatch', 'out', 'nav.dispatch', undefined, undefined, 'nav-dispatch')}</div>,
    <div key="nomenclature">{item('/nomenclature', 'file', 'nav.nomenclature', undefined, undefined, 'nav-nomenclature')}</div>,
    has('registrar', 'administrator', 'auditor') && <div key="archive">{item('/archive', 'register', 'nav.archive', undefined, undefined, 'nav-archive')}</div>,
    has('controller', 'registrar', 'administrator', 'auditor') && <div key="reports">{item('/reports', 'control', 'nav.reports', undefined, undefined, 'nav-reports')}</div>,
    // Information requests' books: the reference tables and the case register are read by everyone (each sees their own cases).
    <div key="reference">{item('/requests/reference', 'file', 'nav.reference', undefined, undefined, 'nav-reference')}</div>,
    <div key="cases">{item('/requests/cases', 'register', 'nav.cases', undefined, undefined, 'nav-cases')}</div>,
    // Who may ask under which catalogue role, and what the registered data sources answer: administrators' settings.
    has('administrator') && <div key="requesters">{item('/requests/requesters', 'admin', 'nav.requesters', undefined, undefined, 'nav-requesters')}</div>,
    has('administrator') && <div key="data-sources">{item('/requests/data-sources', 'file', 'nav.dataSources', undefined, undefined, 'nav-data-sources')}</div>,
  ].filter(Boolean);
  const management = [
    has('designer') && <div key="designer">{item('/designer', 'route', 'nav.designer', undefined, undefined, 'nav-designer')}</div>,
    has('auditor', 'administrator') && <div key="audit">{item('/audit', 'audit', 'nav.audit', undefined, undefined, 'nav-audit')}</div>,
    has('administrator', 'auditor') && <div key="people">{item('/people', 'admin', 'nav.people', undefined, undefined, 'nav-people')}</div>,
    has('administrator', 'auditor') && <div key="maintenance">{item('/oversight/maintenance', 'overdue', 'nav.maintenance', undefined, undefined, 'nav-maintenance')}</div>,
    has('administrator') && <div key="admin">{item('/admin', 'admin', 'nav.admin', undefined, undefined, 'nav-admin')}</div>,
  ].filter(Boolean);
  // Oversight of access and of the system itself: what was asked and read, incidents, prosecutors' checks.
  const oversight = [
    has('auditor', 'administrator') && <div key="request-log">{item('/requests/log', 'audit', 'nav.infoLog', undefined, undefined, 'nav-request-log')}</div>,
    has('auditor') && <div key="read-log">{item('/oversight/read-log', 'acknowledge', 'nav.readLog', undefined, undefined, 'nav-read-log')}</div>,
    has('administrator', 'auditor') && <div key="incidents">{item('/oversight/incidents', 'rejected', 'nav.incidents', undefined, undefined, 'nav-incidents')}</div>,
    has('auditor') && <div key="prosecutor-checks">{item('/requests/prosecutor-checks', 'audit', 'nav.prosecutorChecks', undefined, undefined, 'nav-prosecutor-checks')}</div>,
  ].filter(Boolean);

  // Grouped the way a clerk thinks of the day: what waits for me, what I am writing, the chancellery's books, management.
  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <Link to="/documents/new" className="btn btn-primary btn-block nav-create" testId="nav-create">
        <Icon name="plus" /> {t('nav.newDocument')}
      </Link>
      <div className="nav-group">
        <div className="nav-heading">{t('nav.myTasks')}</div>
        {(['for-approval', 'for-signing', 'incoming', 'execution', 'acknowledgement', 'overdue'] as const).map(view)}
        {counts.error && <div className="nav-error">{t('nav.countsUnavailable')}</div>}
      </div>
      <div className="nav-group">
        <div className="nav-heading">{t('nav.myDocuments')}</div>
        {view('drafts')}
        {view('rejected')}
        <div>{item('/requests', 'out', 'nav.infoRequests', undefined, undefined, 'nav-requests')}</div>
        <div>{item('/requests/reviews', 'control', 'nav.infoReviews', undefined, undefined, 'nav-request-reviews')}</div>
        <div>{item('/access', 'acknowledge', 'nav.access', undefined, undefined, 'nav-access')}</div>
      </div>
      <div className="nav-group">
        <div className="nav-heading">{t('nav.records')}</div>
        {records}
      </div>
      {management.length > 0 && (
        <div className="nav-group">
          <div className="nav-heading">{t('nav.management')}</div>
          {management}
        </div>
      )}
      {oversight.length > 0 && (
        <div className="nav-group">
          <div className="nav-heading">{t('nav.oversight')}</div>
          {oversight}
        </div>
      )}
      <div className="nav-group">{item('/help', 'help', 'nav.help')}</div>
    </nav>
  );
}
