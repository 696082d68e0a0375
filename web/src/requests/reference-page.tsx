/**
 * The reference tables of information requests (seed-004 Annexes 1–3): roles and their grounds, services with their
 * limits, the article whitelist. Everyone with access reads them; administrators write a new version of a row with
 * its valid-from day and reason (the old versions stay, and a row's history shows who changed what, from when).
 * Rows whose grounds are a reading of a damaged source carry that mark in words.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import type { InformationReferenceVersionView } from '../../../api/services/information-request-schemas';
import type { unitView } from '../../../api/services/org-schemas';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { astanaInstant } from '../i18n/astana-time';
import { DICTIONARY, type MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';

export type Table = 'roles' | 'services' | 'articles';
type Version = InformationReferenceVersionView;
type Unit = z.output<typeof unitView>;
/** An organisation of the exchange address book (GET /api/exchange/correspondents), named in both languages. */
interface Correspondent {
  bin: string;
  name: { kk: string; ru: string };
  active: boolean;
}
export interface Row {
  key: string;
  current?: Version;
  versions: Version[];
}

const TABLES: Table[] = ['roles', 'services', 'articles'];
/** The grounds of Annex 1's columns (and the one two roles have beyond them); their names are the bases' names. */
export const GROUNDS = ['criminal-case', 'administrative-case-court', 'administrative-case-special-accounts', 'civil-case-court', 'initial-check', 'enforcement-proceedings', 'search-case', 'accounting-registration'] as const;
const BODIES = ['prosecution', 'operator', 'court', 'mvd', 'knb', 'anti-corruption', 'afm', 'military-police', 'penal-system', 'emergencies', 'bailiffs', 'state-guard', 'hr'] as const;
/** Fields of a row whose change the history names. */
const FIELDS: Record<Table, string[]> = {
  roles: ['title', 'body', 'grounds', 'withdrawn'],
  services: ['title', 'grounds', 'redactedUnder', 'hiddenFields', 'onlyBody', 'needsWhitelistedArticle', 'providerUnitId', 'providerBin', 'withdrawn'],
  articles: ['title', 'validFrom', 'withdrawn'],
};
const SEED_AUTHOR = 'seed:004';

const known = (key: string): key is MessageKey => key in DICTIONARY;
const cyrillic = (s: unknown): s is string => typeof s === 'string' && /[\u0400-\u04FF]/.test(s) && !/[A-Za-z]{3,}/.test(s);
const groundKey = (g: string) => `ireq.basis.${g}` as MessageKey;
const bodyKey = (b: string) => `ref.body.${b}` as MessageKey;

/** A row's name in the reader's language: a title entered in Kazakh or Russian, else the known name, else its number. */
export function useRowName() {
  const { t } = useI18n();
  return (table: Table, row: Row): string => {
    const data = (row.current ?? row.versions[row.versions.length - 1])?.data ?? {};
    if (table === 'roles') {
      if (cyrillic(data.title)) return data.title;
      const k = `ref.role.${row.key}`;
      return known(k) ? t(k) : t('ref.role.unnamed');
    }
    if (table === 'services') return cyrillic(data.title) ? `${t('ireq.serviceNo', { n: row.key })}: ${data.title}` : t('ireq.serviceNo', { n: row.key });
    const article = t(data.part ? 'ref.article.withPart' : 'ref.article.whole', { a: String(data.article ?? row.key), p: String(data.part ?? '') });
    const titleKey = `ref.articleTitle.${String(data.article)}`;
    const title = cyrillic(data.title) ? data.title : known(titleKey) ? t(titleKey) : '';
    return title ? `${article} — ${title}` : article;
  };
}

function Grounds({ grounds }: { grounds: unknown }) {
  const { t } = useI18n();
  const list = Array.isArray(grounds) ? (grounds as string[]) : [];
  if (!list.length) return <span className="muted">{t('ref.noGrounds')}</span>;
  return <>{list.map((g) => (known(groundKey(g)) ? t(groundKey(g)) : t('ref.otherGround'))).join('; ')}</>;
}

