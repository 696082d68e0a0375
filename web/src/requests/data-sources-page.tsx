/**
 * The registered data source of a service (docs/information-requests.md, "The providing side"): what it answers
 * for a subject — found, with its data fields, or "not found". A request for a service without an answering unit
 * is answered from here at once, signed by the organisation. Administrators list a service's entries and enter or
 * change one; the data fields are typed as name–value rows.
 */
import { useState, type FormEvent } from 'react';
import type { InformationDataSourceView } from '../../../api/services/information-request-schemas';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';
import type { Row } from './reference-page';

interface Pair {
  name: string;
  value: string;
}

/** A value as typed on the form: text stays text; a structured value (a list, a table) is shown as written data. */
const shownValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
/** Back from the form: what was a list or a table stays one when it still reads as one. */
function storedValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function EntryForm({
  service,
  initial,
  onSaved,
}: {
  service: string;
  initial?: InformationDataSourceView;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [found, setFound] = useState(initial?.found ?? true);
  const [pairs, setPairs] = useState<Pair[]>(() => {
    const rows = Object.entries(initial?.result ?? {}).map(([name, value]) => ({
      name,
      value: shownValue(value),
    }));
    return rows.length ? rows : [{ name: '', value: '' }];
  });
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const filled = pairs.filter((p) => p.name.trim());
  const names = filled.map((p) => p.name.trim());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);

  const setPair = (i: number, patch: Partial<Pair>) =>
    setPairs(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    const result = found ? Object.fromEntries(filled.map((p) => [p.name.trim(), storedValue(p.value)])) : {};
    try {
      await api(
        'PUT',
        `/api/information-requests/data-sources/${service}/${encodeURIComponent(subject.trim())}`,
        { body: { found, result } },
      );
      onSaved();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="ds-form">
      <ProblemBanner error={error} />
      <Field label={t('ireq.subject')} errors={error?.fieldErrors('subject')} hint={t('ds.subjectHint')}>
        <input
          value={subject}
          onChange={(e) => setSubject(e.target.value.replace(/\D/g, ''))}
          inputMode="numeric"
          maxLength={12}
          required
          readOnly={!!initial}
          data-testid="ds-subject"
        />
      </Field>
      <Field label={t('ds.answer')}>
        <select
          value={found ? 'found' : 'not-found'}
          onChange={(e) => setFound(e.target.value === 'found')}
          data-testid="ds-found"
        >
          <option value="found">{t('ds.found')}</option>
          <option value="not-found">{t('ireq.notFound')}</option>
        </select>
      </Field>
      {found && (
        <Field
          label={t('ds.fields')}
          wide
          errors={error?.fieldErrors('result')}
          hint={repeated ? t('ds.repeated', { name: repeated }) : t('ds.fieldsHint')}
        >
          <table className="table table-compact" data-testid="ds-pairs">
            <thead>
              <tr>
                <th>{t('ds.fieldName')}</th>
                <th>{t('ds.fieldValue')}</th>
                <th aria-label={t('ref.actions')} />
              </tr>
            </thead>
            <tbody>
              {pairs.map((p, i) => (
                <tr key={i} data-testid={`ds-pair-${i}`}>
                  <td>
                    <input
                      value={p.name}
                      onChange={(e) => setPair(i, { name: e.target.value })}
                      maxLength={100}
                      aria-label={t('ds.fieldName')}
                      data-testid="ds-pair-name"
                    />
                  </td>
                  <td>
                    <input
                      value={p.value}
                      onChange={(e) => setPair(i, { value: e.target.value })}
                      maxLength={2000}
                      aria-label={t('ds.fieldValue')}
                      data-testid="ds-pair-value"
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() =>
                        setPairs(
                          pairs.length > 1 ? pairs.filter((_, j) => j !== i) : [{ name: '', value: '' }],
                        )
                      }
                    >
                      {t('common.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setPairs([...pairs, { name: '', value: '' }])}
            data-testid="ds-pair-add"
          >
            {t('ds.addField')}
          </button>
        </Field>
      )}
      <div className="field-wide">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || subject.length !== 12 || !!repeated}
          data-testid="ds-save"
        >
          {t('ds.save')}
        </button>
      </div>
    </form>
  );
}

export function DataSourcesPage() {
  const { t, dateTime } = useI18n();
  const services = useResource(
    (signal) => apiGet<Row[]>('/api/information-requests/reference/services', undefined, signal),
    [],
  );
  const [service, setService] = useState('');
  const [editing, setEditing] = useState<{ entry?: InformationDataSourceView; n: number }>();
  const entries = useResource(
    service
      ? (signal) =>
          apiGet<InformationDataSourceView[]>(
            `/api/information-requests/data-sources/${service}`,
            undefined,
            signal,
          )
      : undefined,
    [service],
  );
  const numbers = (services.data ?? []).map((r) => r.key).sort((a, b) => Number(a) - Number(b));
  const [formKey, setFormKey] = useState(0);

  return (
    <div className="page" data-testid="data-sources-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.records')}</div>
          <h1>{t('nav.dataSources')}</h1>
          <p className="muted">{t('ds.help')}</p>
        </div>
      </div>
      <Section title={t('ds.service')} testId="ds-service-section">
        <ProblemBanner error={services.error} />
        <div className="filters">
          <select
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setEditing(undefined);
            }}
            aria-label={t('ds.service')}
            data-testid="ds-service"
          >
            <option value="">{t('common.choose')}</option>
            {numbers.map((n) => (
              <option key={n} value={n}>
                {t('ireq.serviceNo', { n })}
              </option>
            ))}
          </select>{' '}
          {service && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setFormKey(formKey + 1);
                setEditing({ n: formKey + 1 });
              }}
              data-testid="ds-new"
            >
              {t('ds.new')}
            </button>
          )}
        </div>
        {service && editing && (
          <EntryForm
            key={`${service}-${editing.entry?.subject ?? 'new'}-${editing.n}`}
            service={service}
            initial={editing.entry}
            onSaved={() => {
              setEditing(undefined);
              entries.reload();
            }}
          />
        )}
      </Section>
      {service && (
        <Section title={t('ds.entries', { n: service })} testId="ds-entries">
          <ProblemBanner error={entries.error} />
          {entries.loading && !entries.data ? (
            <Loading />
          ) : !entries.data?.length ? (
            <Empty>{t('ds.none')}</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('ireq.subject')}</th>
                  <th>{t('ds.answer')}</th>
                  <th>{t('ds.fields')}</th>
                  <th>{t('ref.changedBy')}</th>
                  <th>{t('ref.changedAt')}</th>
                  <th aria-label={t('ref.actions')} />
                </tr>
              </thead>
              <tbody>
                {entries.data.map((e) => (
                  <tr key={e.subject} data-testid={`ds-entry-${e.subject}`}>
                    <td>{e.subject}</td>
                    <td>
                      {e.found ? (
                        <Badge tone="ok">{t('ds.found')}</Badge>
                      ) : (
                        <Badge tone="neutral">{t('ireq.notFound')}</Badge>
                      )}
                    </td>
                    <td>
                      <ul className="plain-list">
                        {Object.entries(e.result).map(([name, value]) => (
                          <li key={name}>
                            {name}: {shownValue(value)}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <PersonName id={e.changedBy} />
                    </td>
                    <td>{dateTime(e.changedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => {
                          setFormKey(formKey + 1);
                          setEditing({ entry: e, n: formKey + 1 });
                        }}
                        data-testid="ds-edit"
                      >
                        {t('ref.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
    </div>
  );
}
