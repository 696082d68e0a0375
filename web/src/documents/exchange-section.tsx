/**
 * Electronic exchange on the card: for an outgoing document, each electronic addressee going sent →
 * delivered → registered (their number and date) / rejected (their reason), with times; for an incoming one,
 * the sender's number and date and the verdict of the automatic check of every signature (docs/exchange.md).
 */
import { apiGet } from '../api/client';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { formatDateTime, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { Badge, KeyValues, Section } from '../ui/widgets';

interface Addressee {
  bin: string;
  name: { kk: string; ru: string };
  status: 'waiting' | 'sending' | 'delivered' | 'registered' | 'rejected' | 'refused';
  sentAt?: string;
  attempts: number;
  deliveredAt?: string;
  refused?: { code: string; at: string };
  answer?: { kind: 'receipt' | 'rejection'; receivedAt?: string; incomingNumber?: string; incomingDate?: string; reason?: { code: string; title: string }; comment?: string; signatureValid: boolean };
}
interface SignatureVerdict {
  valid: boolean;
  failures: Array<{ code: string }>;
  signer?: { commonName?: string; bin?: string };
  signingTime?: string;
}
interface DocumentExchange {
  outgoing?: { addressees: Addressee[]; replies: string[] };
  incoming?: { senderBin: string; senderNumber?: string; senderDate?: string; receivedAt?: string; repliesTo?: string; verification: { valid: boolean; signatures: SignatureVerdict[] } };
}

const TONE = { waiting: 'neutral', sending: 'info', delivered: 'info', registered: 'ok', rejected: 'bad', refused: 'bad' } as const;
const KNOWN_FAILURES = new Set(['digest-mismatch', 'content-mismatch', 'bad-signature', 'organisation-mismatch', 'revoked', 'certificate-expired', 'untrusted-root', 'chain-invalid']);
const KNOWN_REFUSALS = new Set(['unknown-sender', 'forged-envelope', 'stale-envelope', 'malformed-envelope', 'wrong-addressee', 'envelope-id-reused', 'unknown-correspondent']);

export function ExchangeSection({ doc }: { doc: DocumentView }) {
  const { t, tr } = useI18n();
  const id = encodeURIComponent(doc.id);
  const res = useResource((signal) => apiGet<DocumentExchange>(`/api/documents/${id}/exchange`, undefined, signal), [doc.id, doc.status]);
  const x = res.data;
  if (!x || (!x.outgoing && !x.incoming)) return null;
  return (
    <Section title={t('exchange.title')} testId="doc-exchange" actions={<button type="button" className="btn btn-small" onClick={res.reload}>{t('common.refresh')}</button>}>
      {x.outgoing && (
        <table className="table table-compact" data-testid="exchange-addressees">
          <thead>
            <tr>
              <th>{t('exchange.addressee')}</th>
              <th>{t('exchange.status')}</th>
              <th>{t('exchange.sent')}</th>
              <th>{t('exchange.delivered')}</th>
              <th>{t('exchange.answer')}</th>
            </tr>
          </thead>
          <tbody>
            {x.outgoing.addressees.map((a) => (
              <tr key={a.bin} data-testid={`exchange-addressee-${a.status}`}>
                <td>{tr(a.name)}</td>
                <td>
                  <Badge tone={TONE[a.status]}>{t(`exchange.status.${a.status}` as MessageKey)}</Badge>
                  {a.status === 'sending' && a.attempts > 0 && <div className="muted">{t('exchange.attempts').replace('{n}', String(a.attempts))}</div>}
                </td>
                <td>{formatDateTime(a.sentAt)}</td>
                <td>{formatDateTime(a.deliveredAt)}</td>
                <td>
                  {a.answer?.kind === 'receipt' && (
                    <span data-testid="exchange-receipt">
                      {t('exchange.theirNumber')} № {a.answer.incomingNumber} {t('exchange.of')} {a.answer.incomingDate} · {formatDateTime(a.answer.receivedAt)}
                    </span>
                  )}
                  {a.answer?.kind === 'rejection' && (
                    <span>
                      {a.answer.reason?.title} {a.answer.comment && `— ${a.answer.comment}`} · {formatDateTime(a.answer.receivedAt)}
                    </span>
                  )}
                  {a.answer && !a.answer.signatureValid && <Badge tone="warn">{t('exchange.noticeUnverified')}</Badge>}
                  {a.refused && t(KNOWN_REFUSALS.has(a.refused.code) ? (`exchange.refusal.${a.refused.code}` as MessageKey) : 'exchange.refusal.other')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {x.outgoing && x.outgoing.replies.length > 0 && (
        <p>
          {t('exchange.replies')}{' '}
          {x.outgoing.replies.map((r, i) => (
            <Link key={r} to={`/documents/${encodeURIComponent(r)}`}>
              {t('exchange.reply')} {i + 1}
            </Link>
          ))}
        </p>
      )}
      {x.incoming && (
        <>
          <KeyValues
            rows={[
              [t('exchange.senderNumber'), `№ ${x.incoming.senderNumber ?? '—'} ${t('exchange.of')} ${x.incoming.senderDate ?? '—'}`],
              [t('exchange.receivedAt'), x.incoming.receivedAt ?? '—'],
              [t('exchange.verdict'), <Badge key="v" tone={x.incoming.verification.valid ? 'ok' : 'bad'}>{t(x.incoming.verification.valid ? 'exchange.verdict.valid' : 'exchange.verdict.invalid')}</Badge>],
              !!x.incoming.repliesTo && [t('exchange.repliesTo'), <Link key="r" to={`/documents/${encodeURIComponent(x.incoming.repliesTo)}`}>{t('exchange.original')}</Link>],
            ]}
          />
          <ul data-testid="exchange-signatures">
            {x.incoming.verification.signatures.map((s, i) => (
              <li key={i}>
                {s.signer?.commonName ?? '—'}, {formatDateTime(s.signingTime)}: {t(s.valid ? 'exchange.verdict.valid' : 'exchange.verdict.invalid')}
                {s.failures.slice(0, 1).map((f) => (
                  <span key={f.code}> — {t(KNOWN_FAILURES.has(f.code) ? (`exchange.failure.${f.code}` as MessageKey) : 'exchange.failure.other')}</span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
