/** Brand, the reader's language, who is signed in (and for whom they stand in), sign-out. */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { useSession } from '../session/session-context';
import { Icon } from '../ui/icon';
import { PersonName } from '../ui/widgets';
import { SearchBox } from '../search/search-page';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from '../notifications/notification-bell';

export function TopBar() {
  const { t } = useI18n();
  const session = useSession();
  const { employee } = session.me;
  const roles = session.roles.filter((r) => r !== 'employee');
  return (
    <header className="topbar">
      <Link to="/inbox/for-approval" className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Qujat</span>
        <span className="brand-sub">{t('shell.product')}</span>
      </Link>
      <SearchBox />
      <div className="topbar-right">
        {session.me.represents.length > 0 && (
          <span className="substitute-note" title={t('shell.substituting')}>
            {t('shell.substitutingFor')}{' '}
            {session.me.represents.map((r, i) => (
              <span key={r.absentId}>
                {i > 0 && ', '}
                <PersonName id={r.absentId} />
              </span>
            ))}
          </span>
        )}
        <NotificationBell />
        <LanguageSwitch tone="dark" />
        <div className="user" data-testid="current-user" data-employee-id={employee.id}>
          <div className="avatar">{employee.fullName.slice(0, 1)}</div>
          <div className="user-text">
            <div className="user-name">{employee.fullName}</div>
            <div className="user-roles">{roles.length ? roles.map((r) => t(`role.${r}` as MessageKey)).join(' · ') : t('role.employee')}</div>
          </div>
        </div>
        <button type="button" className="btn btn-ghost-dark" onClick={session.signOut} data-testid="sign-out" title={t('shell.signOut')}>
          <Icon name="out" />
        </button>
      </div>
    </header>
  );
}
