/** The left rail: create, the "My documents" views with their counts, and the role-specific workspaces. */
import { useEffect } from 'react';
import { apiGet } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { VIEWS } from '../inbox/views';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { Icon, type IconName } from '../ui/icon';
import type { MessageKey } from '../i18n/dictionary';

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
    const active = path === to || path.startsWith(`${to}/`);
    return (
      <Link to={to} className={`nav-item${active ? ' active' : ''}`} testId={testId}>
        <Icon name={icon} />
        <span className="nav-label">{t(label)}</span>
        {count !== undefined && count > 0 && <span className={`nav-count${tone ? ` ${tone}` : ''}`}>{count}</span>}
      </Link>
    );
  };

  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <Link to="/documents/new" className="btn btn-primary btn-block nav-create" testId="nav-create">
        <Icon name="plus" /> {t('nav.newDocument')}
      </Link>
      <div className="nav-group">
        <div className="nav-heading">{t('nav.myDocuments')}</div>
        {VIEWS.map((v) => (
          <div key={v.id}>{item(`/inbox/${v.id}`, v.icon, v.label, counts.data?.[v.id], v.id === 'overdue' ? 'bad' : undefined, `nav-${v.id}`)}</div>
        ))}
        {counts.error && <div className="nav-error">{t('nav.countsUnavailable')}</div>}
      </div>
      <div className="nav-group">
        <div className="nav-heading">{t('nav.workspace')}</div>
        {hasRole(session, 'designer') && item('/designer', 'route', 'nav.designer', undefined, undefined, 'nav-designer')}
        {item('/nomenclature', 'file', 'nav.nomenclature', undefined, undefined, 'nav-nomenclature')}
        {hasRole(session, 'registrar', 'administrator') && item('/journals', 'register', 'nav.journals', undefined, undefined, 'nav-journals')}
        {hasRole(session, 'registrar', 'administrator', 'auditor') && item('/dispatch', 'out', 'nav.dispatch', undefined, undefined, 'nav-dispatch')}
        {hasRole(session, 'administrator', 'auditor') && item('/people', 'admin', 'nav.people', undefined, undefined, 'nav-people')}
        {item('/access', 'acknowledge', 'nav.access', undefined, undefined, 'nav-access')}
        {hasRole(session, 'registrar', 'administrator', 'auditor') && item('/archive', 'register', 'nav.archive', undefined, undefined, 'nav-archive')}
        {hasRole(session, 'controller', 'registrar', 'administrator', 'auditor') && item('/reports', 'control', 'nav.reports', undefined, undefined, 'nav-reports')}
        {hasRole(session, 'auditor', 'administrator') && item('/audit', 'audit', 'nav.audit', undefined, undefined, 'nav-audit')}
        {item('/requests', 'out', 'nav.infoRequests', undefined, undefined, 'nav-requests')}
        {item('/requests/reviews', 'control', 'nav.infoReviews', undefined, undefined, 'nav-request-reviews')}
        {hasRole(session, 'auditor', 'administrator') && item('/requests/log', 'audit', 'nav.infoLog', undefined, undefined, 'nav-request-log')}
        {hasRole(session, 'administrator') && item('/admin', 'admin', 'nav.admin', undefined, undefined, 'nav-admin')}
        {item('/help', 'help', 'nav.help')}
      </div>
    </nav>
  );
}