/** The limits of a service in words: redacted answers, one body only, an article needed, who answers. */
function ServiceLimits({ data, units, organisations }: { data: Record<string, unknown>; units: Unit[]; organisations: Correspondent[] }) {
  const { t, tr } = useI18n();
  const notes: ReactNode[] = [];
  if (Array.isArray(data.redactedUnder) && data.redactedUnder.length) {
    notes.push(
      <span key="redacted">
        {t('ref.redactedUnder')}: <Grounds grounds={data.redactedUnder} />
      </span>,
    );
  }
  if (typeof data.onlyBody === 'string') notes.push(<span key="only">{t('ref.onlyBody', { body: known(bodyKey(data.onlyBody)) ? t(bodyKey(data.onlyBody)) : '' })}</span>);
  if (data.needsWhitelistedArticle) notes.push(<span key="article">{t('ref.needsArticle')}</span>);
  if (typeof data.providerUnitId === 'string') {
    const unit = units.find((u) => u.id === data.providerUnitId);
    notes.push(<span key="unit">{t('ref.providerUnit', { unit: unit ? tr(unit.name) : t('ref.unknownUnit') })}</span>);
  }
  if (typeof data.providerBin === 'string') {
    const org = organisations.find((o) => o.bin === data.providerBin);
    notes.push(
      <span key="org" data-testid="ref-provider-org-note">
        {t('ref.providerOrg', { org: org ? tr(org.name) : t('ref.unknownOrg') })}
      </span>,
    );
  }
  if (!notes.length) return null;
  return (
    <ul className="plain-list">
      {notes.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  );
}

function Author({ id }: { id: string }) {
  const { t } = useI18n();
  return id === SEED_AUTHOR ? <>{t('ref.seedAuthor')}</> : <PersonName id={id} />;
}

/** What a version changed against the one before it, named in words. */
function changedFields(table: Table, before: Version | undefined, after: Version): string[] {
  if (!before) return [];
  return FIELDS[table].filter((f) => JSON.stringify(before.data[f] ?? null) !== JSON.stringify(after.data[f] ?? null));
}

function History({ table, row }: { table: Table; row: Row }) {
  const { t, date, dateTime } = useI18n();
  return (
    <table className="table table-compact" data-testid="ref-history">
      <thead>
        <tr>
          <th>{t('ref.version')}</th>
          <th>{t('ref.validFrom')}</th>
          <th>{t('ref.changedBy')}</th>
          <th>{t('ref.changedAt')}</th>
          <th>{t('ref.changed')}</th>
          <th>{t('ref.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {row.versions.map((v, i) => {
          const fields = changedFields(table, row.versions[i - 1], v);
          return (
            <tr key={v.version} data-testid={`ref-version-${v.version}`}>
              <td>
                {v.version}
                {row.current?.version === v.version && (
                  <>
                    {' '}
                    <Badge tone="ok">{t('ref.inForce')}</Badge>
                  </>
                )}
              </td>
              <td>{date(v.validFrom)}</td>
              <td>
                <Author id={v.changedBy} />
              </td>
              <td>{dateTime(v.changedAt)}</td>
              <td>{i === 0 ? t('ref.firstVersion') : fields.length ? fields.map((f) => t(`ref.field.${f}` as MessageKey)).join(', ') : t('ref.nothingChanged')}</td>
              <td>{v.changedBy === SEED_AUTHOR ? t('ref.seedReason') : v.reason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function GroundBoxes({ value, onChange, testId }: { value: string[]; onChange(v: string[]): void; testId: string }) {
  const { t } = useI18n();
  return (
    <div className="checks" data-testid={testId}>
      {GROUNDS.map((g) => (
        <label key={g} className="check">
          <input type="checkbox" checked={value.includes(g)} onChange={(e) => onChange(e.target.checked ? [...value, g] : value.filter((x) => x !== g))} data-testid={`${testId}-${g}`} />
          {t(groundKey(g))}
        </label>
      ))}
    </div>
  );
}

function EditForm({ table, row, units, organisations, onSaved, onCancel, onConflict }: { table: Table; row: Row; units: Unit[]; organisations: Correspondent[]; onSaved(): void; onCancel(): void; onConflict(): void }) {
  const { t, tr } = useI18n();
  const latest = row.versions[row.versions.length - 1];
  // The form starts from the newest version written (which may apply from a later day), so edits build on it.
  const base = latest?.data ?? {};
  const [title, setTitle] = useState(cyrillic(base.title) ? base.title : '');
  const [grounds, setGrounds] = useState<string[]>(Array.isArray(base.grounds) ? (base.grounds as string[]) : []);
  const [body, setBody] = useState(typeof base.body === 'string' ? base.body : '');
  const [onlyBody, setOnlyBody] = useState(typeof base.onlyBody === 'string' ? base.onlyBody : '');
  const [needsArticle, setNeedsArticle] = useState(!!base.needsWhitelistedArticle);
  const [providerUnitId, setProviderUnitId] = useState(typeof base.providerUnitId === 'string' ? base.providerUnitId : '');
  const [providerBin, setProviderBin] = useState(typeof base.providerBin === 'string' ? base.providerBin : '');
  const [withdrawn, setWithdrawn] = useState(!!base.withdrawn);
  const [validFrom, setValidFrom] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  // After a refused save the row is read again; saving waits until the newer version has arrived, or it would be
  // refused the same way.
  const [refusedAtVersion, setRefusedAtVersion] = useState<number>();
  const rereading = refusedAtVersion !== undefined && (latest?.version ?? 0) <= refusedAtVersion;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    // The fields the form does not show (hidden fields of a redacted answer, marks, the source order) go on as they are.
    const data: Record<string, unknown> = { ...base, title: title.trim() || base.title, withdrawn: withdrawn || undefined };
    if (table !== 'articles') data.grounds = grounds;
    if (table === 'roles') data.body = body;
    if (table === 'services') {
      data.onlyBody = onlyBody || undefined;
      data.needsWhitelistedArticle = needsArticle || undefined;
      data.providerUnitId = providerUnitId || undefined;
      data.providerBin = providerBin || undefined;
    }
    if (table === 'articles') data.validFrom = validFrom;
    if (data.title === undefined) delete data.title;
    try {
      await api('PUT', `/api/information-requests/reference/${table}/${encodeURIComponent(row.key)}`, {
        body: { data: JSON.parse(JSON.stringify(data)), validFrom: astanaInstant(validFrom), reason: reason.trim(), expectedVersion: latest?.version ?? 0 },
      });
      onSaved();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
      // Someone saved a version meanwhile: the row is read again, so saving once more builds on their version.
      if (isProblem(err) && err.status === 409) {
        setRefusedAtVersion(latest?.version ?? 0);
        onConflict();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} data-testid="ref-edit-form">
      <ProblemBanner error={error} />
      <Field label={t('ref.title')} wide hint={cyrillic(base.title) ? undefined : t('ref.titleHint')} errors={error?.fieldErrors('data.title')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} data-testid="ref-title" />
      </Field>
      {table === 'roles' && (
        <Field label={t('ref.body')} errors={error?.fieldErrors('data.body')}>
          <select value={body} onChange={(e) => setBody(e.target.value)} data-testid="ref-body">
            {BODIES.map((b) => (
              <option key={b} value={b}>
                {t(bodyKey(b))}
              </option>
            ))}
          </select>
        </Field>
      )}
      {table !== 'articles' && (
        <Field label={t('ref.grounds')} wide errors={error?.fieldErrors('data.grounds')}>
          <GroundBoxes value={grounds} onChange={setGrounds} testId="ref-grounds" />
        </Field>
      )}
      {table === 'services' && (
        <>
          <Field label={t('ref.onlyBodyLabel')}>
            <select value={onlyBody} onChange={(e) => setOnlyBody(e.target.value)} data-testid="ref-only-body">
              <option value="">{t('ref.anyBody')}</option>
              {BODIES.map((b) => (
                <option key={b} value={b}>
                  {t(bodyKey(b))}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ref.providerUnitLabel')}>
            <select value={providerUnitId} onChange={(e) => setProviderUnitId(e.target.value)} data-testid="ref-provider-unit">
              <option value="">{t('ref.dataSource')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {tr(u.name)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ref.providerOrgLabel')} errors={error?.fieldErrors('data.providerBin')}>
            <select value={providerBin} onChange={(e) => setProviderBin(e.target.value)} data-testid="ref-provider-org">
              <option value="">{t('ref.ownProvider')}</option>
              {/* A BIN no longer in the address book stays chosen, named as unknown rather than by its digits. */}
              {providerBin && !organisations.some((o) => o.bin === providerBin) && <option value={providerBin}>{t('ref.unknownOrg')}</option>}
              {organisations.map((o) => (
                <option key={o.bin} value={o.bin}>
                  {o.active ? tr(o.name) : t('ref.inactiveOrg', { org: tr(o.name) })}
                </option>
              ))}
            </select>
          </Field>
          <label className="check field-wide">
            <input type="checkbox" checked={needsArticle} onChange={(e) => setNeedsArticle(e.target.checked)} data-testid="ref-needs-article" />
            {t('ref.needsArticle')}
          </label>
        </>
      )}
      <label className="check field-wide">
        <input type="checkbox" checked={withdrawn} onChange={(e) => setWithdrawn(e.target.checked)} data-testid="ref-withdrawn" />
        {t('ref.withdrawnLabel')}
      </label>
      <Field label={t('ref.validFrom')} errors={error?.fieldErrors('validFrom')}>
        <DateInput value={validFrom} onChange={setValidFrom} testId="ref-valid-from" required />
      </Field>
      <Field label={t('ref.reason')} errors={error?.fieldErrors('reason')}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required data-testid="ref-reason" />
      </Field>
      <div className="field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy || rereading || !validFrom || !reason.trim()} data-testid="ref-save">
          {t('ref.saveVersion')}
        </button>{' '}
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ReferencePage() {
  const { t, date } = useI18n();
  const session = useSession();
  const isAdmin = hasRole(session, 'administrator');
  const [table, setTable] = useState<Table>('roles');
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<{ key: string; mode: 'history' | 'edit' }>();
  const rows = useResource((signal) => apiGet<Row[]>(`/api/information-requests/reference/${table}`, undefined, signal), [table]);
  const units = useResource(isAdmin || table === 'services' ? (signal) => apiGet<Unit[]>('/api/org/units', undefined, signal).catch(() => [] as Unit[]) : undefined, [isAdmin, table]);
  // The address book names the organisations that provide a service; a server without exchange has none.
  const organisations = useResource(table === 'services' ? (signal) => apiGet<Correspondent[]>('/api/exchange/correspondents', undefined, signal).catch(() => [] as Correspondent[]) : undefined, [table]);
  const orgs = [...(organisations.data ?? [])].sort((a, b) => a.name.ru.localeCompare(b.name.ru));
  const nameOf = useRowName();
  const needle = filter.trim().toLowerCase();
  const shown = (rows.data ?? []).filter((r) => !needle || nameOf(table, r).toLowerCase().includes(needle) || r.key.toLowerCase() === needle);

  return (
    <div className="page" data-testid="reference-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.records')}</div>
          <h1>{t('nav.reference')}</h1>
          <p className="muted">{t('ref.help')}</p>
        </div>
      </div>
      <div className="tabs tabs-page" role="tablist" aria-label={t('nav.reference')}>
        {TABLES.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={x === table}
            className={x === table ? 'active' : ''}
            onClick={() => {
              setTable(x);
              setOpen(undefined);
            }}
            data-testid={`ref-tab-${x}`}
          >
            {t(`ref.table.${x}`)}
          </button>
        ))}
      </div>
      <Section title={t(`ref.table.${table}`)} subtitle={t(`ref.tableHelp.${table}`)} testId="ref-table">
        <div className="filters">
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('ref.filter')} aria-label={t('ref.filter')} data-testid="ref-filter" />
        </div>
        <ProblemBanner error={rows.error} />
        {rows.loading && !rows.data ? (
          <Loading />
        ) : !shown.length ? (
          <Empty>{t('ref.none')}</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('ref.row')}</th>
                {table === 'roles' && <th>{t('ref.body')}</th>}
                {table !== 'articles' && <th>{t('ref.grounds')}</th>}
                {table === 'services' && <th>{t('ref.limits')}</th>}
                <th>{t('ref.version')}</th>
                <th>{t('ref.validFrom')}</th>
                <th aria-label={t('ref.actions')} />
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const v = r.current;
                const data = v?.data ?? {};
                const isOpen = open?.key === r.key;
                return [
                  <tr key={r.key} data-testid={`ref-row-${r.key}`} className={isOpen ? 'row-selected' : undefined}>
                    <td>
                      <div>{nameOf(table, r)}</div>
                      {data.withdrawn === true && <Badge tone="neutral">{t('ref.withdrawn')}</Badge>}
                      {!v && <Badge tone="info">{t('ref.notYetInForce')}</Badge>}
                      {v?.ambiguous && (
                        <div className="muted" data-testid="ref-ambiguous">
                          <Badge tone="warn">{t('ref.ambiguous')}</Badge> {t(`ref.ambiguousWhy.${table}`)}
                        </div>
                      )}
                    </td>
                    {table === 'roles' && <td>{typeof data.body === 'string' && known(bodyKey(data.body)) ? t(bodyKey(data.body)) : '—'}</td>}
                    {table !== 'articles' && (
                      <td>
                        <Grounds grounds={data.grounds} />
                      </td>
                    )}
                    {table === 'services' && (
                      <td>
                        <ServiceLimits data={data} units={units.data ?? []} organisations={orgs} />
                      </td>
                    )}
                    <td>{v ? v.version : '—'}</td>
                    <td>{v ? date(v.validFrom) : '—'}</td>
                    <td className="nowrap">
                      <button type="button" className="btn btn-small" onClick={() => setOpen(isOpen && open?.mode === 'history' ? undefined : { key: r.key, mode: 'history' })} data-testid="ref-history-open">
                        {t('ref.history')}
                      </button>{' '}
                      {isAdmin && (
                        <button type="button" className="btn btn-small" onClick={() => setOpen({ key: r.key, mode: 'edit' })} data-testid="ref-edit">
                          {t('ref.edit')}
                        </button>
                      )}
                    </td>
                  </tr>,
                  isOpen && (
                    <tr key={`${r.key}-open`} className="row-detail">
                      <td colSpan={7}>
                        {open?.mode === 'edit' ? (
                          <EditForm
                            table={table}
                            row={r}
                            units={units.data ?? []}
                            organisations={orgs}
                            onSaved={() => {
                              setOpen({ key: r.key, mode: 'history' });
                              rows.reload();
                            }}
                            onCancel={() => setOpen(undefined)}
                            onConflict={rows.reload}
                          />
                        ) : (
                          <History table={table} row={r} />
                        )}
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
