/** Transfer of cases (002 A1 §6.12): move open tasks, controls and drafts, then nothing / dismiss / delete. */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiPost, isProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { KeyValues, PersonName, Section } from '../ui/widgets';

interface TransferResult {
  fromEmployeeId: string;
  toEmployeeId: string;
  then: string;
  documents: Array<{ documentId: string; tasks: number; resolutions: number; authorship: boolean }>;
  unitsHeaded: string[];
  substitutionsCancelled: number;
  failed: Array<{ documentId: string; reason: string }>;
  status: string;
}

export function TransferTab() {
  const { t } = useI18n();
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [then, setThen] = useState<'nothing' | 'dismiss' | 'delete'>('nothing');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [result, setResult] = useState<TransferResult>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!from) return;
    if (then === 'delete' && !window.confirm(t('admin.confirmDelete'))) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await apiPost<TransferResult>(`/api/org/employees/${encodeURIComponent(from)}/transfer`, { toEmployeeId: to ?? '', then, reason }));
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <Section title={t('admin.tab.transfer')}>
        <p className="muted">{t('admin.transferHelp')}</p>
        <form className="form-grid" onSubmit={submit}>
          <ProblemBanner error={error} />
          <Field label={t('admin.transferFrom')} errors={error?.fieldErrors('id')}>
            <PersonPicker value={from} onChange={setFrom} />
          </Field>
          <Field label={t('admin.transferTo')} errors={error?.fieldErrors('toEmployeeId')}>
            <PersonPicker value={to} onChange={setTo} />
          </Field>
          <Field label={t('admin.then')} errors={error?.fieldErrors('then')}>
            <select value={then} onChange={(e) => setThen(e.target.value as typeof then)}>
              {(['nothing', 'dismiss', 'delete'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`admin.then.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('admin.reason')} errors={error?.fieldErrors('reason')} wide>
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy || !from || !to}>
              {t('admin.transfer')}
            </button>
          </div>
        </form>
      </Section>
      {result && (
        <Section title={t('admin.transferResult')}>
          <KeyValues
            rows={[
              [t('admin.transferFrom'), <PersonName key="f" id={result.fromEmployeeId} />],
              [t('admin.transferTo'), <PersonName key="t" id={result.toEmployeeId} />],
              [t('admin.documentsMoved'), String(result.documents.length)],
              [t('admin.unitsHeaded'), result.unitsHeaded.join(', ') || '—'],
              [t('admin.substitutionsCancelled'), String(result.substitutionsCancelled)],
              [t('admin.state'), result.status],
            ]}
          />
          <ul className="plain-list">
            {result.documents.map((d) => (
              <li key={d.documentId}>
                <Link to={`/documents/${d.documentId}`}>{t('audit.openDocument')}</Link> — {t('admin.movedCounts', { tasks: d.tasks, resolutions: d.resolutions })}
                {d.authorship && ` · ${t('admin.authorship')}`}
              </li>
            ))}
            {result.failed.map((f) => (
              <li key={f.documentId} className="field-error">
                {f.documentId}: {f.reason}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
