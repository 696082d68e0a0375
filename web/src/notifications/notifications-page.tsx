/**
 * My notifications, newest first: a click marks one read and opens its document. Below, how each kind
 * reaches me (in the application, also by e-mail, or in the daily digest) and the language of my mail.
 */
import { useEffect, useState } from 'react';
import { api, apiGet, apiPost, type ApiProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { navigate } from '../router/router';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, Section } from '../ui/widgets';
import { refreshUnread, useUnreadNotifications } from './unread';

interface Text {
  title: string;
  body: string;
}
interface NotificationItem {
  id: string;
  kind: string;
  documentId?: string;
  createdAt: string;
  readAt?: string;
  text: { kk: Text; ru: Text };
}
interface NotificationPage {
  page: number;
  pageSize: number;
  total: number;
  unread: number;
  items: NotificationItem[];
}
type Channel = 'app' | 'email' | 'digest';
interface Preferences {
  language: 'kk' | 'ru';
  hasEmail: boolean;
  kinds: Array<{ kind: string; label: { kk: string; ru: string }; channel: Channel; defaultChannel: Channel }>;
}

const PAGE_SIZE = 20;

export function NotificationsPage() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const unread = useUnreadNotifications();
  const list = useResource((signal) => apiGet<NotificationPage>('/api/me/notifications', { page, pageSize: PAGE_SIZE }, signal), [page]);
  const [error, setError] = useState<ApiProblem>();

  // A new one arrived (or another tab marked some read): show the list as it is now.
  useEffect(() => {
    if (unread !== undefined && list.data && unread !== list.data.unread) list.reload();
  }, [unread]);

  async function open(item: NotificationItem): Promise<void> {
    try {
      if (!item.readAt) await apiPost(`/api/me/notifications/${encodeURIComponent(item.id)}/read`);
      await refreshUnread();
      if (item.documentId) navigate(`/documents/${item.documentId}`);
      else list.reload();
    } catch (e) {
      setError(e as ApiProblem);
    }
  }

  async function readAll(): Promise<void> {
    try {
      await apiPost('/api/me/notifications/read-all');
      await refreshUnread();
      list.reload();
    } catch (e) {
      setError(e as ApiProblem);
    }
  }

  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <div className="page" data-testid="notifications-page">
      <h1>{t('notifications.title')}</h1>
      <ProblemBanner error={error ?? list.error} />
      <Section
        title={t('notifications.list')}
        actions={
          <button type="button" className="btn" onClick={() => void readAll()} disabled={!list.data?.unread} data-testid="read-all">
            {t('notifications.readAll')}
          </button>
        }
      >
        {list.loading && !list.data ? (
          <Loading />
        ) : !list.data?.items.length ? (
          <Empty>{t('notifications.empty')}</Empty>
        ) : (
          <ul className="notification-list">
            {list.data.items.map((item) => (
              <li key={item.id} className={item.readAt ? 'notification' : 'notification notification-unread'}>
                <button type="button" className="notification-open" onClick={() => void open(item)} data-testid="notification">
                  <span className="notification-when">{formatDateTime(item.createdAt)}</span>
                  <span className="notification-title">{item.text[lang].title}</span>
                  <span className="notification-body">{item.text[lang].body}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {pages > 1 && (
          <div className="pager">
            <button type="button" className="btn" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              ‹
            </button>
            <span>{t('inbox.page', { page, pages })}</span>
            <button type="button" className="btn" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              ›
            </button>
          </div>
        )}
      </Section>
      <PreferencesSection />
    </div>
  );
}

function PreferencesSection() {
  const { t, lang } = useI18n();
  const prefs = useResource((signal) => apiGet<Preferences>('/api/me/notification-preferences', undefined, signal), []);
  const [draft, setDraft] = useState<Preferences>();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  useEffect(() => setDraft(prefs.data), [prefs.data]);

  async function save(): Promise<void> {
    if (!draft) return;
    setSaved(false);
    try {
      const channels = Object.fromEntries(draft.kinds.map((k) => [k.kind, k.channel]));
      setDraft(await api<Preferences>('PUT', '/api/me/notification-preferences', { body: { channels, language: draft.language } }));
      setSaved(true);
    } catch (e) {
      setError(e as ApiProblem);
    }
  }

  if (!draft) return prefs.error ? <ProblemBanner error={prefs.error} /> : <Loading />;
  return (
    <Section title={t('notifications.preferences')} subtitle={draft.hasEmail ? undefined : t('notifications.noEmail')}>
      <ProblemBanner error={error} />
      <table className="table" data-testid="notification-preferences">
        <thead>
          <tr>
            <th>{t('notifications.kind')}</th>
            <th>{t('notifications.channel')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.kinds.map((k, i) => (
            <tr key={k.kind}>
              <td>{k.label[lang]}</td>
              <td>
                <select
                  aria-label={`${k.label[lang]}: ${t('notifications.channel')}`}
                  value={k.channel}
                  onChange={(e) => setDraft({ ...draft, kinds: draft.kinds.map((x, j) => (j === i ? { ...x, channel: e.target.value as Channel } : x)) })}
                >
                  <option value="app">{t('notifications.channel.app')}</option>
                  <option value="email">{t('notifications.channel.email')}</option>
                  <option value="digest">{t('notifications.channel.digest')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="field-inline">
        {t('notifications.mailLanguage')}{' '}
        <select value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as 'kk' | 'ru' })}>
          <option value="kk">Қазақ тілі</option>
          <option value="ru">Русский язык</option>
        </select>
      </label>{' '}
      <button type="button" className="btn btn-primary" onClick={() => void save()}>
        {t('common.save')}
      </button>
      {saved && <span className="muted"> {t('notifications.saved')}</span>}
    </Section>
  );
}
