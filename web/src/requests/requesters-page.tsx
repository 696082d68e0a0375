/**
 * Who may make information requests, and under which role of the catalogue (seed-004 Annex 1): administrators pick
 * an employee by name and a role by its name, see who has which role, change or take it away. Separate from the
 * system roles that decide which screens one may open; without a catalogue role every request is refused.
 */
import { useState, type FormEvent } from 'react';
import type { InformationRequesterView } from '../../../api/services/information-request-schemas';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session-context';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Empty, Loading, PersonName, Section } from '../ui/widgets';
import { useRowName, type Row } from './reference-page';

export function RequestersPage() {
  const { t, dateTime } = useI18n();
  const { people } = useSession();
  const nameOf = useRowName();
  const roles = useResource(
    (signal) => apiGet<Row[]>('/api/information-requests/reference/roles', undefined, signal),
    [],
  );
  const list = useResource(
    (signal) => apiGet<InformationRequesterView[]>('/api/information-requests/requesters', undefined, signal),
    [],
  );
  const [employeeId, setEmployeeId] = useState<string>();
  const [roleKey, setRoleKey] = useState('');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string>();

  const roleRows = roles.data ?? [];
  const roleName = (key: string) => {
    const row = roleRows.find((r) => r.key === key);
    return row ? nameOf('roles', row) : t('ref.role.unnamed');
  };
  // A withdrawn role (or one not yet in force) is not offered for a new assignment; one already held is still named.
  const offered = roleRows
    .filter((r) => r.current && r.current.data.withdrawn !== true)
    .sort((a, b) => nameOf('roles', a).localeCompare(nameOf('roles', b)));
  const needle = filter.trim().toLowerCase();
  const shown = (list.data ?? [])
    .map((r) => ({ ...r, person: people.get(r.employeeId)?.fullName ?? '' }))
    .filter(
      (r) =>
        !needle ||
        r.person.toLowerCase().includes(needle) ||
        roleName(r.roleKey).toLowerCase().includes(needle),
    )
    .sort((a, b) => a.person.localeCompare(b.person));

  function pick(id: string | undefined) {
    setEmployeeId(id);
    setSaved(undefined);
    setRoleKey(list.data?.find((r) => r.employeeId === id)?.roleKey ?? '');
  }

  async function run(action: () => Promise<unknown>, done: string) {
    setError(undefined);
    setSaved(undefined);
    setBusy(true);
    try {
      await action();
      setSaved(done);
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!employeeId || !roleKey) return;
    void run(
      () =>
        api('PUT', `/api/information-requests/requesters/${encodeURIComponent(employeeId)}`, {
          body: { roleKey },
        }),
      t('requesters.saved'),
    );
  }

  return (
    <div className="page" data-testid="requesters-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.records')}</div>
          <h1>{t('nav.requesters')}</h1>
          <p className="muted">{t('requesters.help')}</p>
        </div>
      </div>
      <Section title={t('requesters.assign')} testId="requesters-form-section">
        <form className="form-grid" onSubmit={submit} data-testid="requester-form">
          <ProblemBanner error={error} />
          <Field label={t('requesters.employee')} errors={error?.fieldErrors('employeeId')}>
            <PersonPicker value={employeeId} onChange={pick} testId="requester-person" />
          </Field>
          <Field label={t('requesters.role')} errors={error?.fieldErrors('roleKey')}>
            <select value={roleKey} onChange={(e) => setRoleKey(e.target.value)} data-testid="requester-role">
              <option value="">{t('common.choose')}</option>
              {offered.map((r) => (
                <option key={r.key} value={r.key}>
                  {nameOf('roles', r)}
                </option>
              ))}
            </select>
          </Field>
          <div className="field-wide">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || !employeeId || !roleKey}
              data-testid="requester-save"
            >
              {t('requesters.save')}
            </button>
            {saved && (
              <span className="muted" role="status" data-testid="requester-saved">
                {' '}
                {saved}
              </span>
            )}
          </div>
        </form>
      </Section>
      <Section title={t('requesters.list')} testId="requesters-list">
        <div className="filters">
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t('requesters.filter')}
            aria-label={t('requesters.filter')}
            data-testid="requesters-filter"
          />
        </div>
        <ProblemBanner error={list.error ?? roles.error} />
        {list.loading && !list.data ? (
          <Loading />
        ) : !shown.length ? (
          <Empty>{t('requesters.none')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('requesters.employee')}</th>
                <th>{t('requesters.role')}</th>
                <th>{t('ref.changedBy')}</th>
                <th>{t('ref.changedAt')}</th>
                <th aria-label={t('ref.actions')} />
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.employeeId} data-testid={`requester-row-${r.employeeId}`}>
                  <td>
                    <PersonName id={r.employeeId} full />
                  </td>
                  <td>{roleName(r.roleKey)}</td>
                  <td>
                    <PersonName id={r.changedBy} />
                  </td>
                  <td>{dateTime(r.changedAt)}</td>
                  <td className="nowrap">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => pick(r.employeeId)}
                      data-testid="requester-change"
                    >
                      {t('requesters.change')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy}
                      onClick={() =>
                        void run(
                          () =>
                            api(
                              'DELETE',
                              `/api/information-requests/requesters/${encodeURIComponent(r.employeeId)}`,
                            ),
                          t('requesters.removed'),
                        )
                      }
                      data-testid="requester-remove"
                    >
                      {t('requesters.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
