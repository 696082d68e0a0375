/** Execution progress (002 A1 §6.5): resolutions as a tree, each with its executors, deadline, control and cards. */
import { apiGet } from '../api/client';
import { downloadFile } from '../api/download';
import type { ExecutionCard, Resolution, WorkflowState } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Badge, PersonName, Section } from '../ui/widgets';

/** The files a filed card carries (its report's, and a system administrator's answer to the executor's request). */
function CardFiles({ documentId, card }: { documentId: string; card: ExecutionCard }) {
  const { t } = useI18n();
  const files = useResource(
    card.attachmentIds.length > 0
      ? (signal) => apiGet<{ items: Array<{ id: string; filename: string }> }>(`/api/documents/${documentId}/execution-files`, { resolutionId: card.resolutionId }, signal)
      : undefined,
    [documentId, card.resolutionId, card.attachmentIds.join(',')],
  );
  const carried = (files.data?.items ?? []).filter((f) => card.attachmentIds.includes(f.id));
  if (carried.length === 0) return null;
  return (
    <ul className="files" aria-label={t('adminReq.files')} data-testid="execution-card-files">
      {carried.map((f) => (
        <li key={f.id} className="file">
          <button type="button" className="link-button" onClick={() => void downloadFile(`/api/documents/${documentId}/execution-files/${encodeURIComponent(f.id)}`)}>
            {f.filename}
          </button>
        </li>
      ))}
    </ul>
  );
}

function Card({ card, documentId }: { card: ExecutionCard; documentId: string }) {
  const { t, dateTime } = useI18n();
  return (
    <div className="exec-card" data-testid="execution-card">
      <div className="exec-card-head">
        <strong>{t('exec.card')} {card.id}</strong> · <PersonName id={card.executorId} /> · <span className="muted">{dateTime(card.filedAtMs)}</span>
        {card.edits.length > 0 && <span className="muted small"> · {t('exec.edited', { n: card.edits.length })}</span>}
      </div>
      <p>{card.text}</p>
      <CardFiles documentId={documentId} card={card} />
    </div>
  );
}

function ResolutionNode({ r, w }: { r: Resolution; w: WorkflowState }) {
  const { t, dateTime } = useI18n();
  const children = w.resolutions.filter((x) => x.parentId === r.id);
  const cards = w.cards.filter((c) => c.resolutionId === r.id);
  const tone = r.state === 'executed' ? 'ok' : r.state === 'closed' ? 'neutral' : 'info';
  return (
    <li className="resolution" data-testid="resolution" data-resolution={r.id}>
      <div className="resolution-head">
        <strong>{r.id}</strong> <Badge tone={tone}>{t(`resolutionState.${r.state}` as MessageKey)}</Badge>
        {r.control !== 'none' && <Badge tone="warn">{t(`control.${r.control}` as MessageKey)}</Badge>}
        <span className="muted small">
          {' '}
          · <PersonName id={r.authorId} /> · {dateTime(r.writtenAtMs)}
        </span>
      </div>
      <p className="resolution-text">{r.text}</p>
      <div className="small">
        {t('form.responsible')}: <PersonName id={r.responsibleExecutorId} />
        {r.coExecutorIds.length > 0 && (
          <>
            {' · '}
            {t('form.coExecutors')}:{' '}
            {r.coExecutorIds.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <PersonName id={id} />
              </span>
            ))}
          </>
        )}
        {r.deadline && (
          <span className={r.deadline.breachedAtMs ? 'deadline-breached' : undefined}>
            {' · '}
            {t('route.due')}: {dateTime(r.deadline.dueAtMs)}
          </span>
        )}
      </div>
      {cards.map((c) => (
        <Card key={c.id} card={c} documentId={w.documentId} />
      ))}
      {children.length > 0 && (
        <ul className="resolution-children">
          {children.map((c) => (
            <ResolutionNode key={c.id} r={c} w={w} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ExecutionSection({ w }: { w: WorkflowState }) {
  const { t, dateTime } = useI18n();
  if (w.resolutions.length === 0 && !w.controlSheet) return null;
  return (
    <Section title={t('doc.execution')} testId="doc-execution">
      <ul className="resolution-tree">
        {w.resolutions
          .filter((r) => !r.parentId)
          .map((r) => (
            <ResolutionNode key={r.id} r={r} w={w} />
          ))}
      </ul>
      {w.controlSheet && (
        <div className="note note-ok">
          {t('exec.controlRemoved', { date: dateTime(w.controlSheet.removedAtMs) })} <PersonName id={w.controlSheet.removedBy} />
          {w.controlSheet.comment && <> — «{w.controlSheet.comment}»</>}
        </div>
      )}
    </Section>
  );
}
