/**
 * Access applications (register a new account, move one to another unit or position, block one): anyone
 * applies; the applicant's head and then an administrator decide — the administrator within 24 hours, the
 * deadline shown beside each application waiting for the reader. A block takes effect the moment it is filed.
 * The list shows the reader's own applications and those about them; administrators and auditors see all.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { positionView, unitView } from '../../../api/services/org-schemas';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import type { InboxPage, Role } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';

type Unit = z.output<typeof unitView>;
type Position = z.output<typeof positionView>;
type Action = 'register' | 'move' | 'block';

/** GET /api/access-applications (the AccessApplication schema in api/routes/access-applications.ts). */
interface Application {
  id: string;
  action: Action;
  applicantId: string;
  subjectId: string;
  unitId?: string;
  positionId?: string;
  roles?: string[];
  reason?: string;
  documentStatus: string;
  decision: 'draft' | 'awaiting-head' | 'awaiting-administrator' | 'granted' | 'refused' | 'not-applicable';
  effect: { outcome: string; detail?: string; appliedAt?: string };
  filedAt: string;
}

const ACCESS_TYPE = 'access-application';
const DECISION_TONE: Record<Application['decision'], 'neutral' | 'info' | 'warn' | 'ok' | 'bad'> = {
  draft: 'neutral',
  'awaiting-head': 'info',
  'awaiting-administrator': 'warn',
  granted: 'ok',
  refused: 'bad',
  'not-applicable': 'neutral',
};
const ROLE_CHOICES: readonly Role[] = ['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor'];

