/** Registration journals: index, number template, width, direction; the next number's example. */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
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

const EMPTY = { code: '', kk: '', ru: '', index: '', format: '{index}/{seq}', width: '0', direction: 'internal' };

export function JournalsTab() {
  const { t, tr } = useI18n();
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
        format: form.format,
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
                <th>{t('admin.code')}</th>
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
                  <td className="mono">{j.code}</td>
                  <td>{tr(j.title)}</td>
                  <td>{j.index}</td>
                  <td className="mono">{j.format}</td>
                  <td>{j.direction}</td>
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
          <Field label={`${t('doc.title')} (kk)`} errors={error?.fieldErrors('title.kk')}>
            <input value={form.kk} onChange={set('kk')} required />
          </Field>
          <Field label={`${t('doc.title')} (ru)`} errors={error?.fieldErrors('title.ru')}>
            <input value={form.ru} onChange={set('ru')} required />
          </Field>
          <Field label={t('admin.format')} errors={error?.fieldErrors('format')} hint="{index} {seq} {year}">
            <input value={form.format} onChange={set('format')} required className="mono" />
          </Field>
          <Field label={t('admin.width')} errors={error?.fieldErrors('width')}>
            <input type="number" min={0} max={12} value={form.width} onChange={set('width')} />
          </Field>
          <Field label={t('admin.direction')} errors={error?.fieldErrors('direction')}>
            <select value={form.direction} onChange={set('direction')}>
              <option value="incoming">incoming</option>
              <option value="outgoing">outgoing</option>
              <option value="internal">internal</option>
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
