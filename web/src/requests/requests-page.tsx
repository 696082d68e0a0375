/**
 * Information requests: a new request signed with EDS through NCALayer, my requests with their answers, and the
 * requests my unit has to answer. The server gives the exact text to sign, so what is signed is what it checks.
 */
import { useState, type FormEvent } from 'react';
import type { InformationRequestView } from '../../../api/services/information-request-schemas';
import { ApiProblem, apiGet, apiPost } from '../api/client';
import { useResource } from '../api/use-resource';
import { ncaLayerSign } from '../eds/ncalayer';
import { describeSigningError } from '../eds/signing-errors';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, Section } from '../ui/widgets';

const BASES = ['criminal-case', 'criminal-assignment', 'international-assistance', 'administrative-case-court', 'administrative-case-special-accounts', 'civil-case-court', 'initial-check', 'enforcement-proceedings', 'search-case', 'accounting-registration'] as const;
type Basis = (typeof BASES)[number];
type IdName = 'caseNumber' | 'assignmentOutgoingNumber' | 'requestingBody' | 'coverLetterOutgoingNumber' | 'court' | 'year';
/** The identifiers each basis asks for (the server's BASIS_RULES decide; this only shapes the form). */
const FIELDS: Record<Basis, IdName[]> = {
  'criminal-case': ['caseNumber'],
  'criminal-assignment': ['caseNumber', 'assignmentOutgoingNumber'],
  'international-assistance': ['assignmentOutgoingNumber', 'requestingBody', 'coverLetterOutgoingNumber'],
  'administrative-case-court': ['caseNumber', 'year', 'court'],
  'administrative-case-special-accounts': ['caseNumber'],
  'civil-case-court': ['caseNumber', 'year', 'court'],
  'initial-check': [],
  'enforcement-proceedings': ['caseNumber'],
  'search-case': ['caseNumber'],
  'accounting-registration': ['caseNumber'],
};

/**
 * A refusal in the user's language, from its code (the server's detail is for logs and integrators). It is the
 * answer the user needs, so it is shown as it is rather than folded into the banner's technical details.
 */
function refusalText(t: (k: MessageKey) => string, error: ApiProblem | undefined): string | undefined {
  const code = (error?.body as { code?: string } | undefined)?.code;
  return code ? t(`ireq.refusal.${code}` as MessageKey) : undefined;
}

function StatusOf({ status }: { status: InformationRequestView['status'] }) {
  const { t } = useI18n();
  return <Badge tone={status === 'answered' ? 'ok' : status === 'refused' ? 'bad' : 'info'}>{t(`ireq.status.${status}`)}</Badge>;
}

function AnswerView({ request }: { request: InformationRequestView }) {
  const { t } = useI18n();
  if (!request.answer) return null;
  const result = request.answer.result as { found?: boolean; data?: unknown; text?: string };
  return (
    <div className="muted small" data-testid="ireq-answer">
      {request.redacted && <div>{t('ireq.redacted')}</div>}
      {result.text ?? (result.found === false ? t('ireq.notFound') : <pre>{JSON.stringify(result.data ?? result, null, 2)}</pre>)}
    </div>
  );
}

/** The other organisation of a request that crossed the exchange, by its name in the reader's language, with its number there. */
function OrganisationOf({ request }: { request: InformationRequestView }) {
  const { t, lang } = useI18n();
  const org = request.organisation;
  if (!org) return <span className="muted">{t('ireq.org.own')}</span>;
  return (
    <div data-testid="ireq-organisation">
      <div>{t(org.direction === 'to' ? 'ireq.org.to' : 'ireq.org.from', { name: org.name[lang] })}</div>
      {org.requester && <div className="muted small">{org.requester}</div>}
      {org.number && <div className="muted small">{t('ireq.org.number', { n: org.number })}</div>}
    </div>
  );
}

function RequestRows({ rows, answerable, onAnswered }: { rows: InformationRequestView[]; answerable?: boolean; onAnswered?: () => void }) {
  const { t, dateTime } = useI18n();
  if (!rows.length) return <Empty>{t('ireq.empty')}</Empty>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t('ireq.number')}</th>
          <th>{t('ireq.date')}</th>
          <th>{t('ireq.basis')}</th>
          <th>{t('ireq.service')}</th>
          <th>{t('ireq.org')}</th>
          <th>{t('ireq.status')}</th>
          <th>{t('ireq.answer')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`ireq-row-${r.number}`}>
            <td>№ {r.number}</td>
            <td>{dateTime(r.createdAt)}</td>
            <td>{t(`ireq.basis.${r.basis}` as MessageKey)}</td>
            <td>{t('ireq.serviceNo', { n: r.service })}</td>
            <td><OrganisationOf request={r} /></td>
            <td>
              <StatusOf status={r.status} />
              {r.refusal && <div className="muted small">{t(`ireq.refusal.${r.refusal.code}` as MessageKey)}</div>}
            </td>
            <td>{answerable && r.status === 'awaiting-answer' ? <AnswerForm request={r} onAnswered={onAnswered} /> : <AnswerView request={r} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AnswerForm({ request, onAnswered }: { request: InformationRequestView; onAnswered?: () => void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const result = { text };
      const toSign = await apiPost<{ base64: string }>(`/api/information-requests/${request.id}/answer-signing-text`, { result });
      const cms = await ncaLayerSign(toSign.base64, { purpose: 'sign', locale: lang });
      await apiPost(`/api/information-requests/${request.id}/answer`, { result, cms });
      onAnswered?.();
    } catch (err) {
      // NCALayer missing, cancelled or refusing is said in the user's language (eds/signing-errors).
      const described = describeSigningError(err, t);
      setError(described.error);
      setNote(described.note);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} data-testid={`ireq-answer-form-${request.number}`}>
      <ProblemBanner error={error} />
      {note && <div className="problem" role="alert">{note}</div>}
      <Field label={t('ireq.answerText')}>
        <textarea value={text} onChange={(e) => setText(e.target.value)} required data-testid="ireq-answer-text" />
      </Field>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()} data-testid="ireq-answer-sign">
        {busy ? t('common.wait') : t('ireq.signAnswer')}
      </button>
    </form>
  );
}

