/**
 * Requests to the system administrator on a memo's card (002 §§7–9): the responsible executor raises one from his
 * execution, the Deputy Chairman agrees or returns it, an administrator sets its deadline and answers; everyone who
 * sees the memo reads the states, the deadline (a breach in red) and the answer with its files, which the
 * executor's card carries. What each person may do comes from the server (`actions`).
 */
import { useState, type FormEvent } from 'react';
import { api, apiGet, apiPost, ApiProblem, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { AdminRequest, DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, PersonName, Section } from '../ui/widgets';

const CHANGE_MEMO_TYPE = 'edms-change-memo';
const TONE: Record<AdminRequest['state'], 'info' | 'ok' | 'warn' | 'bad' | 'neutral'> = {
  'awaiting-agreement': 'warn',
  returned: 'neutral',
  'with-administrator': 'info',
  'in-work': 'info',
  answered: 'ok',
};

const asProblem = (err: unknown) => (isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message));

export function AdminRequestsSection({ doc }: { doc: DocumentView }) {
  const { t } = useI18n();
  const session = useSession();
  const list = useResource(doc.type === CHANGE_MEMO_TYPE ? (signal) => apiGet<AdminRequest[]>(`/api/documents/${doc.id}/admin-requests`, undefined, signal) : undefined, [doc.id, doc.type]);
  const [raising, setRaising] = useState(false);
  if (doc.type !== CHANGE_MEMO_TYPE) return null;
  const w = doc.workflow;
  // The resolution whose responsible executor I am, with my execution task open: the only place a request comes from.
  const myResolution =
    w?.status === 'in-execution'
      ? w.resolutions.find((r) => r.state === 'open' && r.responsibleExecutorId === session.me.employee.id && w.tasks.some((k) => k.kind === 'execute' && k.state === 'open' && k.assigneeId === r.responsibleExecutorId && k.resolutionId === r.id))
      : undefined;
  const requests = list.data ?? [];
  if (requests.length === 0 && !myResolution) return null;
  return (
    <Section
      title={t('adminReq.title')}
      testId="admin-requests"
      actions={
        myResolution && !raising ? (
          <button type="button" className="btn btn-small" onClick={() => setRaising(true)} data-testid="admin-request-raise">
            {t('adminReq.raise')}
          </button>
        ) : undefined
      }
    >
      <ProblemBanner error={list.error} />
      <p className="muted small">{t('adminReq.hint')}</p>
      {raising && myResolution && (
        <RaiseForm
          documentId={doc.id}
          resolutionId={myResolution.id}
          onDone={() => {
            setRaising(false);
            list.reload();
          }}
          onCancel={() => setRaising(false)}
        />
      )}
      {requests.length === 0 && !raising && <p className="muted">{t('adminReq.none')}</p>}
      <ul className="admin-requests">
        {requests.map((r) => (
          <RequestItem key={r.id} documentId={doc.id} r={r} onChanged={list.reload} />
        ))}
      </ul>
    </Section>
  );
}

