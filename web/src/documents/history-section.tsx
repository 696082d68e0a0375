/**
 * The history: auditors (and administrators) read the server's business timeline, joined with the workflow's
 * Updates and signature verdicts; everyone else sees the steps recorded in the route itself.
 */
import { useCapabilities } from '../api/capabilities';
import { apiGet } from '../api/client';
import type { DocumentView, WorkflowState } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { eventLabel, outcomeLabel } from '../i18n/event-label';
import { SignatureVerdict } from '../ui/signature-verdict';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, PersonName, Section } from '../ui/widgets';

interface TimelineEntry {
  at: string;
  source?: string;
  type: string;
  actor?: { id: string; name?: string };
  onBehalfOf?: { id: string; name?: string };
  who?: string;
  stageId?: string;
  comment?: string;
  outcome?: string;
  route?: { key: string; version: number };
  signature?: { status: string; reason?: string; signer?: string; signerIin?: string };
}

interface Timeline {
  workflowHistoryAvailable?: boolean;
  entries: TimelineEntry[];
}

/** What the route itself remembers: acted tasks, resolutions, cards, registration, control, returns, the end. */
function routeEvents(doc: DocumentView, w: WorkflowState): TimelineEntry[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const events: TimelineEntry[] = [{ at: doc.createdAt, type: 'document.created', actor: { id: doc.authorId } }];
  for (const task of w.tasks) {
    if (!task.actedAtMs || task.state === 'cancelled') continue;
    events.push({
      at: iso(task.actedAtMs),
      type: `task.${task.kind}.${task.state}`,
      actor: { id: task.actedBy ?? task.assigneeId },
      onBehalfOf: task.onBehalfOf ? { id: task.onBehalfOf } : undefined,
      stageId: task.stageId,
      comment: task.comment,
    });
  }
  for (const r of w.resolutions) events.push({ at: iso(r.writtenAtMs), type: 'resolution.written', actor: { id: r.authorId }, comment: r.text });
  for (const c of w.cards) events.push({ at: iso(c.filedAtMs), type: 'execution.card-filed', actor: { id: c.actedBy }, comment: c.text });
  if (w.returned) events.push({ at: iso(w.returned.atMs), type: `document.${w.returned.reason}`, actor: { id: w.returned.by }, comment: w.returned.comment });
  if (w.controlSheet) events.push({ at: iso(w.controlSheet.removedAtMs), type: 'control.removed', actor: { id: w.controlSheet.removedBy } });
  if (w.finishedAtMs && w.status === 'executed') events.push({ at: iso(w.finishedAtMs), type: 'document.executed' });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

function EventLabel({ type }: { type: string }) {
  const { t } = useI18n();
  return <span className="event-type">{eventLabel(t, type)}</span>;
}

export function HistorySection({ doc }: { doc: DocumentView }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const caps = useCapabilities();
  const full = hasRole(session, 'auditor', 'administrator') && caps.has('get', '/api/documents/:id/history');
  const timeline = useResource(
    full ? (signal) => apiGet<Timeline>(`/api/documents/${encodeURIComponent(doc.id)}/history`, undefined, signal) : undefined,
    [doc.id, full, doc.workflow?.status, doc.workflow?.tasks.length],
  );
  const entries = full ? (timeline.data?.entries ?? []) : doc.workflow ? routeEvents(doc, doc.workflow) : [];
  return (
    <Section title={t('doc.history')} subtitle={full ? t('history.full') : t('history.fromRoute')} testId="doc-history">
      <ProblemBanner error={timeline.error} />
      {full && timeline.data?.workflowHistoryAvailable === false && <div className="note note-warn">{t('history.noWorkflowHistory')}</div>}
      {entries.length === 0 && !timeline.loading && <Empty>{t('history.empty')}</Empty>}
      <ol className="timeline">
        {entries.map((e, i) => (
          <li key={i} className={`timeline-item source-${e.source ?? 'route'}`} data-testid="history-entry">
            <div className="timeline-time">{dateTime(e.at)}</div>
            <div className="timeline-body">
              <EventLabel type={e.type} />
              {e.actor && (
                <span className="small">
                  {' — '}
                  {e.actor.name ?? <PersonName id={e.actor.id} />}
                  {e.onBehalfOf && (
                    <>
                      {' '}
                      {t('action.onBehalfOf')} {e.onBehalfOf.name ?? <PersonName id={e.onBehalfOf.id} />}
                    </>
                  )}
                </span>
              )}
              {e.outcome && e.outcome !== 'completed' && <Badge tone="bad">{outcomeLabel(t, e.outcome)}</Badge>}
              {e.signature && (
                <SignatureVerdict status={e.signature.status} reason={e.signature.reason} />
              )}
              {e.route && full && <span className="muted small"> · {t('route.versionN', { n: e.route.version })}</span>}
              {e.comment && <div className="timeline-comment">{e.comment}</div>}
            </div>
          </li>
        ))}
      </ol>
    </Section>
  );
}
