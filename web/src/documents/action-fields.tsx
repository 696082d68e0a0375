/** The extra fields some actions need: a resolution's executors and deadline, a refusal's reason, a duplicate check. */
import { useState } from 'react';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { useCapabilities } from '../api/capabilities';
import type { Bilingual, DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { PeoplePicker, PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { DateInput } from '../ui/date-input';

export type Values = Record<string, unknown>;
interface FieldsProps {
  values: Values;
  set(key: string, value: unknown): void;
  error?: ApiProblem;
}

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');

export function ResolutionFields({ values, set, error }: FieldsProps) {
  const { t } = useI18n();
  return (
    <div className="form-grid">
      <Field label={t('form.resolutionText')} errors={error?.fieldErrors('text')} wide>
        <textarea rows={4} value={str(values, 'text')} onChange={(e) => set('text', e.target.value)} required data-testid="resolution-text" />
      </Field>
      <Field label={t('form.responsible')} errors={error?.fieldErrors('responsibleExecutorId')}>
        <PersonPicker value={str(values, 'responsibleExecutorId') || undefined} onChange={(id) => set('responsibleExecutorId', id)} testId="resolution-responsible" />
      </Field>
      <Field label={t('form.coExecutors')} errors={error?.fieldErrors('coExecutorIds')}>
        <PeoplePicker values={(values.coExecutorIds as string[] | undefined) ?? []} onChange={(ids) => set('coExecutorIds', ids)} />
      </Field>
      <Field label={t('form.deadline')} errors={[...(error?.fieldErrors('dueAt') ?? []), ...(error?.fieldErrors('deadlineRule') ?? [])]}>
        <div className="row">
          <select value={str(values, 'deadlineMode')} onChange={(e) => set('deadlineMode', e.target.value)}>
            <option value="none">{t('form.deadlineRoute')}</option>
            <option value="date">{t('form.deadlineDate')}</option>
            <option value="rule">{t('form.deadlineRule')}</option>
          </select>
          {values.deadlineMode === 'date' && <DateInput value={str(values, 'dueAt')} onChange={(v) => set('dueAt', v)} />}
          {values.deadlineMode === 'rule' && (
            <>
              <input type="number" min={1} max={366} className="input-narrow" value={str(values, 'ruleDays')} onChange={(e) => set('ruleDays', e.target.value)} />
              <select value={str(values, 'ruleKind')} onChange={(e) => set('ruleKind', e.target.value)}>
                <option value="working">{t('form.workingDays')}</option>
                <option value="calendar">{t('form.calendarDays')}</option>
              </select>
            </>
          )}
        </div>
      </Field>
      <Field label={t('form.control')} errors={error?.fieldErrors('control')}>
        <select value={str(values, 'control')} onChange={(e) => set('control', e.target.value)} data-testid="resolution-control">
          <option value="">{t('form.controlDefault')}</option>
          <option value="none">{t('control.none')}</option>
          <option value="controlled">{t('control.controlled')}</option>
          <option value="personal">{t('control.personal')}</option>
        </select>
      </Field>
      {values.control === 'controlled' && (
        <Field label={t('form.controller')} errors={error?.fieldErrors('controllerId')}>
          <PersonPicker value={str(values, 'controllerId') || undefined} onChange={(id) => set('controllerId', id)} />
        </Field>
      )}
    </div>
  );
}

interface Reason {
  code: string;
  title: Bilingual;
  source: string;
}

export function RefuseFields({ values, set, error }: FieldsProps) {
  const { t, tr } = useI18n();
  const reasons = useResource((signal) => apiGet<Reason[]>('/api/rejection-reasons', undefined, signal), []);
  return (
    <Field label={t('form.reason')} errors={error?.fieldErrors('reasonCode')} wide>
      <select value={str(values, 'reasonCode')} onChange={(e) => set('reasonCode', e.target.value)} required>
        <option value="">{t('common.choose')}</option>
        {(reasons.data ?? []).map((r) => (
          <option key={r.code} value={r.code}>
            {tr(r.title, r.code)} ({r.source})
          </option>
        ))}
      </select>
    </Field>
  );
}

interface Duplicate {
  documentId: string;
  number: string;
  registeredAt?: string;
}

/** Paper incoming mail: check for a duplicate by the sender's number, date and correspondent (002 A1 §6.2). */
export function RegisterFields({ doc, values, set, error }: FieldsProps & { doc: DocumentView }) {
  const { t, date } = useI18n();
  const caps = useCapabilities();
  // Prefilled from the card, where the registrar typed the sender's number and date on creating it.
  const [check, setCheck] = useState({
    senderNumber: String(doc.fields?.senderNumber ?? ''),
    senderDate: String(doc.fields?.senderDate ?? ''),
    correspondent: doc.correspondent ?? '',
  });
  const [found, setFound] = useState<Duplicate[]>();
  const [checkError, setCheckError] = useState<ApiProblem>();
  if (doc.type !== 'incoming-paper' || !caps.has('post', '/api/registrations/duplicate-check')) return null;

  async function runCheck() {
    setCheckError(undefined);
    try {
      const answer = await apiPost<{ duplicates?: Duplicate[]; matches?: Duplicate[] } | Duplicate[]>('/api/registrations/duplicate-check', check);
      setFound(Array.isArray(answer) ? answer : (answer.duplicates ?? answer.matches ?? []));
    } catch (err) {
      setCheckError(isProblem(err) ? err : undefined);
    }
  }

  return (
    <fieldset className="fieldset">
      <legend>{t('form.duplicateCheck')}</legend>
      <ProblemBanner error={checkError} />
      <div className="form-grid">
        <Field label={t('form.senderNumber')} errors={checkError?.fieldErrors('senderNumber')}>
          <input value={check.senderNumber} onChange={(e) => setCheck({ ...check, senderNumber: e.target.value })} />
        </Field>
        <Field label={t('form.senderDate')} errors={checkError?.fieldErrors('senderDate')}>
          <DateInput value={check.senderDate} onChange={(v) => setCheck({ ...check, senderDate: v })} />
        </Field>
        <Field label={t('form.correspondent')} errors={checkError?.fieldErrors('correspondent')}>
          <input value={check.correspondent} onChange={(e) => setCheck({ ...check, correspondent: e.target.value })} />
        </Field>
      </div>
      <button type="button" className="btn btn-small" onClick={() => void runCheck()}>
        {t('form.runCheck')}
      </button>
      {found && found.length === 0 && <p className="muted">{t('form.noDuplicates')}</p>}
      {found && found.length > 0 && (
        <Field label={t('form.duplicateOf')} errors={error?.fieldErrors('duplicateOf')} wide>
          <select value={str(values, 'duplicateOf')} onChange={(e) => set('duplicateOf', e.target.value)}>
            <option value="">{t('form.notDuplicate')}</option>
            {found.map((d) => (
              <option key={d.documentId} value={d.documentId}>
                № {d.number} {d.registeredAt ? `(${date(d.registeredAt)})` : ''}
              </option>
            ))}
          </select>
        </Field>
      )}
    </fieldset>
  );
}

export function ExtendDeadlineFields({ values, set, error }: FieldsProps) {
  const { t } = useI18n();
  return (
    <div className="form-grid">
      <Field label={t('form.newDueAt')} errors={error?.fieldErrors('newDueAt')}>
        <DateInput value={str(values, 'newDueAt')} onChange={(v) => set('newDueAt', v)} required />
      </Field>
      <Field label={t('form.reasonText')} errors={error?.fieldErrors('reason')} wide>
        <textarea rows={2} value={str(values, 'reason')} onChange={(e) => set('reason', e.target.value)} required />
      </Field>
    </div>
  );
}
