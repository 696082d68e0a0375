/**
 * The case register the justification check reads (seed-004 ¶5): cases per register (ЕРДР, АЕ ААЖ, АІО ААЖ, courts)
 * with the employees who have them in their proceedings and the charged articles. Employees see their own cases;
 * administrators and auditors the whole register; administrators add and edit cases and import a CSV file, which is
 * refused whole when a line is wrong — the line and what is wrong with it are said in words.
 */
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, apiGet, apiPost, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { FilePick } from '../ui/file-pick';
import { PeoplePicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, PersonName, Section } from '../ui/widgets';

const REGISTERS = ['erdr', 'special-accounts', 'enforcement', 'court'] as const;
type Register = (typeof REGISTERS)[number];
interface CaseRow {
  id: string;
  register: Register;
  number: string;
  court?: string;
  year?: string;
  assignedTo: string[];
  articles: string[];
}
type Draft = Omit<CaseRow, 'id'>;

const EMPTY: Draft = { register: 'erdr', number: '', court: '', year: '', assignedTo: [], articles: [] };
const registerKey = (r: string) => `cases.register.${r}` as MessageKey;
/** "245-1" as a lawyer writes it: "245-бап 1-бөлік" / "ст. 245 ч. 1". */
function useArticleText() {
  const { t } = useI18n();
  return (key: string) => {
    const [a, p] = key.split('-');
    return p ? t('ref.article.withPart', { a, p }) : t('ref.article.whole', { a, p: '' });
  };
}

