/**
 * The registry's dispatch desk: outgoing documents registered this year, by where their delivery stands —
 * to send, sent and awaiting the recipient's receipt (chased after one working day), not delivered, received —
 * with the registrar's two actions (record the dispatch, record the receipt); and the notices the registry
 * issued about incoming documents (receipt notifications and «қабылданбады» refusals).
 */
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { deliveryDeskView, issuedNoticeView } from '../../../api/services/registry-desk-schemas';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import { astanaInstant, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { DateInput } from '../ui/date-input';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';

type Desk = z.output<typeof deliveryDeskView>;
type DeskRow = Desk['items'][number];
type Status = DeskRow['status'];
type Notice = z.output<typeof issuedNoticeView>;

const STATUSES: readonly Status[] = ['to-send', 'awaiting-receipt', 'not-delivered', 'receipt-received'];
const TONE: Record<Status, 'info' | 'warn' | 'bad' | 'ok'> = { 'to-send': 'info', 'awaiting-receipt': 'warn', 'not-delivered': 'bad', 'receipt-received': 'ok' };
const astanaYearNow = () => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric' }).format(new Date()));
const astanaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date());

function SendForm({ row, onDone }: { row: DeskRow; onDone(): void }) {
  const { t } = useI18n();
  const [recipient, setRecipient] = useState(row.correspondent ?? '');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiPost(`/api/documents/${encodeURIComponent(row.documentId)}/dispatch`, recipient.trim() ? { recipient: recipient.trim() } : {});
      onDone();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="row" onSubmit={submit} data-testid="dispatch-form">
      <ProblemBanner error={error} />
      <label>
        {t('dispatch.recipient')} <input value={recipient} onChange={(e) => setRecipient(e.target.value)} required data-testid="dispatch-recipient" />
      </label>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="dispatch-send">
        {t('dispatch.send')}
      </button>
    </form>
  );
}

function ReceiptForm({ row, onDone }: { row: DeskRow; onDone(): void }) {
  const { t } = useI18n();
  const [day, setDay] = useState(astanaToday());
  const [number, setNumber] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiPost(`/api/documents/${encodeURIComponent(row.documentId)}/delivery-receipt`, {
        receivedAt: astanaInstant(day, '12:00:00'),
        ...(number.trim() && { recipientNumber: number.trim(), recipientDate: day.split('-').reverse().join('.') }),
      });
      onDone();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="row" onSubmit={submit} data-testid="receipt-form">
      <ProblemBanner error={error} />
      <label>
        {t('dispatch.receivedOn')} <DateInput value={day} onChange={setDay} required />
      </label>
      <label>
        {t('dispatch.recipientNumber')} <input value={number} onChange={(e) => setNumber(e.target.value)} data-testid="receipt-number" />
      </label>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="receipt-save">
        {t('dispatch.recordReceipt')}
      </button>
    </form>
  );
}

