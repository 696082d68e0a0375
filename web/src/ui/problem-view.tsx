/** Server refusals in the server's own words: the problem's detail, and per-field messages beside fields. */
import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { fieldMessage, problemHeading } from './problem-text';

export function ProblemBanner({ error, onDismiss }: { error: ApiProblem | undefined; onDismiss?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const technical = [error.status > 0 ? `HTTP ${error.status}` : '', error.title, error.detail].filter(Boolean).join(' — ');
  return (
    <div className="problem" role="alert" data-testid="problem">
      <div className="problem-head">
        <strong>{problemHeading(t, error)}</strong>
        {onDismiss && (
          <button type="button" className="link-button" onClick={onDismiss} aria-label={t('common.close')}>
            ×
          </button>
        )}
      </div>
      {error.errors.length > 0 && (
        <>
          <p>{t('problem.fieldsHeading')}</p>
          <ul className="problem-fields">
            {error.errors.map((e, i) => (
              <li key={i}>{fieldMessage(t, e.message)}</li>
            ))}
          </ul>
        </>
      )}
      {technical && (
        <details className="problem-technical">
          <summary>{t('problem.details')}</summary>
          <code>{technical}</code>
        </details>
      )}
    </div>
  );
}

/** A labelled form control with the server's messages for that field underneath. */
export function Field(props: { label: string; hint?: ReactNode; errors?: string[]; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const invalid = !!props.errors?.length;
  return (
    <label className={`field${invalid ? ' field-invalid' : ''}${props.wide ? ' field-wide' : ''}`}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint && !invalid && <span className="field-hint">{props.hint}</span>}
      {props.errors?.map((m, i) => (
        <span key={i} className="field-error" data-testid="field-error">
          {fieldMessage(t, m)}
        </span>
      ))}
    </label>
  );
}

/** For endpoints this server does not have yet: a clear note instead of a broken screen. */
export function Unavailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <div className="note note-muted" data-testid="unavailable" data-endpoint={what}>
      {t('common.unavailable')}
    </div>
  );
}
