/** The bell in the top bar: the unread count, live; a click opens the notifications page. */
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';
import { useUnreadNotifications } from './unread';

export function NotificationBell() {
  const { t } = useI18n();
  const unread = useUnreadNotifications() ?? 0;
  return (
    <Link to="/notifications" className="bell" title={t('notifications.title')}>
      <svg width="18" height="18" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1.5 1.5h-11zM6.5 14a1.5 1.5 0 0 0 3 0" />
      </svg>
      <span className={unread > 0 ? 'bell-count' : 'bell-count bell-count-zero'} data-testid="bell-count" aria-label={t('notifications.unread')}>
        {unread > 99 ? '99+' : unread}
      </span>
    </Link>
  );
}