export function RequestsPage() {
  const { t, lang } = useI18n();
  const [basis, setBasis] = useState<Basis>('criminal-case');
  const [ids, setIds] = useState<Partial<Record<IdName, string>>>({});
  const [service, setService] = useState('1');
  const [subject, setSubject] = useState('');
  const [article, setArticle] = useState('');
  const [error, setError] = useState<ApiProblem>();
  const [note, setNote] = useState<string>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const mine = useResource((signal) => apiGet<InformationRequestView[]>('/api/information-requests', { box: 'mine' }, signal), [tick]);
  const toAnswer = useResource((signal) => apiGet<InformationRequestView[]>('/api/information-requests', { box: 'to-answer' }, signal), [tick]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    setSent(undefined);
    try {
      const identifiers = Object.fromEntries(FIELDS[basis].map((k) => [k, (ids[k] ?? '').trim()]).filter(([, v]) => v));
      const fields = { basis, identifiers, service: Number(service), subject: subject.trim(), ...(article.trim() && { article: article.trim() }) };
      const toSign = await apiPost<{ base64: string }>('/api/information-requests/signing-text', fields);
      const cms = await ncaLayerSign(toSign.base64, { purpose: 'sign', locale: lang });
      const made = await apiPost<InformationRequestView>('/api/information-requests', { ...fields, cms });
      setSent(made.number);
    } catch (err) {
      const described = describeSigningError(err, t);
      const refusal = refusalText(t, described.error);
      setError(refusal ? undefined : described.error);
      setNote(refusal ?? described.note);
    } finally {
      setBusy(false);
      setTick((n) => n + 1);
    }
  }

  return (
    <div className="page" data-testid="requests-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.infoRequests')}</h1>
          <p className="muted">{t('ireq.help')}</p>
        </div>
      </div>
      <Section title={t('ireq.new')}>
        <ProblemBanner error={error} />
        {note && <div className="problem" role="alert" data-testid="ireq-note">{note}</div>}
        {sent && <div className="verdict verdict-ok" data-testid="ireq-sent">{t('ireq.sent', { n: sent })}</div>}
        <form className="form-grid" onSubmit={(e) => void submit(e)}>
          <Field label={t('ireq.basis')}>
            <select value={basis} onChange={(e) => setBasis(e.target.value as Basis)} data-testid="ireq-basis">
              {BASES.map((b) => (
                <option key={b} value={b}>{t(`ireq.basis.${b}`)}</option>
              ))}
            </select>
          </Field>
          {FIELDS[basis].map((k) => (
            <Field key={k} label={t(`ireq.id.${k}`)}>
              <input value={ids[k] ?? ''} onChange={(e) => setIds({ ...ids, [k]: e.target.value })} data-testid={`ireq-id-${k}`} />
            </Field>
          ))}
          <Field label={t('ireq.service')}>
            <input type="number" min={1} max={79} value={service} onChange={(e) => setService(e.target.value)} data-testid="ireq-service" />
          </Field>
          <Field label={t('ireq.subject')}>
            <input value={subject} inputMode="numeric" maxLength={12} onChange={(e) => setSubject(e.target.value)} data-testid="ireq-subject" />
          </Field>
          <Field label={t('ireq.article')}>
            <input value={article} onChange={(e) => setArticle(e.target.value)} data-testid="ireq-article" />
          </Field>
          <div className="filters-submit">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ireq-send">
              {busy ? t('common.wait') : t('ireq.signSend')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('ireq.toAnswer')} testId="ireq-to-answer">
        {toAnswer.loading && !toAnswer.data ? <Loading /> : <RequestRows rows={toAnswer.data ?? []} answerable onAnswered={() => setTick((n) => n + 1)} />}
      </Section>
      <Section title={t('ireq.mine')} testId="ireq-mine">
        {mine.loading && !mine.data ? <Loading /> : <RequestRows rows={mine.data ?? []} />}
      </Section>
    </div>
  );
}
