/** "What I can do now": one button per available action; the chosen one opens its form below. */
import { useState } from 'react';
import type { DocumentView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { useSession } from '../session/session-context';
import { ActionForm } from './action-form';
import { availableActions, type AvailableAction } from './available-actions';
import { SignPanel } from './sign-panel';

function label(t: (k: MessageKey, v?: Record<string, string | number>) => string, a: AvailableAction): string {
  if (a.name === 'write-resolution' && a.parentResolutionId) return t('action.subResolution');
  if (a.name === 'file-card' && a.resolutionId) return `${t('action.file-card')} (${a.resolutionId})`;
  if (a.name === 'edit-card' && a.cardId) return `${t('action.edit-card')} (${a.cardId})`;
  if (a.name === 'extend-deadline' && a.resolutionId) return `${t('action.extend-deadline')} (${a.resolutionId})`;
  return t(`action.${a.name}` as MessageKey);
}

export function ActionPanel({ doc, onChanged }: { doc: DocumentView; onChanged(doc: DocumentView): void }) {
  const { t } = useI18n();
  const session = useSession();
  const [open, setOpen] = useState<string>();
  const [done, setDone] = useState<string>();
  const actions = availableActions(doc, { employeeId: session.me.employee.id, ownerIds: session.ownerIds, roles: session.roles });
  const current = actions.find((a) => a.key === open);

  const finish = (a: AvailableAction) => (next: DocumentView) => {
    setOpen(undefined);
    setDone(t('action.done', { action: label(t, a) }));
    session.refreshCounts();
    onChanged(next);
  };

  return (
    <section className="card card-actions-panel" data-testid="actions">
      <header className="card-head">
        <h2>{t('doc.yourActions')}</h2>
      </header>
      <div className="card-body">
        {done && (
          <div className="note note-ok" data-testid="action-done">
            {done}
          </div>
        )}
        {!doc.workflow && <p className="muted">{t('doc.noLiveState')}</p>}
        {doc.workflow && actions.length === 0 && (
          <p className="muted" data-testid="no-actions">
            {t('doc.noActions')}
          </p>
        )}
        <div className="action-buttons">
          {actions.map((a) => (
            <button
              key={a.key}
              type="button"
              className={`btn ${a.tone === 'primary' ? 'btn-primary' : a.tone === 'danger' ? 'btn-danger-outline' : ''}${open === a.key ? ' pressed' : ''}`}
              onClick={() => {
                setDone(undefined);
                setOpen(open === a.key ? undefined : a.key);
              }}
              data-testid={`action-${a.name}`}
            >
              {label(t, a)}
            </button>
          ))}
        </div>
        {current &&
          (current.name === 'sign' ? (
            <SignPanel key={current.key} doc={doc} action={current} onDone={finish(current)} onCancel={() => setOpen(undefined)} />
          ) : (
            <ActionForm key={current.key} doc={doc} action={current} onDone={finish(current)} onCancel={() => setOpen(undefined)} />
          ))}
      </div>
    </section>
  );
}
