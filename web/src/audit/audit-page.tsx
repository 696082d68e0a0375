/**
 * For auditors: is the audit trail intact (GET /api/audit/verify names the first altered, removed or
 * reordered event), and the events themselves, filtered. Per-document timelines and replays are on the card.
 */
import { useState } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { DICTIONARY, type MessageKey } from '../i18n/dictionary';
import { eventLabel } from '../i18n/event-label';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { Field, ProblemBanner, Unavailable } from '../ui/problem-view';
import { Badge, Empty, KeyValues, Loading, PersonName, Section } from '../ui/widgets';

interface Verification {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number; problem: string; eventKey?: string; type?: string; at?: string; documentId?: string };
}
interface AuditEvent {
  _id?: number;
  seq?: number;
  type: string;
  at: string;
  actorId?: string;
  onBehalfOf?: string;
  documentId?: string;
  source?: string;
  comment?: string;
}

const CHAIN_PROBLEM: Record<string, MessageKey> = {
  'content-altered': 'audit.problem.content-altered',
  'link-broken': 'audit.problem.link-broken',
  'missing-event': 'audit.problem.missing-event',
};

/** The audit vocabulary an auditor can filter by: every event type the interface has words for. */
const AUDIT_TYPES = Object.keys(DICTIONARY)
  .filter((k) => k.startsWith('event.') && !/^event\.(task|update|outcome|other)\b/.test(k))
  .map((k) => k.slice('event.'.length));

export function AuditPage() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const caps = useCapabilities();
  const [verification, setVerification] = useState<Verification>();
  const [verifyError, setVerifyError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState({ documentId: '', actorId: '', type: '' });
  const [applied, setApplied] = useState(filter);
  const events = useResource(
    caps.has('get', '/api/audit/events') ? (signal) => apiGet<{ items: AuditEvent[] }>('/api/audit/events', { ...applied, limit: 200 }, signal) : undefined,
    [applied, caps.loaded],
  );
  if (!hasRole(session, 'auditor', 'administrator')) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('audit.onlyAuditors'))} />;

  async function verify() {
    setBusy(true);
    setVerifyError(undefined);
    try {
      setVerification(await apiGet<Verification>('/api/audit/verify'));
    } catch (err) {
      setVerifyError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.management')}</div>
          <h1>{t('nav.audit')}</h1>
          <p className="muted">{t('audit.help')}</p>
        </div>
      </div>
      <Section
        title={t('audit.chain')}
        actions={
          <button type="button" className="btn btn-primary btn-small" disabled={busy || !caps.has('get', '/api/audit/verify')} onClick={() => void verify()} data-testid="audit-verify">
            {busy ? t('common.wait') : t('audit.verify')}
          </button>
        }
      >
        {!caps.has('get', '/api/audit/verify') && <Unavailable what="GET /api/audit/verify" />}
        <ProblemBanner error={verifyError} />
        {verification && (
          <div data-testid="audit-verdict">
            <div className={`verdict ${verification.ok ? 'verdict-ok' : 'verdict-bad'}`}>
              {verification.ok ? t('audit.intact', { n: verification.checked }) : t('audit.broken', { n: verification.checked })}
            </div>
            {verification.brokenAt && (
              <KeyValues
                rows={[
                  [t('audit.seq'), String(verification.brokenAt.seq)],
                  [t('audit.problem'), t(CHAIN_PROBLEM[verification.brokenAt.problem] ?? 'audit.problem.other')],
                  verification.brokenAt.type && [t('audit.type'), eventLabel(t, verification.brokenAt.type)],
                  verification.brokenAt.at && [t('audit.time'), dateTime(verification.brokenAt.at)],
                  verification.brokenAt.documentId && [t('audit.document'), <Link key="d" to={`/documents/${verification.brokenAt.documentId}`}>{t('audit.openDocument')}</Link>],
                ]}
              />
            )}
          </div>
        )}
      </Section>
      <Section title={t('audit.events')}>
        {!caps.has('get', '/api/audit/events') && <Unavailable what="GET /api/audit/events" />}
        <form
          className="form-grid filters"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(filter);
          }}
        >
          <Field label={t('audit.document')}>
            <input value={filter.documentId} onChange={(e) => setFilter({ ...filter, documentId: e.target.value.trim() })} />
          </Field>
          <Field label={t('audit.actor')}>
            <select value={filter.actorId} onChange={(e) => setFilter({ ...filter, actorId: e.target.value })}>
              <option value="">{t('audit.anyone')}</option>
              {[...session.people.values()]
                .sort((a, b) => (a.fullName ?? '').localeCompare(b.fullName ?? ''))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.fullName ?? t('audit.someone')}
                  </option>
                ))}
            </select>
          </Field>
          <Field label={t('audit.type')}>
            <select value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
              <option value="">{t('audit.anyEvent')}</option>
              {AUDIT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {eventLabel(t, type)}
                </option>
              ))}
            </select>
          </Field>
          <div className="filters-submit">
            <button type="submit" className="btn">
              {t('common.apply')}
            </button>
          </div>
        </form>
        <ProblemBanner error={events.error} />
        {events.loading && <Loading />}
        {events.data && events.data.items.length === 0 && <Empty>{t('history.empty')}</Empty>}
        {events.data && events.data.items.length > 0 && (
          <table className="table table-compact" data-testid="audit-events">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('audit.time')}</th>
                <th>{t('audit.type')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.document')}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e, i) => (
                <tr key={e.seq ?? e._id ?? i}>
                  <td className="muted">{e.seq ?? (typeof e._id === 'number' ? e._id : i + 1)}</td>
                  <td className="nowrap">{dateTime(e.at)}</td>
                  <td>{eventLabel(t, e.type)}</td>
                  <td>
                    {e.actorId ? <PersonName id={e.actorId} /> : '—'}
                    {e.onBehalfOf && (
                      <span className="muted small">
                        {' '}
                        ({t('action.onBehalfOf')} <PersonName id={e.onBehalfOf} />)
                      </span>
                    )}
                    {e.source && `audit.source.${e.source}` in DICTIONARY && <Badge>{t(`audit.source.${e.source}` as MessageKey)}</Badge>}
                  </td>
                  <td>{e.documentId ? <Link to={`/documents/${e.documentId}`}>{t('audit.openDocument')}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
