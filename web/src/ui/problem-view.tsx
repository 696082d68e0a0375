/** Server refusals in the server's own words: the problem's detail, and per-field messages beside fields. */
import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

export function ProblemBanner({ error, onDismiss }: { error: ApiProblem | undefined; onDismiss?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const heading = error.status === 0 ? t('problem.network') : error.status === 403 ? t('problem.forbidden') : error.title;
  return (
    <div className="problem" role="alert" data-testid="problem">
      <div className="problem-head">
        <strong>{heading}</strong>
        {error.status > 0 && <span className="problem-status">HTTP {error.status}</span>}
        {onDismiss && (
          <button type="button" className="link-button" onClick={onDismiss} aria-label={t('common.close')}>
            ×
          </button>
        )}
      </div>
      {error.detail && <p>{error.detail}</p>}
      {error.errors.length > 0 && (
        <ul className="problem-fields">
          {error.errors.map((e, i) => (
            <li key={i}>
              <code>{e.field}</code> — {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A labelled form control with the server's messages for that field underneath. */
export function Field(props: { label: string; hint?: ReactNode; errors?: string[]; children: ReactNode; wide?: boolean }) {
  const invalid = !!props.errors?.length;
  return (
    <label className={`field${invalid ? ' field-invalid' : ''}${props.wide ? ' field-wide' : ''}`}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.hint && !invalid && <span className="field-hint">{props.hint}</span>}
      {props.errors?.map((m, i) => (
        <span key={i} className="field-error" data-testid="field-error">
          {m}
        </span>
      ))}
    </label>
  );
}

/** For endpoints this server does not have yet: a clear note instead of a broken screen. */
export function Unavailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <div className="note note-muted" data-testid="unavailable">
      {t('common.unavailable', { what })}
    </div>
  );
}