function OutgoingTab({ mayAct }: { mayAct: boolean }) {
  const { t, dateTime, date } = useI18n();
  const [status, setStatus] = useState<Status>('to-send');
  const [year, setYear] = useState(astanaYearNow());
  const [open, setOpen] = useState<string>();
  const desk = useResource((signal) => apiGet<Desk>('/api/deliveries', { year, status, pageSize: 500 }, signal), [year, status]);
  const done = () => {
    setOpen(undefined);
    desk.reload();
  };
  return (
    <div className="stack">
      <div className="row">
        <div className="tabs" role="tablist" aria-label={t('dispatch.outgoing')}>
          {STATUSES.map((s) => (
            <button key={s} type="button" role="tab" aria-selected={s === status} className={s === status ? 'active' : ''} onClick={() => setStatus(s)} data-testid={`dispatch-tab-${s}`}>
              {t(`dispatch.status.${s}` as MessageKey)} {desk.data ? `(${desk.data.counts[s] ?? 0})` : ''}
            </button>
          ))}
        </div>
        <label>
          {t('journals.year')} <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || astanaYearNow())} />
        </label>
      </div>
      <ProblemBanner error={desk.error} />
      {desk.loading && <Loading />}
      {desk.data && desk.data.items.length === 0 && <Empty>{t('dispatch.empty')}</Empty>}
      {desk.data && desk.data.items.length > 0 && (
        <table className="table table-compact" data-testid="dispatch-table">
          <thead>
            <tr>
              <th>{t('journals.number')}</th>
              <th>{t('doc.title')}</th>
              <th>{t('dispatch.recipient')}</th>
              <th>{t('dispatch.sent')}</th>
              <th>{t('dispatch.receipt')}</th>
              <th>{t('journals.state')}</th>
              {mayAct && <th>{t('dispatch.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {desk.data.items.map((r) => (
              <tr key={r.documentId} data-testid="dispatch-row">
                <td className="nowrap">
                  <Link to={`/documents/${encodeURIComponent(r.documentId)}`}>№ {r.number}</Link>
                  <div className="muted small">{date(r.registeredAt)}</div>
                </td>
                <td>{r.title ?? '—'}</td>
                <td>{r.delivery?.recipient ?? r.correspondent ?? '—'}</td>
                <td className="nowrap">
                  {r.delivery ? (
                    <>
                      {dateTime(r.delivery.sentAt)}
                      <div className="muted small">
                        <PersonName id={r.delivery.sentBy} />
                      </div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="nowrap">
                  {r.delivery?.receipt ? (
                    <>
                      {dateTime(r.delivery.receipt.receivedAt)}
                      {r.delivery.receipt.recipientNumber && <div className="muted small">№ {r.delivery.receipt.recipientNumber}</div>}
                    </>
                  ) : r.delivery?.receiptDueAt ? (
                    t('dispatch.dueBy', { at: dateTime(r.delivery.receiptDueAt) })
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <Badge tone={TONE[r.status]}>{t(`dispatch.status.${r.status}` as MessageKey)}</Badge>
                </td>
                {mayAct && (
                  <td>
                    {r.status !== 'receipt-received' && open !== r.documentId && (
                      <button type="button" className="btn btn-small" onClick={() => setOpen(r.documentId)} data-testid="dispatch-open">
                        {r.status === 'to-send' ? t('dispatch.send') : t('dispatch.recordReceipt')}
                      </button>
                    )}
                    {open === r.documentId && (r.status === 'to-send' ? <SendForm row={r} onDone={done} /> : <ReceiptForm row={r} onDone={done} />)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function NoticesTab() {
  const { t, dateTime } = useI18n();
  const [kind, setKind] = useState<'' | Notice['kind']>('');
  const [shown, setShown] = useState<string>();
  const notices = useResource((signal) => apiGet<Notice[]>('/api/notices', { kind: kind || undefined, limit: 200 }, signal), [kind]);
  return (
    <div className="stack">
      <div className="tabs" role="tablist" aria-label={t('dispatch.notices')}>
        {(['', 'receipt', 'rejection'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={k === kind} className={k === kind ? 'active' : ''} onClick={() => setKind(k)} data-testid={`notices-tab-${k || 'all'}`}>
            {t(k ? (`dispatch.notice.${k}` as MessageKey) : 'dispatch.notice.all')}
          </button>
        ))}
      </div>
      <ProblemBanner error={notices.error} />
      {notices.loading && <Loading />}
      {notices.data && notices.data.length === 0 && <Empty>{t('dispatch.noNotices')}</Empty>}
      {notices.data && notices.data.length > 0 && (
        <table className="table table-compact" data-testid="notices-table">
          <thead>
            <tr>
              <th>{t('dispatch.issuedAt')}</th>
              <th>{t('dispatch.noticeKind')}</th>
              <th>{t('journals.number')}</th>
              <th>{t('doc.title')}</th>
              <th>{t('doc.correspondent')}</th>
              <th>{t('dispatch.text')}</th>
            </tr>
          </thead>
          <tbody>
            {notices.data.map((n) => (
              <tr key={n.id} data-testid="notice-row">
                <td className="nowrap">{dateTime(n.issuedAt)}</td>
                <td>
                  <Badge tone={n.kind === 'receipt' ? 'ok' : 'bad'}>{t(`dispatch.notice.${n.kind}` as MessageKey)}</Badge>
                </td>
                <td className="nowrap">
                  <Link to={`/documents/${encodeURIComponent(n.documentId)}`}>{n.number ? `№ ${n.number}` : t('dispatch.openCard')}</Link>
                </td>
                <td>{n.title ?? '—'}</td>
                <td>{n.correspondent ?? '—'}</td>
                <td>
                  {shown === n.id ? (
                    <pre className="notice-text" data-testid="notice-text">{n.text}</pre>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => setShown(n.id)}>
                      {t('dispatch.showText')}
                    </button>
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

export function DispatchPage() {
  const { t } = useI18n();
  const session = useSession();
  const [tab, setTab] = useState<'outgoing' | 'notices'>('outgoing');
  if (!hasRole(session, 'registrar', 'administrator', 'auditor')) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('dispatch.onlyRegistry'))} />;
  return (
    <div className="page" data-testid="dispatch-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.dispatch')}</h1>
          <p className="muted">{t('dispatch.help')}</p>
        </div>
      </div>
      <div className="tabs tabs-page" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'outgoing'} className={tab === 'outgoing' ? 'active' : ''} onClick={() => setTab('outgoing')} data-testid="dispatch-outgoing">
          {t('dispatch.outgoing')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'notices'} className={tab === 'notices' ? 'active' : ''} onClick={() => setTab('notices')} data-testid="dispatch-notices">
          {t('dispatch.notices')}
        </button>
      </div>
      <Section title={tab === 'outgoing' ? t('dispatch.outgoing') : t('dispatch.notices')}>{tab === 'outgoing' ? <OutgoingTab mayAct={hasRole(session, 'registrar')} /> : <NoticesTab />}</Section>
    </div>
  );
}