function CaseForm({ initial, editing, onSaved, onCancel }: { initial: Draft; editing: boolean; onSaved(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(initial);
  const [articles, setArticles] = useState(initial.articles.join('; '));
  const [error, setError] = useState<ApiProblem>();
  const court = draft.register === 'court';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api('PUT', '/api/information-requests/cases', {
        body: {
          register: draft.register,
          number: draft.number.trim(),
          court: court ? draft.court?.trim() || undefined : undefined,
          year: court ? draft.year?.trim() || undefined : undefined,
          assignedTo: draft.assignedTo,
          articles: articles.split(/[;,]/).map((s) => s.trim()).filter(Boolean),
        },
      });
      onSaved();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    }
  }

  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="case-form">
      <ProblemBanner error={error} />
      <Field label={t('cases.register')}>
        <select value={draft.register} disabled={editing} onChange={(e) => setDraft({ ...draft, register: e.target.value as Register })} data-testid="case-register">
          {REGISTERS.map((r) => (
            <option key={r} value={r}>
              {t(registerKey(r))}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('cases.number')} errors={error?.fieldErrors('number')}>
        <input value={draft.number} readOnly={editing} onChange={(e) => setDraft({ ...draft, number: e.target.value })} maxLength={64} required data-testid="case-number" />
      </Field>
      {court && (
        <>
          <Field label={t('cases.court')} errors={error?.fieldErrors('court')}>
            <input value={draft.court ?? ''} readOnly={editing} onChange={(e) => setDraft({ ...draft, court: e.target.value })} maxLength={200} data-testid="case-court" />
          </Field>
          <Field label={t('cases.year')} errors={error?.fieldErrors('year')}>
            <input value={draft.year ?? ''} readOnly={editing} onChange={(e) => setDraft({ ...draft, year: e.target.value })} inputMode="numeric" maxLength={4} data-testid="case-year" />
          </Field>
        </>
      )}
      <Field label={t('cases.assigned')} wide errors={error?.fieldErrors('assignedTo')}>
        <PeoplePicker values={draft.assignedTo} onChange={(assignedTo) => setDraft({ ...draft, assignedTo })} testId="case-assigned" />
      </Field>
      <Field label={t('cases.articles')} wide hint={t('cases.articlesHint')} errors={error?.fieldErrors('articles')}>
        <input value={articles} onChange={(e) => setArticles(e.target.value)} data-testid="case-articles" />
      </Field>
      {editing && <p className="muted field-wide">{t('cases.keyHint')}</p>}
      <div className="field-wide">
        <button type="submit" className="btn btn-primary" disabled={!draft.number.trim() || !draft.assignedTo.length} data-testid="case-save">
          {t('common.save')}
        </button>{' '}
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The import's refusal: each wrong line by its number, in words. */
function ImportRefusal({ error }: { error: ApiProblem }) {
  const { t } = useI18n();
  const lines = Array.isArray(error.body?.lines) ? (error.body.lines as Array<{ line: number; code: string }>) : [];
  if (!lines.length) return <ProblemBanner error={error} />;
  return (
    <div className="problem" role="alert" data-testid="case-import-refused">
      <div className="problem-head">
        <strong>{t('cases.import.refused')}</strong>
      </div>
      <ul className="problem-fields">
        {lines.map((l) => (
          <li key={`${l.line}-${l.code}`} data-testid="case-import-line">
            {t('cases.import.line', { n: l.line })}: {t(`cases.import.problem.${l.code}` as MessageKey)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImportForm({ onImported }: { onImported(n: number): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setBusy(true);
    try {
      const result = await apiPost<{ imported: number }>('/api/information-requests/cases/import', { csv: await file.text() });
      onImported(result.imported);
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="case-import">
      <p className="muted">{t('cases.import.help')}</p>
      <details className="expert">
        <summary>{t('cases.import.format')}</summary>
        <code>register,number,court,year,assignedTo,articles</code>
        <p>{t('cases.import.formatHelp')}</p>
      </details>
      {error && <ImportRefusal error={error} />}
      <div className="row">
        <FilePick file={file} onChange={setFile} label={t('cases.import.file')} accept=".csv,text/csv" testId="case-import-file" />
        <button type="submit" className="btn btn-primary" disabled={!file || busy} data-testid="case-import-submit">
          {t('cases.import.submit')}
        </button>
      </div>
    </form>
  );
}

export function CasesPage() {
  const { t } = useI18n();
  const session = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const wholeRegister = hasRole(session, 'administrator', 'auditor');
  const cases = useResource((signal) => apiGet<CaseRow[]>('/api/information-requests/cases', undefined, signal), []);
  const [editing, setEditing] = useState<string | 'new'>();
  const [search, setSearch] = useState('');
  const [register, setRegister] = useState<Register | ''>('');
  const [notice, setNotice] = useState<string>();
  const articleText = useArticleText();
  const { people } = session;
  const needle = search.trim().toLowerCase();
  const shown = (cases.data ?? []).filter(
    (c) =>
      (!register || c.register === register) &&
      (!needle ||
        c.number.toLowerCase().includes(needle) ||
        (c.court ?? '').toLowerCase().includes(needle) ||
        (c.year ?? '') === needle ||
        c.articles.some((a) => a.startsWith(needle)) ||
        c.assignedTo.some((id) => (people.get(id)?.fullName ?? '').toLowerCase().includes(needle))),
  );
  const saved = () => {
    setEditing(undefined);
    cases.reload();
  };

  return (
    <div className="page" data-testid="cases-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.records')}</div>
          <h1>{t('nav.cases')}</h1>
          <p className="muted">{t(wholeRegister ? 'cases.help' : 'cases.helpMine')}</p>
        </div>
      </div>
      {isAdmin && (
        <Section title={t('cases.import.title')} testId="case-import-section">
          {notice && (
            <div className="note note-ok" role="status" data-testid="case-import-done">
              {notice}
            </div>
          )}
          <ImportForm
            onImported={(n) => {
              setNotice(t('cases.import.done', { n }));
              cases.reload();
            }}
          />
        </Section>
      )}
      <Section
        title={t('cases.list')}
        testId="cases-list"
        actions={
          isAdmin && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => setEditing('new')} data-testid="case-new">
              {t('cases.new')}
            </button>
          )
        }
      >
        {editing === 'new' && <CaseForm initial={EMPTY} editing={false} onSaved={saved} onCancel={() => setEditing(undefined)} />}
        <div className="filters">
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('cases.search')} aria-label={t('cases.search')} data-testid="cases-search" />
          <select value={register} onChange={(e) => setRegister(e.target.value as Register | '')} aria-label={t('cases.register')} data-testid="cases-register-filter">
            <option value="">{t('cases.anyRegister')}</option>
            {REGISTERS.map((r) => (
              <option key={r} value={r}>
                {t(registerKey(r))}
              </option>
            ))}
          </select>
        </div>
        <ProblemBanner error={cases.error} />
        {cases.loading && !cases.data ? (
          <Loading />
        ) : !shown.length ? (
          <Empty>{t('cases.none')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('cases.register')}</th>
                <th>{t('cases.number')}</th>
                <th>{t('cases.court')}</th>
                <th>{t('cases.year')}</th>
                <th>{t('cases.assigned')}</th>
                <th>{t('cases.articles')}</th>
                {isAdmin && <th aria-label={t('ref.actions')} />}
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => [
                <tr key={c.id} data-testid="case-row" data-number={c.number}>
                  <td>{t(registerKey(c.register))}</td>
                  <td>№ {c.number}</td>
                  <td>{c.court ?? '—'}</td>
                  <td>{c.year ?? '—'}</td>
                  <td>
                    {c.assignedTo.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <PersonName id={id} />
                      </span>
                    ))}
                  </td>
                  <td>{c.articles.length ? c.articles.map(articleText).join('; ') : '—'}</td>
                  {isAdmin && (
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => setEditing(c.id)} data-testid="case-edit">
                        {t('ref.edit')}
                      </button>
                    </td>
                  )}
                </tr>,
                editing === c.id && (
                  <tr key={`${c.id}-edit`} className="row-detail">
                    <td colSpan={7}>
                      <CaseForm initial={c} editing onSaved={saved} onCancel={() => setEditing(undefined)} />
                    </td>
                  </tr>
                ),
              ])}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
