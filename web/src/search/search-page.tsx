/**
 * Search: one box over every document I may see, ranked (GET /api/search), or field by field
 * (GET /api/search/advanced). The server decides visibility; counts never include what I may not see.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useCapabilities } from '../api/capabilities';
import { apiGet } from '../api/client';
import type { DocumentStatus } from '../api/types';
import { useResource } from '../api/use-resource';
import { draftNo } from '../documents/document-number';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link, navigate, useLocation } from '../router/router';
import { useSession } from '../session/session-context';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner, Unavailable } from '../ui/problem-view';
import { Badge, Empty, Loading, StatusBadge } from '../ui/widgets';
import { DateInput } from '../ui/date-input';

interface Hit {
  id: string;
  type: string;
  title: string;
  status: DocumentStatus;
  draftNumber?: string;
  registration?: { number?: string; registeredAt?: string };
  correspondent?: string;
  createdAt: string;
  dueAt?: string;
  overdue: boolean;
  score?: number;
  /** Spans of the title the query matched (other forms of a word included), [start, end). */
  titleMarks?: Array<[number, number]>;
}

/** The title with the words the query matched in <mark>. */
function MarkedTitle({ title, marks }: { title: string; marks?: Array<[number, number]> }) {
  if (!marks?.length) return <>{title}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start > at) parts.push(title.slice(at, start));
    parts.push(<mark key={start}>{title.slice(start, end)}</mark>);
    at = end;
  }
  if (at < title.length) parts.push(title.slice(at));
  return <>{parts}</>;
}
interface HitPage {
  total: number;
  page: number;
  pageSize: number;
  truncated?: boolean;
  items: Hit[];
}

const STATUSES: DocumentStatus[] = ['draft', 'on-approval', 'on-signing', 'on-registration', 'in-execution', 'awaiting-control-removal', 'executed', 'rejected', 'withdrawn'];
const ADVANCED_KEYS = ['q', 'type', 'status', 'correspondent', 'author', 'executor', 'createdFrom', 'createdTo', 'overdue'] as const;

