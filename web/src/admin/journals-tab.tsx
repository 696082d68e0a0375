/** Registration journals: index, number template, width, direction; the next number's example. */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Loading, Section } from '../ui/widgets';

interface Journal {
  code: string;
  title: Bilingual;
  index: string;
  format: string;
  width: number;
  direction: string;
  example: string;
}

/** The number template's placeholders as the administrator reads and types them; the server keeps the Latin ones. */
const TOKENS: Record<'kk' | 'ru', Array<[string, string]>> = {
  kk: [['{index}', '{индекс}'], ['{seq}', '{нөмір}'], ['{year}', '{жыл}']],
  ru: [['{index}', '{индекс}'], ['{seq}', '{номер}'], ['{year}', '{год}']],
};
const localFormat = (format: string, lang: 'kk' | 'ru') => TOKENS[lang].reduce((f, [server, local]) => f.split(server).join(local), format);
const serverFormat = (format: string, lang: 'kk' | 'ru') => TOKENS[lang].reduce((f, [server, local]) => f.split(local).join(server), format);
const DIRECTIONS = ['incoming', 'outgoing', 'internal'] as const;

const EMPTY = { code: '', kk: '', ru: '', index: '', format: '{index}/{seq}', width: '0', direction: 'internal' };

export function JournalsTab() {
  const { t, tr, lang } = useI18n();
  const directionName = (d: string) => ((DIRECTIONS as readonly string[]).includes(d) ? t(`admin.direction.${d}` as MessageKey) : '—');
  const list = useResource((signal) => apiGet<Journal[]>('/api/journals', undefined, signal), []);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<ApiProblem>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await apiPost('/api/journals', {
        code: form.code,
        title: { kk: form.kk, ru: form.ru },
        index: form.index,
        format: serverFormat(localFormat(form.format, lang), lang),
        width: Number(form.width),
        direction: form.direction,
      });
      setForm(EMPTY);
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <div className="stack">
      <Section title={t('admin.tab.journals')} testId="journals">
        <ProblemBanner error={list.error} />
        {list.loading && <Loading />}
        {list.data && (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('doc.title')}</th>
                <th>{t('admin.index')}</th>
                <th>{t('admin.format')}</th>
                <th>{t('admin.direction')}</th>
                <th>{t('admin.example')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((j) => (
                <tr key={j.code}>
                  <td>{tr(j.title)}</td>
                  <td>{j.index}</td>
                  <td>{localFormat(j.format, lang)}</td>
                  <td>{directionName(j.direction)}</td>
                  <td className="mono">{j.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('admin.newJournal')}>
        <form className="form-grid" onSubmit={create}>
          <ProblemBanner error={error} />
          <Field label={t('admin.code')} errors={error?.fieldErrors('code')}>
            <input value={form.code} onChange={set('code')} required />
          </Field>
          <Field label={t('admin.index')} errors={error?.fieldErrors('index')}>
            <input value={form.index} onChange={set('index')} required />
          </Field>
          <Field label={t('admin.titleKk')} errors={error?.fieldErrors('title.kk')}>
            <input value={form.kk} onChange={set('kk')} required />
          </Field>
          <Field label={t('admin.titleRu')} errors={error?.fieldErrors('title.ru')}>
            <input value={form.ru} onChange={set('ru')} required />
          </Field>
          <Field label={t('admin.format')} errors={error?.fieldErrors('format')} hint={t('admin.formatHint', { tokens: TOKENS[lang].map(([, local]) => local).join(' ') })}>
            <input value={localFormat(form.format, lang)} onChange={(e) => setForm({ ...form, format: serverFormat(e.target.value, lang) })} required />
          </Field>
          <Field label={t('admin.width')} errors={error?.fieldErrors('width')}>
            <input type="number" min={0} max={12} value={form.width} onChange={set('width')} />
          </Field>
          <Field label={t('admin.direction')} errors={error?.fieldErrors('direction')}>
            <select value={form.direction} onChange={set('direction')}>
              {DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {directionName(d)}
                </option>
              ))}
            </select>
          </Field>
          <div>
            <button type="submit" className="btn btn-primary">
              {t('common.create')}
            </button>
          </div>
        </form>
      </Section>
    </div>
  );
}