function RaiseForm(props: { documentId: string; resolutionId: string; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [change, setChange] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    apiPost(`/api/documents/${props.documentId}/admin-requests`, { resolutionId: props.resolutionId, change, reason })
      .then(props.onDone)
      .catch((err: unknown) => setError(asProblem(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="form" onSubmit={submit} data-testid="admin-request-form">
      <ProblemBanner error={error} />
      <Field label={t('adminReq.change')} errors={error?.fieldErrors('change')} wide>
        <textarea name="change" rows={3} value={change} onChange={(e) => setChange(e.target.value)} />
      </Field>
      <Field label={t('adminReq.reason')} errors={error?.fieldErrors('reason')} wide>
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="admin-request-send">
          {t('adminReq.send')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('adminReq.cancel')}
        </button>
      </div>
    </form>
  );
}

function RequestItem({ documentId, r, onChanged }: { documentId: string; r: AdminRequest; onChanged(): void }) {
  const { t, dateTime } = useI18n();
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const base = `/api/documents/${documentId}/admin-requests/${encodeURIComponent(r.id)}`;
  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    work()
      .then(onChanged)
      .catch((err: unknown) => setError(asProblem(err)))
      .finally(() => setBusy(false));
  };
  const breach = r.deadline?.breach;
  return (
    <li className="admin-request" data-testid="admin-request" data-state={r.state}>
      <div className="resolution-head">
        <Badge tone={TONE[r.state]}>{t(`adminReq.state.${r.state}` as MessageKey)}</Badge>
        <span className="muted small">
          {' '}
          · {t('adminReq.raisedBy')}: <PersonName id={r.raisedBy} /> · {dateTime(r.raisedAt)}
        </span>
      </div>
      <p>
        <strong>{t('adminReq.change')}:</strong> {r.change}
      </p>
      <p>
        <strong>{t('adminReq.reason')}:</strong> {r.reason}
      </p>
      {r.agreement && (
        <p className="small" data-testid="admin-request-agreement">
          {t(r.agreement.decision === 'agreed' ? 'adminReq.agreed' : 'adminReq.returnedBy')}: <PersonName id={r.agreement.by} />
          {r.agreement.onBehalfOf && (
            <>
              {' '}
              ({t('adminReq.onBehalfOf')} <PersonName id={r.agreement.onBehalfOf} />)
            </>
          )}{' '}
          · {dateTime(r.agreement.at)}
          {r.agreement.comment && <> — «{r.agreement.comment}»</>}
        </p>
      )}
      {r.deadline && (
        <p className={`small${breach ? ' deadline-breached' : ''}`} data-testid="admin-request-deadline" data-breach={breach ?? ''}>
          {t('adminReq.deadline')}: {dateTime(r.deadline.dueAt)} · {t('adminReq.deadlineSetBy')} <PersonName id={r.deadline.setBy} />
          {breach && <> · {t(breach === 'overdue' ? 'adminReq.overdue' : 'adminReq.answeredLate')}</>}
        </p>
      )}
      {r.answer && (
        <div className="exec-card" data-testid="admin-request-answer">
          <div className="exec-card-head">
            <strong>{t('adminReq.answer')}</strong> · <PersonName id={r.answer.by} /> · <span className="muted">{dateTime(r.answer.at)}</span>
          </div>
          <p>{r.answer.text}</p>
        </div>
      )}
      {r.files.length > 0 && (
        <ul className="files" aria-label={t('adminReq.files')}>
          {r.files.map((f) => (
            <li key={f.id} className="file">
              <button type="button" className="link-button" onClick={() => run(() => downloadFile(`/api/documents/${documentId}/execution-files/${encodeURIComponent(f.id)}`))} data-testid="admin-request-file">
                {f.filename}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProblemBanner error={error} />
      {r.actions.includes('agree') && <AgreeForm busy={busy} error={error} onAgree={() => run(() => apiPost(`${base}/agreement`, { decision: 'agree' }))} onReturn={(comment) => run(() => apiPost(`${base}/agreement`, { decision: 'return', comment }))} />}
      {r.actions.includes('deadline') && <DeadlineForm busy={busy} error={error} hasDeadline={!!r.deadline} onSave={(body) => run(() => apiPost(`${base}/deadline`, body))} />}
      {r.actions.includes('answer') && (
        <AnswerForm
          busy={busy}
          error={error}
          onFile={(file) => run(() => api('POST', `${base}/files`, { raw: file, rawType: file.type || 'application/octet-stream', query: { filename: file.name } }))}
          onAnswer={(text) => run(() => apiPost(`${base}/answer`, { text }))}
        />
      )}
    </li>
  );
}

function AgreeForm(props: { busy: boolean; error?: ApiProblem; onAgree(): void; onReturn(comment: string): void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  return (
    <div className="form" data-testid="admin-request-agree-form">
      <Field label={t('adminReq.returnComment')} errors={props.error?.fieldErrors('comment')} wide>
        <textarea name="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={props.busy} onClick={props.onAgree} data-testid="admin-request-agree">
          {t('adminReq.agree')}
        </button>
        <button type="button" className="btn" disabled={props.busy} onClick={() => props.onReturn(comment)} data-testid="admin-request-return">
          {t('adminReq.return')}
        </button>
      </div>
    </div>
  );
}

function DeadlineForm(props: { busy: boolean; error?: ApiProblem; hasDeadline: boolean; onSave(body: Record<string, unknown>): void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'date' | 'working' | 'calendar'>('working');
  const [dueOn, setDueOn] = useState('');
  const [days, setDays] = useState('5');
  const save = (e: FormEvent) => {
    e.preventDefault();
    props.onSave(mode === 'date' ? { dueOn: dueOn || undefined } : { days: Number(days), kind: mode });
  };
  const errors = [...(props.error?.fieldErrors('dueOn') ?? []), ...(props.error?.fieldErrors('days') ?? []), ...(props.error?.fieldErrors('kind') ?? [])];
  return (
    <form className="form" onSubmit={save} data-testid="admin-request-deadline-form">
      <Field label={props.hasDeadline ? t('adminReq.moveDeadline') : t('adminReq.setDeadline')} errors={errors}>
        <div className="row">
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} aria-label={t('adminReq.deadline')}>
            <option value="working">{t('adminReq.workingDays')}</option>
            <option value="calendar">{t('adminReq.calendarDays')}</option>
            <option value="date">{t('adminReq.byDate')}</option>
          </select>
          {mode === 'date' ? (
            <DateInput value={dueOn} onChange={setDueOn} name="dueOn" aria-label={t('adminReq.byDate')} testId="admin-request-due-on" />
          ) : (
            <input type="number" name="days" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} aria-label={t('adminReq.days')} />
          )}
        </div>
      </Field>
      <button type="submit" className="btn" disabled={props.busy} data-testid="admin-request-deadline-save">
        {t('adminReq.save')}
      </button>
    </form>
  );
}

function AnswerForm(props: { busy: boolean; error?: ApiProblem; onFile(file: File): void; onAnswer(text: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onAnswer(text);
      }}
      data-testid="admin-request-answer-form"
    >
      <Field label={t('adminReq.answerText')} errors={props.error?.fieldErrors('text')} wide>
        <textarea name="text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <div className="row">
        <label className="btn btn-small file-button">
          {t('adminReq.addFile')}
          <input type="file" hidden disabled={props.busy} onChange={(e) => e.target.files?.[0] && props.onFile(e.target.files[0])} data-testid="admin-request-file-upload" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={props.busy} data-testid="admin-request-answer-send">
          {t('adminReq.sendAnswer')}
        </button>
      </div>
    </form>
  );
}