export function SearchPage() {
  const { t, tr, date } = useI18n();
  const { types } = useSession();
  const caps = useCapabilities();
  const { query } = useLocation();
  const advanced = query.get('mode') === 'advanced';
  const params = Object.fromEntries(ADVANCED_KEYS.map((k) => [k, query.get(k) ?? '']).filter(([, v]) => v)) as Record<string, string>;
  const page = Number(query.get('page') ?? 1);
  const [form, setForm] = useState<Record<string, string>>(params);
  const ready = advanced ? Object.keys(params).length > 0 : !!params.q;
  const path = advanced ? '/api/search/advanced' : '/api/search';
  const results = useResource(
    ready && caps.has('get', path) ? (signal) => apiGet<HitPage>(path, advanced ? { ...params, page } : { q: params.q, page }, signal) : undefined,
    [query.toString(), caps.loaded],
  );

  const go = (next: Record<string, string>, mode = advanced ? 'advanced' : '') => {
    const qs = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    if (mode) qs.set('mode', mode);
    navigate(`/search?${qs.toString()}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(advanced ? form : { q: form.q ?? '' });
  };
  const set = (k: string, v: string | undefined) => setForm({ ...form, [k]: v ?? '' });
  const pages = results.data ? Math.max(1, Math.ceil(results.data.total / results.data.pageSize)) : 1;

  return (
    <div className="page" data-testid="search-page">
      <div className="page-head">
        <div>
          <h1>{t('search.title')}</h1>
          <p className="muted">{t('search.help')}</p>
        </div>
      </div>
      <div className="tabs tabs-page">
        <a href="/search" className={advanced ? '' : 'active'} onClick={(e) => (e.preventDefault(), go({ q: form.q ?? '' }, ''))}>
          {t('search.global')}
        </a>
        <a href="/search?mode=advanced" className={advanced ? 'active' : ''} onClick={(e) => (e.preventDefault(), navigate('/search?mode=advanced'))}>
          {t('search.advanced')}
        </a>
      </div>
      {!caps.has('get', path) && caps.loaded ? (
        <Unavailable what={`GET ${path}`} />
      ) : (
        <form className="card" onSubmit={submit}>
          <div className="card-body form-grid">
            <Field label={t('search.keywords')} errors={results.error?.fieldErrors('q')} wide={!advanced}>
              <input value={form.q ?? ''} onChange={(e) => set('q', e.target.value)} placeholder={t('search.placeholder')} data-testid="search-q" />
            </Field>
            {advanced && (
              <>
                <Field label={t('doc.type')}>
                  <select value={form.type ?? ''} onChange={(e) => set('type', e.target.value)}>
                    <option value="">{t('search.any')}</option>
                    {types.map((x) => (
                      <option key={x.id} value={x.id}>
                        {tr(x.title, x.id)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('inbox.status')}>
                  <select value={form.status ?? ''} onChange={(e) => set('status', e.target.value)}>
                    <option value="">{t('search.any')}</option>
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`status.${s}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('doc.correspondent')} errors={results.error?.fieldErrors('correspondent')}>
                  <input value={form.correspondent ?? ''} onChange={(e) => set('correspondent', e.target.value)} />
                </Field>
                <Field label={t('doc.author')}>
                  <PersonPicker value={form.author || undefined} onChange={(id) => set('author', id)} />
                </Field>
                <Field label={t('participant.executor')}>
                  <PersonPicker value={form.executor || undefined} onChange={(id) => set('executor', id)} />
                </Field>
                <Field label={t('search.createdFrom')} errors={results.error?.fieldErrors('createdFrom')}>
                  <DateInput value={form.createdFrom ?? ''} onChange={(v) => set('createdFrom', v)} />
                </Field>
                <Field label={t('search.createdTo')} errors={results.error?.fieldErrors('createdTo')}>
                  <DateInput value={form.createdTo ?? ''} onChange={(v) => set('createdTo', v)} />
                </Field>
                <label className="checkbox">
                  <input type="checkbox" checked={form.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />
                  {t('view.overdue')}
                </label>
              </>
            )}
            <div className="row">
              <button type="submit" className="btn btn-primary" data-testid="search-submit">
                {t('search.find')}
              </button>
            </div>
          </div>
        </form>
      )}
      <ProblemBanner error={results.error} />
      {results.loading && <Loading />}
      {results.data && (
        <div className="card">
          <div className="card-head">
            <h2>{t('search.found', { n: results.data.total })}</h2>
            {results.data.truncated && <span className="muted small">{t('search.truncated')}</span>}
          </div>
          {results.data.items.length === 0 ? (
            <Empty>{t('search.nothing')}</Empty>
          ) : (
            <table className="table" data-testid="search-results">
              <thead>
                <tr>
                  <th>{t('inbox.document')}</th>
                  <th>{t('doc.regNumber')}</th>
                  <th>{t('inbox.status')}</th>
                  <th>{t('doc.correspondent')}</th>
                  <th>{t('doc.created')}</th>
                </tr>
              </thead>
              <tbody>
                {results.data.items.map((h) => (
                  <tr key={h.id} className={h.overdue ? 'row-overdue' : undefined}>
                    <td>
                      <Link to={`/documents/${h.id}`} className="doc-link">
                        <MarkedTitle title={h.title} marks={h.titleMarks} />
                      </Link>
                      <div className="small muted">{tr(types.find((x) => x.id === h.type)?.title, h.type)}</div>
                    </td>
                    <td className="nowrap">{h.registration?.number ?? (h.draftNumber ? <span className="muted">{t('doc.draftShort', { n: draftNo(h.draftNumber) })}</span> : '—')}</td>
                    <td>
                      <StatusBadge status={h.status} />
                      {h.overdue && <Badge tone="bad">{t('inbox.overdue')}</Badge>}
                    </td>
                    <td>{h.correspondent ?? '—'}</td>
                    <td className="nowrap">{date(h.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <div className="pager">
              <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => go({ ...params, page: String(page - 1) })}>
                ←
              </button>
              <span>{t('inbox.page', { page, pages })}</span>
              <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => go({ ...params, page: String(page + 1) })}>
                →
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** The top bar's box: Enter opens the search page with the words typed. */
export function SearchBox() {
  const { t } = useI18n();
  const caps = useCapabilities();
  const [q, setQ] = useState('');
  if (caps.loaded && !caps.has('get', '/api/search')) return null;
  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search.placeholder')} aria-label={t('search.title')} data-testid="top-search" />
    </form>
  );
}
