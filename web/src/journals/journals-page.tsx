/**
 * The registration journals as the registry reads them every day: pick a journal and a year, narrow by the
 * registration day, the type or a word of the heading, open a card, and print the page as the paper journal.
 */
import { useMemo, useState } from 'react';
import { ApiProblem, apiGet } from '../api/client';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { Field, ProblemBanner } from '../ui/problem-view';
import { DateInput } from '../ui/date-input';
import { Empty, Loading, PersonName, Section, StatusBadge } from '../ui/widgets';
import type { DocumentStatus } from '../api/types';
import './journals.css';

interface Journal {
  code: string;
  title: Bilingual;
  direction: string;
}
interface Registration {
  documentId: string;
  number: string;
  registeredAt: string;
  registrarId: string;
  title?: string;
  correspondent?: string;
  documentType?: string;
  status?: string;
}
interface RegistrationsPage {
  year: number;
  total: number;
  page: number;
  pageSize: number;
  items: Registration[];
}

const PAGE_SIZE = 200;
const astanaYearNow = () => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric' }).format(new Date()));

export function JournalsPage() {
  const { t, tr, dateTime, lang } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'registrar', 'administrator');
  const journals = useResource(allowed ? (signal) => apiGet<Journal[]>('/api/journals', undefined, signal) : undefined, [allowed]);
  const [code, setCode] = useState<string>();
  const [year, setYear] = useState(astanaYearNow());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [words, setWords] = useState('');
  const [type, setType] = useState('');
  const [page, setPage] = useState(1);
  const current = code ?? journals.data?.[0]?.code;
  const rows = useResource(
    current ? (signal) => apiGet<RegistrationsPage>(`/api/journals/${encodeURIComponent(current)}/registrations`, { year, page, pageSize: PAGE_SIZE, from: from || undefined, to: to || undefined }, signal) : undefined,
    [current, year, page, from, to],
  );
  const typeTitle = (id?: string) => (id ? tr(session.types.find((x) => x.id === id)?.title, t('journals.otherType')) : '—');
  const shown = useMemo(() => {
    const needle = words.trim().toLocaleLowerCase(lang);
    return (rows.data?.items ?? []).filter(
      (r) => (!type || r.documentType === type) && (!needle || [r.number, r.title, r.correspondent].some((v) => v?.toLocaleLowerCase(lang).includes(needle))),
    );
  }, [rows.data, words, type, lang]);
  const typesHere = useMemo(() => [...new Set((rows.data?.items ?? []).map((r) => r.documentType).filter((x): x is string => !!x))], [rows.data]);

  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('journals.onlyRegistry'))} />;
  const journal = journals.data?.find((j) => j.code === current);
  const pages = rows.data ? Math.max(1, Math.ceil(rows.data.total / PAGE_SIZE)) : 1;

  return (
    <div className="page" data-testid="journals-page">
      <div className="page-head no-print">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.journals')}</h1>
          <p className="muted">{t('journals.help')}</p>
        </div>
        <button type="button" className="btn" onClick={() => window.print()} data-testid="journal-print" disabled={!rows.data}>
          {t('journals.print')}
        </button>
      </div>
      <ProblemBanner error={journals.error} />
      {journals.loading && <Loading />}
      {journals.data && journals.data.length === 0 && <Empty>{t('journals.none')}</Empty>}
      {journals.data && journals.data.length > 0 && (
        <>
          <div className="tabs tabs-page no-print" role="tablist" aria-label={t('nav.journals')}>
            {journals.data.map((j) => (
              <button
                key={j.code}
                type="button"
                role="tab"
                aria-selected={j.code === current}
                className={j.code === current ? 'active' : ''}
                onClick={() => {
                  setCode(j.code);
                  setPage(1);
                }}
                data-testid={`journal-tab-${j.code}`}
              >
                {tr(j.title)}
              </button>
            ))}
          </div>
          <form className="form-grid filters no-print" onSubmit={(e) => e.preventDefault()} data-testid="journal-filters">
            <Field label={t('journals.year')}>
              <input type="number" min={2000} max={2100} value={year} onChange={(e) => { setYear(Number(e.target.value) || astanaYearNow()); setPage(1); }} data-testid="journal-year" />
            </Field>
            <Field label={t('reports.from')}>
              <DateInput value={from} onChange={(iso) => { setFrom(iso); setPage(1); }} testId="journal-from" />
            </Field>
            <Field label={t('reports.to')}>
              <DateInput value={to} onChange={(iso) => { setTo(iso); setPage(1); }} testId="journal-to" />
            </Field>
            <Field label={t('doc.type')}>
              <select value={type} onChange={(e) => setType(e.target.value)} data-testid="journal-type">
                <option value="">{t('journals.anyType')}</option>
                {typesHere.map((id) => (
                  <option key={id} value={id}>
                    {typeTitle(id)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('journals.words')}>
              <input value={words} onChange={(e) => setWords(e.target.value)} data-testid="journal-words" />
            </Field>
          </form>
          <Section
            title={journal ? `${tr(journal.title)}, ${year}` : t('nav.journals')}
            subtitle={rows.data ? t('journals.count', { shown: shown.length, total: rows.data.total }) : undefined}
            testId="journal-table"
          >
            <div className="journal-print-head">
              <h1>{journal ? tr(journal.title) : ''}</h1>
              <p>
                {year}
                {from && ` · ${t('reports.from')} ${from.split('-').reverse().join('.')}`}
                {to && ` · ${t('reports.to')} ${to.split('-').reverse().join('.')}`}
              </p>
            </div>
            <ProblemBanner error={rows.error} />
            {rows.loading && <Loading />}
            {rows.data && shown.length === 0 && <Empty>{t('journals.empty')}</Empty>}
            {shown.length > 0 && (
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('journals.number')}</th>
                    <th>{t('journals.registeredAt')}</th>
                    <th>{t('doc.type')}</th>
                    <th>{t('doc.title')}</th>
                    <th>{t('doc.correspondent')}</th>
                    <th>{t('journals.registrar')}</th>
                    <th className="no-print">{t('journals.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.documentId} data-testid="journal-row">
                      <td className="nowrap">
                        <Link to={`/documents/${encodeURIComponent(r.documentId)}`}>№ {r.number}</Link>
                      </td>
                      <td className="nowrap">{dateTime(r.registeredAt)}</td>
                      <td>{typeTitle(r.documentType)}</td>
                      <td>{r.title ?? '—'}</td>
                      <td>{r.correspondent ?? '—'}</td>
                      <td>
                        <PersonName id={r.registrarId} />
                      </td>
                      <td className="no-print">{r.status ? <StatusBadge status={r.status as DocumentStatus} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {pages > 1 && (
              <div className="row no-print">
                <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  {t('journals.prev')}
                </button>
                <span>{t('journals.page', { page, pages })}</span>
                <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  {t('journals.next')}
                </button>
              </div>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
