/** Electronic exchange: our organisation as correspondents see it, and the address book (docs/exchange.md). */
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { formatDate, useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, KeyValues, Loading, Section } from '../ui/widgets';

interface Certificate {
  bin?: string;
  notAfter: string;
}
interface Identity {
  name: { kk: string; ru: string };
  bin: string;
  endpointUrl: string;
  certificate: Certificate;
}
interface Correspondent {
  bin: string;
  name: { kk: string; ru: string };
  endpointUrl: string;
  active: boolean;
  certificates: Certificate[];
}

const EMPTY = { bin: '', kk: '', ru: '', endpointUrl: '', certificate: '' };

export function ExchangeTab() {
  const { t, tr } = useI18n();
  const identity = useResource((signal) => apiGet<Identity>('/api/exchange/identity', undefined, signal), []);
  const book = useResource((signal) => apiGet<Correspondent[]>('/api/exchange/correspondents', undefined, signal), []);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<ApiProblem>();

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api('PUT', `/api/exchange/correspondents/${encodeURIComponent(form.bin)}`, {
        body: { name: { kk: form.kk, ru: form.ru }, endpointUrl: form.endpointUrl, certificates: [form.certificate], active: true },
      });
      setForm(EMPTY);
      book.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <div className="stack" data-testid="exchange-admin">
      <Section title={t('exchange.self')}>
        <ProblemBanner error={identity.error} />
        {identity.data && (
          <KeyValues
            rows={[
              [t('exchange.nameKk'), identity.data.name.kk],
              [t('exchange.nameRu'), identity.data.name.ru],
              [t('exchange.bin'), identity.data.bin],
              [t('exchange.endpoint'), identity.data.endpointUrl],
              [t('exchange.validTo'), formatDate(identity.data.certificate.notAfter)],
            ]}
          />
        )}
      </Section>
      <Section title={t('exchange.book')}>
        <ProblemBanner error={book.error} />
        {book.loading && <Loading />}
        {book.data && (
          <table className="table table-compact" data-testid="exchange-book">
            <thead>
              <tr>
                <th>{t('exchange.addressee')}</th>
                <th>{t('exchange.bin')}</th>
                <th>{t('exchange.endpoint')}</th>
                <th>{t('exchange.validTo')}</th>
                <th>{t('exchange.active')}</th>
              </tr>
            </thead>
            <tbody>
              {book.data.map((c) => (
                <tr key={c.bin}>
                  <td>{tr(c.name)}</td>
                  <td className="mono">{c.bin}</td>
                  <td className="mono">{c.endpointUrl}</td>
                  <td>{c.certificates.map((x) => formatDate(x.notAfter)).join(', ')}</td>
                  <td>{c.active ? <Badge tone="ok">{t('common.yes')}</Badge> : <Badge>{t('common.no')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('exchange.newCorrespondent')}>
        <form className="form-grid" onSubmit={save}>
          <ProblemBanner error={error} />
          <Field label={t('exchange.bin')} errors={error?.fieldErrors('bin')}>
            <input value={form.bin} onChange={set('bin')} required pattern="\d{12}" inputMode="numeric" />
          </Field>
          <Field label={t('exchange.endpoint')} errors={error?.fieldErrors('endpointUrl')}>
            <input value={form.endpointUrl} onChange={set('endpointUrl')} required className="mono" />
          </Field>
          <Field label={t('exchange.nameKk')} errors={error?.fieldErrors('name.kk')}>
            <input value={form.kk} onChange={set('kk')} required />
          </Field>
          <Field label={t('exchange.nameRu')} errors={error?.fieldErrors('name.ru')}>
            <input value={form.ru} onChange={set('ru')} required />
          </Field>
          <Field label={t('exchange.certificate')} errors={error?.fieldErrors('certificates.0')} wide>
            <textarea value={form.certificate} onChange={set('certificate')} required rows={6} className="mono" />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
          </div>
        </form>
      </Section>
    </div>
  );
}
