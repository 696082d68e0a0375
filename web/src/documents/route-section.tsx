/** The route: its stages in order, who acts at each, what they did, and the deadlines (with how they were computed). */
import { apiGet } from '../api/client';
import { useCapabilities } from '../api/capabilities';
import type { DocumentView, RouteDefinition, Task } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { hasRole, useSession } from '../session/session-context';
import { Badge, PersonName, Section } from '../ui/widgets';
import { clerkDate, readDeadlineExplanation } from './deadline-explanation';
import { stageRows, type StageRow } from './route-stages';

const TASK_TONE = { waiting: 'neutral', open: 'info', done: 'ok', refused: 'bad', cancelled: 'neutral' } as const;

function TaskLine({ task }: { task: Task }) {
  const { t, dateTime } = useI18n();
  return (
    <li className="task" data-testid="route-task" data-state={task.state}>
      <div className="task-main">
        <PersonName id={task.assigneeId} />
        <span className="muted small"> · {t(`taskKind.${task.kind}` as MessageKey)}</span>
        {task.resolutionId && <span className="muted small"> · {t('route.byResolution')}</span>}
        <Badge tone={TASK_TONE[task.state]}>{t(`taskState.${task.state}` as MessageKey)}</Badge>
      </div>
      {task.actedAtMs && (
        <div className="task-sub muted small">
          {dateTime(task.actedAtMs)}
          {task.actedBy && task.actedBy !== task.assigneeId && (
            <>
              {' · '}
              {t('route.actedBy')} <PersonName id={task.actedBy} />
            </>
          )}
        </div>
      )}
      {task.comment && <div className="task-comment">«{task.comment}»</div>}
    </li>
  );
}

/** How the deadline was computed, in the reader's language (the engine's own sentence is English, for the audit). */
function DeadlineExplanation({ text }: { text: string }) {
  const { t } = useI18n();
  const r = readDeadlineExplanation(text);
  if (!r) return null;
  const lines =
    r.kind === 'hours'
      ? [t('route.explainHours', { n: r.hours, start: `${clerkDate(r.startDate)} ${r.startTime}` })]
      : r.kind === 'working'
        ? [t('route.explainWorking', { n: r.days, start: clerkDate(r.startDate), due: clerkDate(r.dueDate) }), r.skipped.length > 0 && t('route.explainSkipped', { days: r.skipped.map(clerkDate).join(', ') })]
        : [
            t('route.explainCalendar', { n: r.days, start: clerkDate(r.startDate), due: clerkDate(r.dueDate) }),
            r.notMoved && t('route.explainNotMoved'),
            r.moved && t('route.explainMoved', { last: clerkDate(r.moved.lastDay) }),
          ];
  return (
    <details className="explanation" data-testid="deadline-explanation">
      <summary>{t('route.howComputed')}</summary>
      {[...lines, r.kind !== 'hours' && t('route.explainCalendarData')].filter(Boolean).join(' ')}
    </details>
  );
}

function StageItem({ row, index }: { row: StageRow; index: number }) {
  const { t, dateTime } = useI18n();
  const d = row.deadline;
  const rule = row.definition?.deadline;
  return (
    <li className={`stage stage-${row.state}`} data-testid="route-stage" data-stage={row.id} data-state={row.state}>
      <div className="stage-dot">{row.state === 'done' ? '✓' : index + 1}</div>
      <div className="stage-body">
        <div className="stage-title">
          {row.type ? t(`stageType.${row.type}` as MessageKey) : t('route.stage')}
          {row.definition?.title && <span className="muted small"> · {row.definition.title}</span>}
          <span className={`stage-state stage-state-${row.state}`}>{t(`stageState.${row.state}` as MessageKey)}</span>
        </div>
        {rule && (
          <div className="muted small">
            {t('route.rule')}: {rule.hours ? t('route.hours', { n: rule.hours }) : t(rule.kind === 'calendar' ? 'route.calendarDays' : 'route.workingDays', { n: rule.days ?? 0 })}
          </div>
        )}
        {d && (
          <div className={`deadline${d.breachedAtMs ? ' deadline-breached' : ''}`} data-testid="stage-deadline">
            {t('route.due')}: <strong>{dateTime(d.dueAtMs)}</strong>
            {d.breachedAtMs && <Badge tone="bad">{t('inbox.overdue')}</Badge>}
            {d.explanation && <DeadlineExplanation text={d.explanation} />}
          </div>
        )}
        {row.tasks.length > 0 && (
          <ul className="tasks">
            {row.tasks.map((task) => (
              <TaskLine key={task.id} task={task} />
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** "Қызметтік жазба · нұсқа 1": the route by the name of its document type, never by its key. */
export function useRouteName(route: { key: string; version: number }, typeId?: string): string {
  const { t, tr } = useI18n();
  const { types } = useSession();
  const type = types.find((x) => x.id === typeId && x.routeKey === route.key) ?? types.find((x) => x.routeKey === route.key);
  const version = t('route.versionN', { n: route.version });
  return type ? `${tr(type.title)} · ${version}` : version;
}

export function RouteSection({ doc }: { doc: DocumentView }) {
  const { t } = useI18n();
  const session = useSession();
  const routeName = useRouteName(doc.route, doc.type);
  const caps = useCapabilities();
  const w = doc.workflow;
  // Designers may read route versions; for everyone else the stages come from the live tasks.
  const canRead = hasRole(session, 'designer') && caps.has('get', '/api/routes/:key/versions/:version');
  const version = useResource(
    canRead ? (signal) => apiGet<{ definition: RouteDefinition }>(`/api/routes/${doc.route.key}/versions/${doc.route.version}`, undefined, signal) : undefined,
    [doc.route.key, doc.route.version, canRead],
  );
  const definition = version.data?.definition;
  const rows = w ? stageRows(w, definition) : [];
  return (
    <Section title={t('doc.route')} subtitle={routeName} testId="doc-route">
      {!w && <p className="muted">{t('doc.noLiveState')}</p>}
      {w?.returned && (
        <div className="note note-warn">
          {t(w.returned.reason === 'rejected' ? 'route.returnedRejected' : 'route.returnedWithdrawn')} <PersonName id={w.returned.by} />
          {w.returned.comment && <> — «{w.returned.comment}»</>}
        </div>
      )}
      {w && rows.length === 0 && <p className="muted">{t('route.notStarted')}</p>}
      <ol className="stages">
        {rows.map((row, i) => (
          <StageItem key={row.id} row={row} index={i} />
        ))}
        {w && w.status === 'executed' && (
          <li className="stage stage-done stage-final">
            <div className="stage-dot">★</div>
            <div className="stage-body">
              <div className="stage-title">{t('status.executed')}</div>
            </div>
          </li>
        )}
      </ol>
      {!definition && w && w.status !== 'executed' && <p className="muted small">{t('route.moreStages')}</p>}
    </Section>
  );
}
