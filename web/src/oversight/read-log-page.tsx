/**
 * The read log for auditors (seed-004 ¶¶39–40): who saw what over a period — document cards opened, files downloaded,
 * searches run, shown or refused — narrowed by reader, kind and days (Astana). The per-document view ("who saw this
 * document") is on the document screen (readers-section.tsx).
 */
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { readersView } from '../../../api/services/read-log-routes';
import { ApiProblem, apiGet } from '../api/client';
import { useResource } from '../api/use-resource';
import { astanaInstant } from '../i18n/astana-time';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, Section } from '../ui/widgets';

type ReadEntry = z.output<typeof readersView>['entries'][number];
const KINDS = ['card', 'view', 'download', 'search'] as const;
const OUTCOME_TONE = { shown: 'ok', refused: 'bad', failed: 'warn' } as const;
const LIMIT = 500;

interface Filter {
  actorId?: string;
  kind?: (typeof KINDS)[number];
  from?: string;
  to?: string;
}

/** The words searched for, from the logged query string (its parameter names stay off the screen). */
function searchedWords(query: string | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  return [params.get('q'), params.get('text'), params.get('query')].filter(Boolean).join(' ');
}

/** The request's address without the IPv4-in-IPv6 prefix ("::ffff:10.0.0.5" → "10.0.0.5"). */
const addressOf = (source: string | undefined) => (source ?? '').replace(/^::ffff:/i, '');

/** The day after an ISO day: a period's last day counts whole. */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function ReadLogPage() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'auditor');
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const query = {
    actorId: filter.actorId,
    kind: filter.kind,
    from: filter.from ? astanaInstant(filter.from) : undefined,
    to: filter.to ? astanaInstant(nextDay(filter.to)) : undefined,
    limit: LIMIT,
  };
  const entries = useResource(allowed ? (signal) => apiGet<ReadEntry[]>('/api/oversight/read-log', query, signal) : undefined, [allowed, JSON.stringify(filter)]);
  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('readLog.onlyAuditors'))} />;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };

  return (
    <div className="page" data-testid="read-log-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.oversight')}</div>
          <h1>{t('nav.readLog')}</h1>
          <p className="muted">{t('readLog.help')}</p>
        </div>
      </div>
      <Section title={t('readLog.filter')}>
        <form className="form-grid" onSubmit={apply} data-testid="read-log-filter">
          <Field label={t('readLog.reader')}>
            <PersonPicker value={draft.actorId} onChange={(actorId) => setDraft({ ...draft, actorId })} testId="read-log-reader" includeInactive />
          </Field>
          <Field label={t('readLog.kind')}>
            <select value={draft.kind ?? ''} onChange={(e) => setDraft({ ...draft, kind: (e.target.value || undefined) as Filter['kind'] })} data-testid="read-log-kind">
              <option value="">{t('readLog.kind.any')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`readLog.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('readLog.from')}>
            <DateInput value={draft.from ?? ''} onChange={(from) => setDraft({ ...draft, from: from || undefined })} testId="read-log-from" />
          </Field>
          <Field label={t('readLog.to')}>
            <DateInput value={draft.to ?? ''} onChange={(to) => setDraft({ ...draft, to: to || undefined })} testId="read-log-to" />
          </Field>
          <div className="field-wide">
            <button type="submit" className="btn btn-primary" data-testid="read-log-search">
              {t('readLog.search')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('readLog.entries')} testId="read-log-entries" subtitle={entries.data?.length === LIMIT ? t('readLog.limited', { n: LIMIT }) : undefined}>
        <ProblemBanner error={entries.error} />
        {entries.loading && !entries.data ? (
          <Loading />
        ) : !entries.data?.length ? (
          <Empty>{t('readLog.none')}</Empty>
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('readLog.when')}</th>
                <th>{t('readLog.reader')}</th>
                <th>{t('readLog.kind')}</th>
                <th>{t('readLog.what')}</th>
                <th>{t('readLog.outcome')}</th>
                <th>{t('readLog.address')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id} data-testid="read-log-row" data-kind={e.kind}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.actorName ?? (e.actorId ? t('common.unknownPerson') : t('oversight.readers.anonymous'))}</td>
                  <td>{t(`readLog.kind.${e.kind}`)}</td>
                  <td>
                    {e.documentId ? (
                      <Link to={`/documents/${encodeURIComponent(e.documentId)}`}>{t('readLog.openDocument')}</Link>
                    ) : e.kind === 'search' ? (
                      searchedWords(e.query) ? `«${searchedWords(e.query)}»` : t('readLog.searchNoWords')
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <Badge tone={OUTCOME_TONE[e.outcome]}>{t(`readLog.outcome.${e.outcome}`)}</Badge>
                  </td>
                  <td>{addressOf(e.source)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
