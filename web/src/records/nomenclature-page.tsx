/**
 * The nomenclature of files of a year: sections by unit, each file with its index, title, storage period and
 * medium; the registry office adds files and closes them, and prints a file's inventory and cover.
 */
import { useState, type FormEvent } from 'react';
import { apiGet, apiPost, ApiProblem, isProblem } from '../api/client';
import { openFile } from '../api/download';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, Section } from '../ui/widgets';

interface CaseFile {
  id: string;
  index: string;
  title: Bilingual;
  retentionYears: number | null;
  retentionArticle?: string;
  medium: 'electronic' | 'paper';
  state: 'open' | 'closed' | 'archived' | 'destroyed';
  journals: string[];
}
interface Nomenclature {
  year: number;
  sections: Array<{ unitId: string; name: Bilingual; files: CaseFile[] }>;
}

const astanaYear = () => new Date(Date.now() + 5 * 3600_000).getUTCFullYear();

export function NomenclaturePage() {
  const { t, tr, lang } = useI18n();
  const session = useSession();
  const [year, setYear] = useState(astanaYear());
  const [error, setError] = useState<ApiProblem>();
  const list = useResource((signal) => apiGet<Nomenclature>('/api/nomenclature', { year: String(year) }, signal), [year]);
  const keeper = hasRole(session, 'registrar', 'administrator');
  const journals = useResource(keeper ? (signal) => apiGet<Array<{ code: string; title: { kk: string; ru: string } }>>('/api/journals', undefined, signal).catch(() => []) : undefined, [keeper]);

  const run = (work: () => Promise<unknown>) => {
    setError(undefined);
    work()
      .then(() => list.reload())
      .catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message)));
  };

  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (n: string) => String(form.get(n) ?? '').trim();
    const target = e.currentTarget;
    run(async () => {
      await apiPost('/api/nomenclature', {
        year,
        index: text('index'),
        unitId: session.me.employee.unitId,
        title: { kk: text('titleKk'), ru: text('titleRu') },
        retentionYears: text('retentionYears') ? Number(text('retentionYears')) : null,
        medium: text('medium') || 'electronic',
        journals: form.getAll('journals').map(String).filter(Boolean),
      });
      target.reset();
    });
  };

  return (
    <div className="page" data-testid="nomenclature-page">
      <div className="page-head">
        <h1>{t('nav.nomenclature')}</h1>
        <label className="row">
          {t('nomenclature.year')}
          <input type="number" value={year} min={2000} max={2100} onChange={(e) => setYear(Number(e.target.value) || astanaYear())} />
        </label>
      </div>
      <ProblemBanner error={error ?? list.error} />
      {keeper && year < astanaYear() && (
        <div className="row">
          <button type="button" className="btn" data-testid="archive-year" onClick={() => run(() => apiPost('/api/nomenclature/archive-year', { year }))}>
            {t('archive.year')}
          </button>
        </div>
      )}
      {list.data && list.data.sections.length === 0 && <Empty>{t('nomenclature.empty')}</Empty>}
      {list.data?.sections.map((section) => (
        <Section key={section.unitId} title={tr(section.name)}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('nomenclature.index')}</th>
                <th>{t('doc.title')}</th>
                <th>{t('nomenclature.retention')}</th>
                <th>{t('nomenclature.medium')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {section.files.map((f) => (
                <tr key={f.id} data-testid="case-file-row">
                  <td>{f.index}</td>
                  <td>{f.title[lang]}</td>
                  <td>{f.retentionYears === null ? t('nomenclature.permanent') : t('nomenclature.years', { n: f.retentionYears })}{f.retentionArticle ? ` (${f.retentionArticle})` : ''}</td>
                  <td>
                    {t(`nomenclature.medium.${f.medium}`)} · {t(`nomenclature.state.${f.state}`)}
                  </td>
                  <td className="row">
                    <button type="button" className="btn btn-small" onClick={() => run(() => openFile(`/api/nomenclature/${encodeURIComponent(f.id)}/forms/file-inventory`, { language: lang }))}>
                      {t('records.form.file-inventory')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => run(() => openFile(`/api/nomenclature/${encodeURIComponent(f.id)}/forms/file-cover`, { language: lang }))}>
                      {t('records.form.file-cover')}
                    </button>
                    {keeper && f.state === 'open' && (
                      <button type="button" className="btn btn-small" onClick={() => run(() => apiPost(`/api/nomenclature/${encodeURIComponent(f.id)}/close`))}>
                        {t('nomenclature.close')}
                      </button>
                    )}
                    {keeper && f.state === 'closed' && (
                      <button type="button" className="btn btn-small" data-testid="archive-file" onClick={() => run(() => apiPost(`/api/nomenclature/${encodeURIComponent(f.id)}/archive`))}>
                        {t('archive.toArchive')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ))}
      {keeper && (
        <Section title={t('nomenclature.addFile')}>
          <form className="form" onSubmit={add} data-testid="case-file-form">
            <label>
              {t('nomenclature.index')}
              <input name="index" required placeholder="01-15" />
            </label>
            <label>
              {t('nomenclature.titleKk')}
              <input name="titleKk" required />
            </label>
            <label>
              {t('nomenclature.titleRu')}
              <input name="titleRu" required />
            </label>
            <label>
              {t('nomenclature.retentionYears')}
              <input name="retentionYears" type="number" min={1} max={100} />
            </label>
            <label>
              {t('nomenclature.medium')}
              <select name="medium" defaultValue="electronic">
                <option value="electronic">{t('nomenclature.medium.electronic')}</option>
                <option value="paper">{t('nomenclature.medium.paper')}</option>
              </select>
            </label>
            <label>
              {t('nomenclature.journals')}
              {/* Journals by their names; several with Ctrl, none for a file that no journal fills. */}
              <select name="journals" multiple size={Math.min(4, Math.max(2, journals.data?.length ?? 2))}>
                {(journals.data ?? []).map((j) => (
                  <option key={j.code} value={j.code}>
                    {tr(j.title)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn btn-primary">
              {t('common.create')}
            </button>
          </form>
        </Section>
      )}
    </div>
  );
}