function ApplyForm({ units, positions, onFiled }: { units: Unit[]; positions: Position[]; onFiled(): void }) {
  const { t, tr } = useI18n();
  const [action, setAction] = useState<Action>('register');
  const [subjectId, setSubjectId] = useState<string>();
  const [person, setPerson] = useState({ fullName: '', iin: '', email: '', language: 'kk' as 'kk' | 'ru' });
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const [positionId, setPositionId] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    const target = { unitId, ...(positionId && { positionId }), ...(roles.length > 0 && { roles }) };
    const body =
      action === 'register'
        ? { action, person: { fullName: person.fullName, iin: person.iin, language: person.language, ...(person.email && { email: person.email }) }, ...target, reason }
        : action === 'move'
          ? { action, subjectId, ...target, reason }
          : { action, subjectId, reason };
    try {
      await apiPost('/api/access-applications', body);
      setDone(true);
      setReason('');
      setPerson({ fullName: '', iin: '', email: '', language: 'kk' });
      onFiled();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }
  const errs = (field: string) => error?.fieldErrors(field);
  return (
    <form className="form-grid" onSubmit={submit} data-testid="access-apply">
      <ProblemBanner error={error} />
      {done && <div className="verdict verdict-ok field-wide">{t(action === 'block' ? 'access.filedBlock' : 'access.filed')}</div>}
      <Field label={t('access.action')}>
        <select value={action} onChange={(e) => setAction(e.target.value as Action)} data-testid="access-action">
          {(['register', 'move', 'block'] as const).map((a) => (
            <option key={a} value={a}>
              {t(`access.action.${a}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      {action === 'register' ? (
        <>
          <Field label={t('people.fullName')} errors={errs('person.fullName')}>
            <input value={person.fullName} onChange={(e) => setPerson({ ...person, fullName: e.target.value })} required minLength={3} data-testid="access-full-name" />
          </Field>
          <Field label={t('people.iin')} errors={errs('person.iin')}>
            <input value={person.iin} onChange={(e) => setPerson({ ...person, iin: e.target.value.trim() })} required inputMode="numeric" maxLength={12} data-testid="access-iin" />
          </Field>
          <Field label={t('people.email')} errors={errs('person.email')}>
            <input type="email" value={person.email} onChange={(e) => setPerson({ ...person, email: e.target.value })} />
          </Field>
          <Field label={t('people.language')}>
            <select value={person.language} onChange={(e) => setPerson({ ...person, language: e.target.value as 'kk' | 'ru' })}>
              <option value="kk">Қазақша</option>
              <option value="ru">Русский</option>
            </select>
          </Field>
        </>
      ) : (
        <Field label={t('access.subject')} errors={errs('subjectId')}>
          <PersonPicker value={subjectId} onChange={setSubjectId} testId="access-subject" />
        </Field>
      )}
      {action !== 'block' && (
        <>
          <Field label={t('people.unit')} errors={errs('unitId')}>
            <select value={unitId} onChange={(e) => { setUnitId(e.target.value); setPositionId(''); }} required data-testid="access-unit">
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {tr(u.name)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('people.position')} errors={errs('positionId')}>
            <select value={positionId} onChange={(e) => setPositionId(e.target.value)}>
              <option value="">{t('people.noPosition')}</option>
              {positions
                .filter((p) => p.unitId === unitId)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {tr(p.title)}
                  </option>
                ))}
            </select>
          </Field>
          <fieldset className="roles-field field-wide">
            <legend>{t('access.rolesAsked')}</legend>
            {ROLE_CHOICES.map((r) => (
              <label key={r} className="check">
                <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} /> {t(`role.${r}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <Field label={t('access.reason')} errors={errs('reason')} wide>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} data-testid="access-reason" />
      </Field>
      {action === 'block' && <p className="muted field-wide">{t('access.blockWarning')}</p>}
      <div>
        <button type="submit" className={`btn ${action === 'block' ? 'btn-danger' : 'btn-primary'}`} disabled={action !== 'register' && !subjectId} data-testid="access-submit">
          {t('access.submit')}
        </button>
      </div>
    </form>
  );
}

function DecideButtons({ id, onDone }: { id: string; onDone(): void }) {
  const { t } = useI18n();
  const [refusing, setRefusing] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function act(action: 'approve' | 'reject') {
    setBusy(true);
    setError(undefined);
    try {
      await apiPost(`/api/documents/${encodeURIComponent(id)}/actions/${action}`, action === 'reject' ? { comment } : {});
      onDone();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <ProblemBanner error={error} />
      {refusing ? (
        <div className="row">
          <input aria-label={t('access.refusalReason')} placeholder={t('access.refusalReason')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="access-refusal-reason" />
          <button type="button" className="btn btn-danger btn-small" disabled={busy || !comment.trim()} onClick={() => void act('reject')} data-testid="access-refuse-confirm">
            {t('access.refuse')}
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={() => void act('approve')} data-testid="access-approve">
            {t('access.approve')}
          </button>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => setRefusing(true)} data-testid="access-refuse">
            {t('access.refuse')}
          </button>
        </div>
      )}
    </div>
  );
}

export function AccessPage() {
  const { t, tr, dateTime, date } = useI18n();
  const units = useResource((signal) => apiGet<Unit[]>('/api/org/units', undefined, signal), []);
  const positions = useResource((signal) => apiGet<Position[]>('/api/org/positions', undefined, signal), []);
  const list = useResource((signal) => apiGet<Application[]>('/api/access-applications', undefined, signal), []);
  // The decisions waiting for me are approval tasks on access-application documents, with their deadlines.
  const tasks = useResource((signal) => apiGet<InboxPage>('/api/inbox', { view: 'for-approval', pageSize: 200, sort: 'dueAt' }, signal), []);
  const waiting = useMemo(() => (tasks.data?.items ?? []).filter((i) => i.documentType === ACCESS_TYPE), [tasks.data]);
  const byId = useMemo(() => new Map((list.data ?? []).map((a) => [a.id, a])), [list.data]);
  const unitName = (id?: string) => (id ? tr(units.data?.find((u) => u.id === id)?.name, '—') : '—');
  const reload = () => {
    list.reload();
    tasks.reload();
  };
  const what = (a: Application | undefined) => (a ? t(`access.action.${a.action}` as MessageKey) : t('access.application'));

  return (
    <div className="page" data-testid="access-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.access')}</h1>
          <p className="muted">{t('access.help')}</p>
        </div>
      </div>
      {waiting.length > 0 && (
        <Section title={t('access.waitingForMe')} testId="access-waiting">
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('access.application')}</th>
                <th>{t('access.subject')}</th>
                <th>{t('access.reason')}</th>
                <th>{t('access.decideBy')}</th>
                <th>{t('dispatch.action')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((task) => {
                const app = byId.get(task.documentId);
                return (
                  <tr key={task.taskId} className={task.overdue ? 'row-overdue' : ''} data-testid="access-waiting-row">
                    <td>
                      <Link to={`/documents/${encodeURIComponent(task.documentId)}`}>{what(app)}</Link>
                      <div className="muted small">
                        {t('access.filedBy')} <PersonName id={app?.applicantId} />
                      </div>
                    </td>
                    <td>{app?.action === 'register' ? t('access.newAccount') : <PersonName id={app?.subjectId} />}</td>
                    <td>{app?.reason ?? '—'}</td>
                    <td className="nowrap" data-testid="access-deadline">
                      {task.dueAt ? dateTime(task.dueAt) : '—'} {task.overdue && <Badge tone="bad">{t('access.overdue')}</Badge>}
                    </td>
                    <td>
                      <DecideButtons id={task.documentId} onDone={reload} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Section>
      )}
      <Section title={t('access.list')} testId="access-list">
        <ProblemBanner error={list.error ?? tasks.error} />
        {list.loading && <Loading />}
        {list.data && list.data.length === 0 && <Empty>{t('access.none')}</Empty>}
        {list.data && list.data.length > 0 && (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('access.filedAt')}</th>
                <th>{t('access.application')}</th>
                <th>{t('access.subject')}</th>
                <th>{t('people.unit')}</th>
                <th>{t('access.decision')}</th>
                <th>{t('access.effect')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id} data-testid="access-row" data-decision={a.decision}>
                  <td className="nowrap">{date(a.filedAt)}</td>
                  <td>
                    <Link to={`/documents/${encodeURIComponent(a.id)}`}>{what(a)}</Link>
                    <div className="muted small">
                      {t('access.filedBy')} <PersonName id={a.applicantId} />
                    </div>
                  </td>
                  <td>{a.action === 'register' ? t('access.newAccount') : <PersonName id={a.subjectId} />}</td>
                  <td>{unitName(a.unitId)}</td>
                  <td>
                    <Badge tone={DECISION_TONE[a.decision]}>{t(`access.decision.${a.decision}` as MessageKey)}</Badge>
                  </td>
                  <td>
                    {t(`access.effect.${a.effect.outcome}` as MessageKey)}
                    {a.effect.appliedAt && <div className="muted small">{dateTime(a.effect.appliedAt)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('access.apply')}>
        {units.data && positions.data ? <ApplyForm units={units.data} positions={positions.data} onFiled={reload} /> : <Loading />}
      </Section>
    </div>
  );
}
