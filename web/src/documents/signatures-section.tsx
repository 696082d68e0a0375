/**
 * Signatures with their verdicts and evidence (GET /api/documents/:id/signatures). Without that endpoint the
 * card still says who signed, from the route: a signature reaches the route only when it verified.
 * A signature the route refused (wrong person, expired, revoked…) never stood on the document: it is not shown
 * among the signatures but, folded away, as a refused attempt with its reasons.
 */
import { useCapabilities } from '../api/capabilities';
import { apiGet } from '../api/client';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { refusalReasons } from '../eds/signing-errors';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, KeyValues, PersonName, Section } from '../ui/widgets';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** One signature in a stable shape, whatever nesting the server uses (flat, or a verification report). */
interface SignatureRow {
  id: string;
  status: string;
  submittedBy?: string;
  onBehalfOf?: string;
  at?: string;
  commonName?: string;
  iin?: string;
  bin?: string;
  issuer?: string;
  serial?: string;
  validity?: string;
  algorithm?: string;
  signingTime?: string;
  signingTimeSource?: string;
  revocationStatus?: string;
  revocationSource?: string;
  failures: string[];
  failureCodes: string[];
}

function normalise(raw: unknown, i: number): SignatureRow {
  const s = obj(raw);
  const report = obj(s.report ?? s.verdict ?? s.verification);
  const signer = obj((Array.isArray(report.signers) ? report.signers[0] : undefined) ?? s.signer ?? s);
  const subject = obj(signer.subject ?? s.subject);
  const revocation = obj(signer.revocation ?? s.revocation);
  const valid = s.valid ?? report.valid;
  const failureList = [...(Array.isArray(signer.failures) ? signer.failures : []), ...(Array.isArray(report.failures) ? report.failures : [])];
  const failures = failureList.map((f) => text(obj(f).message) ?? text(obj(f).code) ?? '');
  return {
    id: text(s.id) ?? text(s._id) ?? String(i + 1),
    status: text(s.status) ?? (valid === true ? 'valid' : valid === false ? 'invalid' : 'pending'),
    submittedBy: text(s.submittedBy) ?? text(s.employeeId),
    onBehalfOf: text(s.onBehalfOf),
    at: text(s.submittedAt) ?? text(s.createdAt) ?? text(s.receivedAt) ?? text(s.verifiedAt),
    commonName: text(subject.commonName),
    iin: text(subject.iin),
    bin: text(subject.bin),
    issuer: text(signer.issuer) ?? text(obj(signer.issuer).commonName),
    serial: text(signer.serialNumber),
    validity: signer.notBefore && signer.notAfter ? `${text(signer.notBefore)?.slice(0, 10)} — ${text(signer.notAfter)?.slice(0, 10)}` : undefined,
    algorithm: text(signer.algorithm),
    signingTime: text(signer.signingTime),
    signingTimeSource: text(signer.signingTimeSource),
    revocationStatus: text(revocation.status),
    revocationSource: text(revocation.source),
    failures: failures.filter(Boolean),
    failureCodes: failureList.map((f) => text(obj(f).code)).filter((c): c is string => !!c),
  };
}

const TONE: Record<string, 'ok' | 'bad' | 'neutral'> = { valid: 'ok', invalid: 'bad' };

const REVOCATION: Record<string, MessageKey> = { good: 'sigRevocation.good', revoked: 'sigRevocation.revoked', unknown: 'sigRevocation.unknown' };
const SOURCE: Record<string, MessageKey> = { ocsp: 'sigSource.ocsp', crl: 'sigSource.crl' };
const TIME_SOURCE: Record<string, MessageKey> = { signingTime: 'sigTime.signingTime', timestamp: 'sigTime.timestamp', receipt: 'sigTime.receipt' };

