/**
 * The card as it was at an instant, read from the snapshot the route stored at its last change before that
 * instant (`GET /api/documents/:id/history/state?at=`): heading, status, stage, registration, every task with
 * who acted and on whose behalf, and whether the snapshot still matches the hash chained into the audit trail.
 * Works without Temporal, so also for documents whose workflow history has left the server.
 */
import type { Bilingual, WorkflowState } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Badge, KeyValues, PersonName } from '../ui/widgets';

export interface SnapshotAt {
  seq: number;
  at: string;
  state: WorkflowState;
  verified: boolean;
  card?: { title?: string; journalTitle?: Bilingual };
}

const TASK_TONE = { waiting: 'neutral', open: 'info', done: 'ok', refused: 'bad', cancelled: 'neutral' } as const;

export function SnapshotCard({ snapshot, requestedAt }: { snapshot: SnapshotAt; requestedAt?: string }) {
  const { t, tr, dateTime, date } = useI18n();
  const s = snapshot.state;
  const reg = s.registration;
  // "за Иванов И. И." / "Иванов И. И. орнына": the name sits where the language puts it.
  const [before = '', after = ''] = t('audit.cardOnBehalf').split('{who}');
  return (
    <div className="snapshot-card" data-testid="snapshot-card" data-verified={snapshot.verified}>
      <h3>{t('audit.cardAt', { at: dateTime(requestedAt ?? snapshot.at) })}</h3>
      <p className="muted small">{t('audit.cardAtHelp')}</p>
      <KeyValues
        rows={[
          [t('audit.cardVerified'), <Badge key="v" tone={snapshot.verified ? 'ok' : 'bad'}>{t(snapshot.verified ? 'audit.cardVerifiedYes' : 'audit.cardVerifiedNo')}</Badge>],
          [t('audit.cardRecordedAt'), dateTime(snapshot.at)],
          snapshot.card?.title && [t('doc.title'), <span key="title" data-testid="snapshot-title">{snapshot.card.title}</span>],
          [t('people.status'), <span key="status" data-testid="snapshot-status" data-status={s.status}>{t(`status.${s.status}` as MessageKey)}</span>],
          [t('audit.cardStage'), s.stage ? t(`stageType.${s.stage.type}` as MessageKey) : t('audit.cardNoStage')],
          s.stage?.deadline && [t('route.due'), dateTime(s.stage.deadline.dueAtMs)],
          [
            t('doc.regNumber'),
            reg ? <span key="reg" data-testid="snapshot-registration">{t('doc.numberRegistered', { n: reg.number, date: date(reg.registeredAtMs) })}</span> : t('audit.cardNotRegistered'),
          ],
          reg && snapshot.card?.journalTitle && [t('doc.journal'), tr(snapshot.card.journalTitle)],
          reg && [t('audit.cardRegisteredBy'), <PersonName key="rb" id={reg.registeredBy} full />],
          s.returned && [
            t('audit.cardReturned'),
            <span key="ret">
              {t(`status.${s.returned.reason}` as MessageKey)} · <PersonName id={s.returned.by} /> · {dateTime(s.returned.atMs)}
              {s.returned.comment && <> — «{s.returned.comment}»</>}
            </span>,
          ],
        ]}
      />
      <h4>{t('audit.cardTasks')}</h4>
      {s.tasks.length === 0 ? (
        <p className="muted">{t('audit.cardNoTasks')}</p>
      ) : (
        <table className="table table-compact" data-testid="snapshot-tasks">
          <thead>
            <tr>
              <th>{t('audit.cardTask')}</th>
              <th>{t('audit.cardAssignee')}</th>
              <th>{t('audit.cardState')}</th>
              <th>{t('audit.cardActed')}</th>
            </tr>
          </thead>
          <tbody>
            {s.tasks.map((task) => (
              <tr key={task.id} data-testid="snapshot-task" data-state={task.state}>
                <td>{t(`taskKind.${task.kind}` as MessageKey)}</td>
                <td>
                  <PersonName id={task.assigneeId} full />
                </td>
                <td>
                  <Badge tone={TASK_TONE[task.state]}>{t(`taskState.${task.state}` as MessageKey)}</Badge>
                </td>
                <td>
                  {task.actedBy ? (
                    <span data-testid="snapshot-acted">
                      <PersonName id={task.actedBy} full />
                      {task.onBehalfOf && task.onBehalfOf !== task.actedBy && (
                        <>
                          {' '}
                          <span data-testid="snapshot-on-behalf">
                            ({before}
                            <PersonName id={task.onBehalfOf} />
                            {after})
                          </span>
                        </>
                      )}
                      {task.actedAtMs && <span className="muted small"> · {dateTime(task.actedAtMs)}</span>}
                      {task.comment && <div className="task-comment">«{task.comment}»</div>}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
