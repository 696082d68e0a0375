/**
 * Employees and units for administrators: find a person, register one, change their data, unit, position and
 * roles, block and unblock the account (blocking ends their sessions at once), dismiss them after handing their
 * open work to a colleague; create, rename, move and delete units and name their heads; create, rename, move and delete positions. Auditors see the same lists read-only, and both read each
 * person's user-agreement and consent records as proof.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { positionView, unitView } from '../../../api/services/org-schemas';
import { ApiProblem, api, apiGet, apiPost, isProblem } from '../api/client';
import type { Employee, Role } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { hasRole, useSession } from '../session/session-context';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, Section } from '../ui/widgets';
import { ConsentRecords } from './consent-records';

type Unit = z.output<typeof unitView>;
type Position = z.output<typeof positionView>;

const ROLE_CHOICES: readonly Role[] = ['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor'];
const STATUSES = ['active', 'blocked', 'dismissed', 'deleted'] as const;

function RolesField({ value, onChange, testId }: { value: Role[]; onChange(roles: Role[]): void; testId?: string }) {
  const { t } = useI18n();
  return (
    <fieldset className="roles-field" data-testid={testId}>
      <legend>{t('people.roles')}</legend>
      {ROLE_CHOICES.map((r) => (
        <label key={r} className="check">
          <input type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} data-role={r} />{' '}
          {t(`role.${r}` as MessageKey)}
        </label>
      ))}
    </fieldset>
  );
}

function UnitSelect(props: { units: Unit[]; value: string; onChange(id: string): void; testId?: string; allowEmpty?: string; ariaLabel?: string }) {
  const { tr } = useI18n();
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId} required={!props.allowEmpty} aria-label={props.ariaLabel}>
      {props.allowEmpty !== undefined && <option value="">{props.allowEmpty}</option>}
      {props.units.map((u) => (
        <option key={u.id} value={u.id}>
          {tr(u.name)}
        </option>
      ))}
    </select>
  );
}

function PositionSelect(props: { positions: Position[]; unitId: string; value: string; onChange(id: string): void; testId?: string }) {
  const { t, tr } = useI18n();
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      <option value="">{t('people.noPosition')}</option>
      {props.positions
        .filter((p) => p.unitId === props.unitId)
        .map((p) => (
          <option key={p.id} value={p.id}>
            {tr(p.title)}
          </option>
        ))}
    </select>
  );
}

const EMPTY_NEW = { fullName: '', iin: '', email: '', language: 'kk' as 'kk' | 'ru', unitId: '', positionId: '', password: '', roles: ['employee'] as Role[] };

function NewEmployee({ units, positions, onCreated }: { units: Unit[]; positions: Position[]; onCreated(e: Employee): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ ...EMPTY_NEW, unitId: units[0]?.id ?? '' });
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await apiPost<Employee>('/api/org/employees', {
        fullName: form.fullName,
        language: form.language,
        unitId: form.unitId,
        roles: form.roles,
        ...(form.iin && { iin: form.iin }),
        ...(form.email && { email: form.email }),
        ...(form.positionId && { positionId: form.positionId }),
        ...(form.password && { password: form.password }),
      });
      setForm({ ...EMPTY_NEW, unitId: form.unitId });
      onCreated(created);
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form-grid" onSubmit={submit} data-testid="employee-new">
      <ProblemBanner error={error} />
      <Field label={t('people.fullName')} errors={error?.fieldErrors('fullName')}>
        <input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} required minLength={3} data-testid="employee-new-name" />
      </Field>
      <Field label={t('people.iin')} errors={error?.fieldErrors('iin')}>
        <input value={form.iin} onChange={(e) => setForm({ ...form, iin: e.target.value.trim() })} inputMode="numeric" maxLength={12} data-testid="employee-new-iin" />
      </Field>
      <Field label={t('people.email')} errors={error?.fieldErrors('email')}>
        <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      </Field>
      <Field label={t('people.language')}>
        <select value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as 'kk' | 'ru' })}>
          <option value="kk">Қазақша</option>
          <option value="ru">Русский</option>
        </select>
      </Field>
      <Field label={t('people.unit')} errors={error?.fieldErrors('unitId')}>
        <UnitSelect units={units} value={form.unitId} onChange={(unitId) => setForm({ ...form, unitId, positionId: '' })} testId="employee-new-unit" />
      </Field>
      <Field label={t('people.position')} errors={error?.fieldErrors('positionId')}>
        <PositionSelect positions={positions} unitId={form.unitId} value={form.positionId} onChange={(positionId) => setForm({ ...form, positionId })} />
      </Field>
      <Field label={t('people.password')} errors={error?.fieldErrors('password')} hint={t('people.passwordHint')}>
        <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} data-testid="employee-new-password" />
      </Field>
      <div className="field-wide">
        <RolesField value={form.roles} onChange={(roles) => setForm({ ...form, roles })} testId="employee-new-roles" />
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="employee-create">
          {t('people.register')}
        </button>
      </div>
    </form>
  );
}

function EditEmployee({ person, units, positions, mayEdit, onChanged }: { person: Employee; units: Unit[]; positions: Position[]; mayEdit: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ fullName: person.fullName, unitId: person.unitId, positionId: person.positionId ?? '', roles: (person.roles ?? ['employee']) as Role[], email: person.email ?? '' });
  const [error, setError] = useState<ApiProblem>();
  const [saved, setSaved] = useState(false);
  const [dismissTo, setDismissTo] = useState<string>();
  const [reason, setReason] = useState('');
  const [showDismiss, setShowDismiss] = useState(false);
  useEffect(() => {
    setForm({ fullName: person.fullName, unitId: person.unitId, positionId: person.positionId ?? '', roles: (person.roles ?? ['employee']) as Role[], email: person.email ?? '' });
    setSaved(false);
    setShowDismiss(false);
    setError(undefined);
  }, [person]);

  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    setSaved(false);
    try {
      await action();
      setSaved(true);
      onChanged();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }
  const patch = (body: Record<string, unknown>) => api('PATCH', `/api/org/employees/${encodeURIComponent(person.id)}`, { body });
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => patch({ fullName: form.fullName, unitId: form.unitId, positionId: form.positionId || null, roles: form.roles, email: form.email || null }));
  };
  const dismiss = (e: FormEvent) => {
    e.preventDefault();
    if (!dismissTo) return;
    void run(() => apiPost(`/api/org/employees/${encodeURIComponent(person.id)}/transfer`, { toEmployeeId: dismissTo, then: 'dismiss', reason }));
  };
  const gone = person.status === 'dismissed' || person.status === 'deleted';

  return (
    <div className="stack" data-testid="employee-edit">
      <ProblemBanner error={error} />
      {saved && <div className="verdict verdict-ok">{t('people.saved')}</div>}
      <form className="form-grid" onSubmit={save}>
        <Field label={t('people.fullName')} errors={error?.fieldErrors('fullName')}>
          <input value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} disabled={!mayEdit || gone} data-testid="employee-edit-name" />
        </Field>
        <Field label={t('people.email')} errors={error?.fieldErrors('email')}>
          <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} disabled={!mayEdit || gone} />
        </Field>
        <Field label={t('people.unit')} errors={error?.fieldErrors('unitId')}>
          <UnitSelect units={units} value={form.unitId} onChange={(unitId) => setForm({ ...form, unitId, positionId: '' })} />
        </Field>
        <Field label={t('people.position')} errors={error?.fieldErrors('positionId')}>
          <PositionSelect positions={positions} unitId={form.unitId} value={form.positionId} onChange={(positionId) => setForm({ ...form, positionId })} />
        </Field>
        <div className="field-wide">
          <RolesField value={form.roles} onChange={(roles) => setForm({ ...form, roles })} testId="employee-edit-roles" />
        </div>
        {mayEdit && !gone && (
          <div className="row">
            <button type="submit" className="btn btn-primary" data-testid="employee-save">
              {t('common.save')}
            </button>
            {person.status === 'active' ? (
              <button type="button" className="btn btn-danger" onClick={() => void run(() => patch({ status: 'blocked' }))} data-testid="employee-block">
                {t('people.block')}
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => void run(() => patch({ status: 'active' }))} data-testid="employee-unblock">
                {t('people.unblock')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => setShowDismiss(!showDismiss)} data-testid="employee-dismiss-open">
              {t('people.dismiss')}
            </button>
          </div>
        )}
      </form>
      {showDismiss && mayEdit && !gone && (
        <form className="form-grid" onSubmit={dismiss} data-testid="employee-dismiss">
          <p className="muted field-wide">{t('people.dismissHelp')}</p>
          <Field label={t('people.successor')} errors={error?.fieldErrors('toEmployeeId')}>
            <PersonPicker value={dismissTo} onChange={setDismissTo} filter={(p) => p.id !== person.id} testId="employee-successor" />
          </Field>
          <Field label={t('people.reason')} errors={error?.fieldErrors('reason')}>
            <input value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="employee-dismiss-reason" />
          </Field>
          <div>
            <button type="submit" className="btn btn-danger" disabled={!dismissTo || !reason.trim()} data-testid="employee-dismiss-confirm">
              {t('people.dismissConfirm')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function UnitsSection({ units, mayEdit, onChanged }: { units: Unit[]; mayEdit: boolean; onChanged(): void }) {
  const { t, tr } = useI18n();
  const [form, setForm] = useState({ kk: '', ru: '', parentId: '' });
  const [editing, setEditing] = useState<{ id: string; kk: string; ru: string; parentId: string; headEmployeeId: string }>();
  const [error, setError] = useState<ApiProblem>();
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      onChanged();
      return true;
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
      return false;
    }
  }
  const nameOf = (id?: string) => (id ? tr(units.find((u) => u.id === id)?.name, '—') : '—');
  return (
    <Section title={t('people.units')} testId="units">
      <ProblemBanner error={error} />
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('people.unit')}</th>
            <th>{t('people.parentUnit')}</th>
            <th>{t('admin.head')}</th>
            {mayEdit && <th>{t('dispatch.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.id} data-testid="unit-row">
              <td>
                {editing?.id === u.id ? (
                  <span className="row">
                    <input aria-label={`${t('people.unitName')} (қаз.)`} value={editing.kk} onChange={(e) => setEditing({ ...editing, kk: e.target.value })} />
                    <input aria-label={`${t('people.unitName')} (рус.)`} value={editing.ru} onChange={(e) => setEditing({ ...editing, ru: e.target.value })} />
                  </span>
                ) : (
                  tr(u.name)
                )}
              </td>
              <td>
                {editing?.id === u.id ? (
                  <UnitSelect
                    units={units.filter((x) => x.id !== u.id)}
                    value={editing.parentId}
                    onChange={(parentId) => setEditing({ ...editing, parentId })}
                    allowEmpty={t('people.topLevel')}
                    ariaLabel={t('people.parentUnit')}
                    testId="unit-edit-parent"
                  />
                ) : (
                  nameOf(u.parentId)
                )}
              </td>
              <td>
                {editing?.id === u.id ? (
                  <PersonPicker
                    value={editing.headEmployeeId || undefined}
                    onChange={(id) => setEditing({ ...editing, headEmployeeId: id ?? '' })}
                    filter={(p) => p.status === 'active'}
                    ariaLabel={t('admin.head')}
                    testId="unit-edit-head"
                  />
                ) : u.headEmployeeId ? (
                  <HeadName id={u.headEmployeeId} />
                ) : (
                  '—'
                )}
              </td>
              {mayEdit && (
                <td>
                  {editing?.id === u.id ? (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      data-testid="unit-save"
                      onClick={() =>
                        void run(() =>
                          api('PATCH', `/api/org/units/${encodeURIComponent(u.id)}`, {
                            body: {
                              name: { kk: editing.kk, ru: editing.ru },
                              ...(editing.parentId !== (u.parentId ?? '') && { parentId: editing.parentId || null }),
                              ...(editing.headEmployeeId !== (u.headEmployeeId ?? '') && { headEmployeeId: editing.headEmployeeId || null }),
                            },
                          }),
                        ).then((ok) => ok && setEditing(undefined))
                      }
                    >
                      {t('common.save')}
                    </button>
                  ) : (
                    <span className="row">
                      <button type="button" className="btn btn-small" onClick={() => setEditing({ id: u.id, kk: u.name.kk, ru: u.name.ru, parentId: u.parentId ?? '', headEmployeeId: u.headEmployeeId ?? '' })} data-testid="unit-edit">
                        {t('people.edit')}
                      </button>
                      <button type="button" className="btn btn-small btn-danger" onClick={() => void run(() => api('DELETE', `/api/org/units/${encodeURIComponent(u.id)}`))} data-testid="unit-delete">
                        {t('people.delete')}
                      </button>
                    </span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {mayEdit && (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => apiPost('/api/org/units', { name: { kk: form.kk, ru: form.ru }, ...(form.parentId && { parentId: form.parentId }) })).then((ok) => ok && setForm({ kk: '', ru: '', parentId: '' }));
          }}
          data-testid="unit-new"
        >
          <Field label={`${t('people.unitName')} (қаз.)`} errors={error?.fieldErrors('name.kk')}>
            <input value={form.kk} onChange={(e) => setForm({ ...form, kk: e.target.value })} required data-testid="unit-new-kk" />
          </Field>
          <Field label={`${t('people.unitName')} (рус.)`} errors={error?.fieldErrors('name.ru')}>
            <input value={form.ru} onChange={(e) => setForm({ ...form, ru: e.target.value })} required data-testid="unit-new-ru" />
          </Field>
          <Field label={t('people.parentUnit')}>
            <UnitSelect units={units} value={form.parentId} onChange={(parentId) => setForm({ ...form, parentId })} allowEmpty={t('people.topLevel')} />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary" data-testid="unit-create">
              {t('people.newUnit')}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

/** Positions: a title in both languages within one unit; renamed or moved in place, deleted once nobody holds them. */
function PositionsSection({ positions, units, mayEdit, onChanged }: { positions: Position[]; units: Unit[]; mayEdit: boolean; onChanged(): void }) {
  const { t, tr } = useI18n();
  const [form, setForm] = useState({ kk: '', ru: '', unitId: units[0]?.id ?? '' });
  const [editing, setEditing] = useState<{ id: string; kk: string; ru: string; unitId: string }>();
  const [error, setError] = useState<ApiProblem>();
  // Who holds each position (dismissed and blocked people still hold theirs until deleted or moved).
  const people = useResource((signal) => apiGet<Employee[]>('/api/org/employees', undefined, signal), [positions]);
  const holders = useMemo(() => {
    const count = new Map<string, number>();
    for (const p of people.data ?? []) if (p.positionId && p.status !== 'deleted') count.set(p.positionId, (count.get(p.positionId) ?? 0) + 1);
    return count;
  }, [people.data]);
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      onChanged();
      return true;
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
      return false;
    }
  }
  const unitName = (id: string) => tr(units.find((u) => u.id === id)?.name, '—');
  const sorted = [...positions].sort((a, b) => unitName(a.unitId).localeCompare(unitName(b.unitId)) || tr(a.title).localeCompare(tr(b.title)));
  const path = (id: string) => `/api/org/positions/${encodeURIComponent(id)}`;
  return (
    <Section title={t('people.positions')} testId="positions">
      <p className="muted small">{t('people.positionsHelp')}</p>
      <ProblemBanner error={error} />
      {sorted.length === 0 && <Empty>{t('people.noPositions')}</Empty>}
      {sorted.length > 0 && (
        <table className="table table-compact" data-testid="positions-table">
          <thead>
            <tr>
              <th>{t('people.positionTitle')}</th>
              <th>{t('people.unit')}</th>
              <th>{t('people.holders')}</th>
              {mayEdit && <th>{t('dispatch.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {sorted.map((p) => (
              <tr key={p.id} data-testid="position-row">
                {editing?.id === p.id ? (
                  <>
                    <td>
                      <span className="row">
                        <input aria-label={`${t('people.positionTitle')} (қаз.)`} value={editing.kk} onChange={(e) => setEditing({ ...editing, kk: e.target.value })} data-testid="position-edit-kk" />
                        <input aria-label={`${t('people.positionTitle')} (рус.)`} value={editing.ru} onChange={(e) => setEditing({ ...editing, ru: e.target.value })} data-testid="position-edit-ru" />
                      </span>
                    </td>
                    <td>
                      <UnitSelect units={units} value={editing.unitId} onChange={(unitId) => setEditing({ ...editing, unitId })} testId="position-edit-unit" ariaLabel={t('people.unit')} />
                    </td>
                  </>
                ) : (
                  <>
                    <td>{tr(p.title)}</td>
                    <td>{unitName(p.unitId)}</td>
                  </>
                )}
                <td>{people.data ? (holders.get(p.id) ?? 0) : '…'}</td>
                {mayEdit && (
                  <td>
                    {editing?.id === p.id ? (
                      <span className="row">
                        <button
                          type="button"
                          className="btn btn-small btn-primary"
                          data-testid="position-save"
                          onClick={() =>
                            void run(() =>
                              api('PATCH', path(p.id), { body: { title: { kk: editing.kk, ru: editing.ru }, ...(editing.unitId !== p.unitId && { unitId: editing.unitId }) } }),
                            ).then((ok) => ok && setEditing(undefined))
                          }
                        >
                          {t('common.save')}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => {
                            setEditing(undefined);
                            setError(undefined);
                          }}>
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <span className="row">
                        <button type="button" className="btn btn-small" onClick={() => setEditing({ id: p.id, kk: p.title.kk, ru: p.title.ru, unitId: p.unitId })} data-testid="position-edit">
                          {t('people.edit')}
                        </button>
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void run(() => api('DELETE', path(p.id)))} data-testid="position-delete">
                          {t('people.delete')}
                        </button>
                      </span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayEdit && (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => apiPost('/api/org/positions', { title: { kk: form.kk, ru: form.ru }, unitId: form.unitId })).then((ok) => ok && setForm({ ...form, kk: '', ru: '' }));
          }}
          data-testid="position-new"
        >
          <Field label={`${t('people.positionTitle')} (қаз.)`} errors={editing ? undefined : error?.fieldErrors('title.kk')}>
            <input value={form.kk} onChange={(e) => setForm({ ...form, kk: e.target.value })} required data-testid="position-new-kk" />
          </Field>
          <Field label={`${t('people.positionTitle')} (рус.)`} errors={editing ? undefined : error?.fieldErrors('title.ru')}>
            <input value={form.ru} onChange={(e) => setForm({ ...form, ru: e.target.value })} required data-testid="position-new-ru" />
          </Field>
          <Field label={t('people.unit')} errors={editing ? undefined : error?.fieldErrors('unitId')}>
            <UnitSelect units={units} value={form.unitId} onChange={(unitId) => setForm({ ...form, unitId })} testId="position-new-unit" />
          </Field>
          <div>
            <button type="submit" className="btn btn-primary" data-testid="position-create">
              {t('people.newPosition')}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

function HeadName({ id }: { id: string }) {
  const { people } = useSession();
  return <>{people.get(id)?.fullName ?? '—'}</>;
}

export function PeoplePage() {
  const { t, tr } = useI18n();
  const session = useSession();
  const allowed = hasRole(session, 'administrator', 'auditor');
  const mayEdit = hasRole(session, 'administrator');
  const [filter, setFilter] = useState({ q: '', unitId: '', status: 'active' });
  const [selected, setSelected] = useState<string>();
  const [tab, setTab] = useState<'people' | 'units' | 'positions'>('people');
  const units = useResource(allowed ? (signal) => apiGet<Unit[]>('/api/org/units', undefined, signal) : undefined, [allowed]);
  const positions = useResource(allowed ? (signal) => apiGet<Position[]>('/api/org/positions', undefined, signal) : undefined, [allowed]);
  const people = useResource(
    allowed ? (signal) => apiGet<Employee[]>('/api/org/employees', { q: filter.q.trim() || undefined, unitId: filter.unitId || undefined, status: filter.status || undefined }, signal) : undefined,
    [allowed, filter],
  );
  // The person being edited stays on screen after a change moves them out of the filter (blocked, dismissed).
  const person = useResource(allowed && selected ? (signal) => apiGet<Employee>(`/api/org/employees/${encodeURIComponent(selected)}`, undefined, signal) : undefined, [allowed, selected]);
  const changed = () => {
    people.reload();
    person.reload();
  };
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, tr(u.name)])), [units.data, tr]);
  const positionName = useMemo(() => new Map((positions.data ?? []).map((p) => [p.id, tr(p.title)])), [positions.data, tr]);
  if (!allowed) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('people.onlyAdmins'))} />;

  return (
    <div className="page" data-testid="people-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.people')}</h1>
          <p className="muted">{t('people.help')}</p>
        </div>
      </div>
      <div className="tabs tabs-page" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'people'} className={tab === 'people' ? 'active' : ''} onClick={() => setTab('people')} data-testid="people-tab-people">
          {t('people.employees')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'units'} className={tab === 'units' ? 'active' : ''} onClick={() => setTab('units')} data-testid="people-tab-units">
          {t('people.units')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'positions'} className={tab === 'positions' ? 'active' : ''} onClick={() => setTab('positions')} data-testid="people-tab-positions">
          {t('people.positions')}
        </button>
      </div>
      <ProblemBanner error={units.error ?? positions.error} />
      {tab === 'units' && units.data && <UnitsSection units={units.data} mayEdit={mayEdit} onChanged={units.reload} />}
      {tab === 'positions' && units.data && positions.data && <PositionsSection positions={positions.data} units={units.data} mayEdit={mayEdit} onChanged={positions.reload} />}
      {tab === 'people' && (
        <>
          <Section title={t('people.employees')} testId="employees">
            <form className="form-grid filters" onSubmit={(e) => e.preventDefault()}>
              <Field label={t('people.find')}>
                <input value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} data-testid="people-find" />
              </Field>
              <Field label={t('people.unit')}>
                <UnitSelect units={units.data ?? []} value={filter.unitId} onChange={(unitId) => setFilter({ ...filter, unitId })} allowEmpty={t('people.allUnits')} />
              </Field>
              <Field label={t('people.status')}>
                <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })} data-testid="people-status">
                  <option value="">{t('people.anyStatus')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`employeeStatus.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </Field>
            </form>
            <ProblemBanner error={people.error} />
            {people.loading && <Loading />}
            {people.data && people.data.length === 0 && <Empty>{t('people.none')}</Empty>}
            {people.data && people.data.length > 0 && (
              <table className="table table-compact" data-testid="people-table">
                <thead>
                  <tr>
                    <th>{t('people.fullName')}</th>
                    <th>{t('people.unit')}</th>
                    <th>{t('people.position')}</th>
                    <th>{t('people.roles')}</th>
                    <th>{t('people.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.data.map((p) => (
                    <tr key={p.id} className={p.id === selected ? 'selected' : ''} data-testid="person-row">
                      <td>
                        <button type="button" className="link-button" onClick={() => setSelected(p.id)} aria-pressed={p.id === selected}>
                          {p.fullName}
                        </button>
                      </td>
                      <td>{unitName.get(p.unitId) ?? '—'}</td>
                      <td>{p.positionId ? (positionName.get(p.positionId) ?? '—') : '—'}</td>
                      <td>{(p.roles ?? []).map((r) => t(`role.${r}` as MessageKey)).join(', ') || '—'}</td>
                      <td>
                        <Badge tone={p.status === 'active' ? 'ok' : p.status === 'blocked' ? 'warn' : 'neutral'}>{t(`employeeStatus.${p.status}` as MessageKey)}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          {person.data && person.data.id === selected && units.data && positions.data && (
            <Section title={person.data.fullName} testId="person-card">
              <EditEmployee person={person.data} units={units.data} positions={positions.data} mayEdit={mayEdit} onChanged={changed} />
              <ConsentRecords employeeId={person.data.id} />
            </Section>
          )}
          {mayEdit && units.data && positions.data && (
            <Section title={t('people.new')}>
              <NewEmployee
                units={units.data}
                positions={positions.data}
                onCreated={(e) => {
                  setFilter({ q: '', unitId: '', status: 'active' });
                  setSelected(e.id);
                }}
              />
            </Section>
          )}
        </>
      )}
    </div>
  );
}