function SignatureCard({ s }: { s: SignatureRow }) {
  const { t, date, dateTime } = useI18n();
  // The engine's codes, said in the user's language; an unknown code is left out rather than shown raw.
  const word = (table: Record<string, MessageKey>, code: string | undefined) => (code && table[code] ? t(table[code]) : undefined);
  const revocation = word(REVOCATION, s.revocationStatus);
  const revocationSource = word(SOURCE, s.revocationSource);
  const timeSource = word(TIME_SOURCE, s.signingTimeSource);
  return (
    <div className={`signature signature-${s.status}`} data-testid="signature" data-status={s.status}>
      <div className="signature-head">
        <Badge tone={TONE[s.status] ?? 'neutral'}>{t(s.status === 'valid' ? 'sig.valid' : s.status === 'invalid' ? 'sig.invalid' : 'sig.pending')}</Badge>
        <strong>{s.commonName ?? (s.submittedBy ? <PersonName id={s.submittedBy} /> : s.id)}</strong>
        {s.onBehalfOf && (
          <span className="muted small">
            {' '}
            {t('action.onBehalfOf')} <PersonName id={s.onBehalfOf} />
          </span>
        )}
      </div>
      <KeyValues
        rows={[
          s.iin && [t('sig.iin'), s.iin],
          s.bin && [t('sig.bin'), s.bin],
          s.issuer && [t('sig.issuer'), s.issuer],
          s.serial && [t('sig.serial'), <code key="s">{s.serial}</code>],
          s.validity && [t('sig.validity'), s.validity.split(' — ').map((d) => date(d)).join(' — ')],
          s.algorithm && [t('sig.algorithm'), s.algorithm],
          s.signingTime && [t('sig.signingTime'), `${dateTime(s.signingTime)}${timeSource ? ` (${timeSource})` : ''}`],
          revocation && [t('sig.revocation'), `${revocation}${revocationSource ? ` (${revocationSource})` : ''}`],
          s.at && [t('sig.received'), dateTime(s.at)],
        ]}
      />
      {s.failureCodes.length > 0 && (
        <ul className="problem-fields">
          {refusalReasons(s.failureCodes, t).map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SignaturesSection({ doc }: { doc: DocumentView }) {
  const { t, dateTime } = useI18n();
  const caps = useCapabilities();
  const available = caps.has('get', '/api/documents/:id/signatures');
  const list = useResource(
    available ? (signal) => apiGet<unknown>(`/api/documents/${encodeURIComponent(doc.id)}/signatures`, undefined, signal) : undefined,
    [doc.id, available, doc.workflow?.tasks.filter((x) => x.state === 'done').length],
  );
  const raw = Array.isArray(list.data) ? list.data : (obj(list.data).items as unknown[] | undefined) ?? (obj(list.data).signatures as unknown[] | undefined) ?? [];
  const all = raw.map(normalise);
  const rows = all.filter((s) => s.status !== 'invalid');
  const refused = all.filter((s) => s.status === 'invalid');
  const signedTasks = (doc.workflow?.tasks ?? []).filter((x) => x.kind === 'sign' && x.state === 'done');
  return (
    <Section title={t('doc.signatures')} testId="doc-signatures">
      {available && rows.length === 0 && !list.loading && <Empty>{t('sig.none')}</Empty>}
      {rows.map((s) => (
        <SignatureCard key={s.id} s={s} />
      ))}
      {refused.length > 0 && (
        <details className="manual" data-testid="signature-refusals">
          <summary className="muted small">
            {t('sig.refusedAttempts')}: {refused.length}
          </summary>
          {refused.map((s) => (
            <div className="signature signature-refused" key={s.id} data-testid="signature-refused">
              <div className="signature-head">
                <Badge tone="neutral">{t('sig.refused')}</Badge>
                <strong>{s.commonName ?? (s.submittedBy ? <PersonName id={s.submittedBy} /> : null)}</strong>
                {s.at && <span className="muted small"> · {dateTime(s.at)}</span>}
              </div>
              <ul className="small">
                {refusalReasons(s.failureCodes, t).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          ))}
        </details>
      )}
      {!available && (
        <>
          <p className="muted small">{t('sig.fromRoute')}</p>
          {signedTasks.length === 0 ? (
            <Empty>{t('sig.none')}</Empty>
          ) : (
            signedTasks.map((task) => (
              <div className="signature signature-valid" key={task.id} data-testid="signature" data-status="valid">
                <div className="signature-head">
                  <Badge tone="ok">{t('sig.accepted')}</Badge>
                  <strong>
                    <PersonName id={task.actedBy ?? task.assigneeId} />
                  </strong>
                  <span className="muted small"> · {dateTime(task.actedAtMs)}</span>
                </div>
              </div>
            ))
          )}
        </>
      )}
    </Section>
  );
}
