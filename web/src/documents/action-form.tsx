/**
 * The form behind one action button: the fields that action needs, sent to
 * POST /api/documents/:id/actions/<name>. The answer is the document after the workflow settled it; a refusal
 * (a validator's reason, a field the server rejects) is shown here, next to the field when it names one.
 */
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, isProblem } from '../api/client';
import type { DocumentView } from '../api/types';
import { astanaInstant, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Field, ProblemBanner } from '../ui/problem-view';
import { PersonName } from '../ui/widgets';
import type { AvailableAction } from './available-actions';
import { ExtendDeadlineFields, RefuseFields, RegisterFields, ResolutionFields, type Values } from './action-fields';

/** Actions whose comment is required by the server (it explains a refusal to the author). */
const COMMENT_REQUIRED = new Set(['reject', 'return-for-rework', 'refuse']);
const NO_COMMENT = new Set(['edit-card', 'extend-deadline']);

function bodyOf(action: AvailableAction, v: Values): Record<string, unknown> {
  const str = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined);
  const base: Record<string, unknown> = { onBehalfOf: action.onBehalfOf };
  if (!NO_COMMENT.has(action.name)) base.comment = str('comment');
  switch (action.name) {
    case 'register':
      return { ...base, duplicateOf: str('duplicateOf') };
    case 'refuse':
      return { ...base, reasonCode: str('reasonCode') };
    case 'write-resolution': {
      const days = Number(v.ruleDays);
      return {
        ...base,
        parentResolutionId: action.parentResolutionId,
        text: str('text') ?? '',
        responsibleExecutorId: str('responsibleExecutorId') ?? '',
        coExecutorIds: (v.coExecutorIds as string[] | undefined) ?? [],
        dueAt: v.deadlineMode === 'date' && str('dueAt') ? astanaInstant(str('dueAt')!, '18:00:00') : undefined,
        deadlineRule: v.deadlineMode === 'rule' && days > 0 ? { days, kind: (v.ruleKind as string) ?? 'working' } : undefined,
        control: str('control'),
        controllerId: str('control') === 'controlled' ? str('controllerId') : undefined,
      };
    }
    case 'file-card':
      return { ...base, resolutionId: action.resolutionId, text: str('text') ?? '', attachmentIds: [] };
    case 'edit-card':
      return { onBehalfOf: action.onBehalfOf, cardId: action.cardId, text: str('text') ?? '' };
    case 'extend-deadline':
      return {
        onBehalfOf: action.onBehalfOf,
        resolutionId: action.resolutionId,
        newDueAt: str('newDueAt') ? astanaInstant(str('newDueAt')!, '18:00:00') : '',
        reason: str('reason') ?? '',
      };
    default:
      return base;
  }
}

export function ActionForm(props: { doc: DocumentView; action: AvailableAction; onDone(doc: DocumentView): void; onCancel(): void }) {
  const { t } = useI18n();
  const { action, doc } = props;
  const card = action.cardId ? doc.workflow?.cards.find((c) => c.id === action.cardId) : undefined;
  const [values, setValues] = useState<Values>(() => ({ text: card?.text ?? '', deadlineMode: 'none', ruleKind: 'working' }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const set = (k: string, v: unknown) => setValues((old) => ({ ...old, [k]: v }));
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onDone(await api<DocumentView>('POST', `/api/documents/${encodeURIComponent(doc.id)}/actions/${action.name}`, { body: bodyOf(action, values) }));
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  const needsText = action.name === 'file-card' || action.name === 'edit-card';
  return (
    <form className="action-form" onSubmit={submit} data-testid={`action-form-${action.name}`}>
      <h3>
        {t(`action.${action.name}` as MessageKey)}
        {action.parentResolutionId && <span className="muted"> — {t('action.subResolutionOf', { id: action.parentResolutionId })}</span>}
        {action.resolutionId && action.name === 'file-card' && <span className="muted"> — {action.resolutionId}</span>}
      </h3>
      <p className="muted small">{t(`actionHelp.${action.name}` as MessageKey)}</p>
      {action.onBehalfOf && (
        <div className="note">
          {t('action.onBehalfOf')} <PersonName id={action.onBehalfOf} />
        </div>
      )}
      <ProblemBanner error={error} />
      {action.name === 'register' && <RegisterFields doc={doc} values={values} set={set} error={error} />}
      {action.name === 'refuse' && <RefuseFields values={values} set={set} error={error} />}
      {action.name === 'write-resolution' && <ResolutionFields values={values} set={set} error={error} />}
      {action.name === 'extend-deadline' && <ExtendDeadlineFields values={values} set={set} error={error} />}
      {needsText && (
        <Field label={t('form.cardText')} errors={error?.fieldErrors('text')} wide>
          <textarea rows={5} value={str('text')} onChange={(e) => set('text', e.target.value)} required data-testid="action-text" />
        </Field>
      )}
      {!NO_COMMENT.has(action.name) && (
        <Field label={COMMENT_REQUIRED.has(action.name) ? t('form.commentRequired') : t('form.comment')} errors={error?.fieldErrors('comment')} wide>
          <textarea rows={3} value={str('comment')} onChange={(e) => set('comment', e.target.value)} required={COMMENT_REQUIRED.has(action.name)} data-testid="action-comment" />
        </Field>
      )}
      <div className="row">
        <button type="submit" className={`btn ${action.tone === 'danger' ? 'btn-danger' : 'btn-primary'}`} disabled={busy} data-testid="action-confirm">
          {busy ? t('common.wait') : t(`action.${action.name}` as MessageKey)}
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
