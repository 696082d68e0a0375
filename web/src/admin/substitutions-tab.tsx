/** Substitutes for a period (optionally for some document types), their history, cancellation. */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { astanaInstant, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, PersonName, Section } from '../ui/widgets';
import { DateInput } from '../ui/date-input';

interface Substitution {
  id: string;
  absentId: string;
  substituteId: string;
  from: string;
  to: string;
  documentTypes: string[];
  reason?: string;
  state: 'scheduled' | 'active' | 'ended' | 'cancelled';
}

const TONE = { scheduled: 'info', active: 'ok', ended: 'neutral', cancelled: 'bad' } as const;
/** Dates are Astana days: a period runs from the start of its first day to the end of its last. */
const dayStart = (d: string) => astanaInstant(d, '00:00:00');
const dayEnd = (d: string) => astanaInstant(d, '23:59:59');

export function SubstitutionsTab() {
  const { t, date } = useI18n();
  const list = useResource((signal) => apiGet<Substitution[]>('/api/substitutions', undefined, signal), []);
  const [form, setForm] = useState({ absentId: '', substituteId: '', from: '', to: '', reason: '' });
  const [error, setError] = useState<ApiProblem>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await apiPost('/api/substitutions', { absentId: form.absentId, substituteId: form.substituteId, from: dayStart(form.from), to: dayEnd(form.to), reason: form.reason || undefined });
      setForm({ absentId: '', substituteId: '', from: '', to: '', reason: '' });
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  async function cancel(s: Substitution) {
    setError(undefined);
    try {
      await apiPost(`/api/substitutions/${encodeURIComponent(s.id)}/cancel`, {});
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  return (
    <div className="stack">
      <Section title={t('admin.newSubstitution')}>
        <form className="form-grid" onSubmit={create}>
          <ProblemBanner error={error} />
          <Field label={t('admin.absent')} errors={error?.fieldErrors('absentId')}>
            <PersonPicker value={form.absentId || undefined} onChange={(id) => setForm({ ...form, absentId: id ?? '' })} />
          </Field>
          <Field label={t('admin.substitute')} errors={error?.fieldErrors('substituteId')}>
            <PersonPicker value={form.substituteId || undefined} onChange={(id) => setForm({ ...form, substituteId: id ?? '' })} />
          </Field>
          <Field label={t('admin.from')} errors={error?.fieldErrors('from')}>
            <DateInput value={form.from} onChange={(v) => setForm({ ...form, from: v })} required />
          </Field>
          <Field label={t('admin.to')} errors={error?.fieldErrors('to')}>
            <DateInput value={form.to} onChange={(v) => setForm({ ...form, to: v })} required />
          </Field>
          <Field label={t('admin.reason')} errors={error?.fieldErrors('reason')} wide>
            <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary">
              {t('admin.appoint')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('admin.substitutionHistory')}>
        <ProblemBanner error={list.error} />
        {list.data && list.data.length === 0 && <Empty>{t('admin.noSubstitutions')}</Empty>}
        {list.data && list.data.length > 0 && (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('admin.absent')}</th>
                <th>{t('admin.substitute')}</th>
                <th>{t('admin.period')}</th>
                <th>{t('admin.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <PersonName id={s.absentId} />
                  </td>
                  <td>
                    <PersonName id={s.substituteId} />
                  </td>
                  <td className="nowrap">
                    {date(s.from)} — {date(s.to)}
                    {s.documentTypes.length > 0 && <div className="muted small">{s.documentTypes.join(', ')}</div>}
                    {s.reason && <div className="muted small">{s.reason}</div>}
                  </td>
                  <td>
                    <Badge tone={TONE[s.state]}>{t(`substitutionState.${s.state}` as MessageKey)}</Badge>
                  </td>
                  <td>
                    {(s.state === 'active' || s.state === 'scheduled') && (
                      <button type="button" className="link-button danger" onClick={() => void cancel(s)}>
                        {t('common.cancel')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
