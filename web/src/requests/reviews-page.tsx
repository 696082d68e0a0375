/**
 * Departmental control ("Reports", seed-004 ¶¶10–12): the responsible official's monthly reviews of the
 * subordinates' requests; marking one as a violation blocks the requester's account at once.
 */
import { useState, type FormEvent } from 'react';
import type { InformationReviewView } from '../../../api/services/information-request-schemas';
import { ApiProblem, apiGet, apiPost, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';

interface ReviewSummary {
  id: string;
  month: string;
  status: 'open' | 'closed';
  violations: number;
}

/** "2026-11" as a clerk writes a month: 11.2026. */
const monthText = (month: string) => `${month.slice(5, 7)}.${month.slice(0, 4)}`;

function MarkViolation({ reviewId, requestId, onMarked }: { reviewId: string; requestId: string; onMarked: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiProblem>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await apiPost(`/api/information-requests/reviews/${encodeURIComponent(reviewId)}/violations`, { requestId, reason });
      onMarked();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, String(err), undefined));
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="ireq-violation-form">
      <ProblemBanner error={error} />
      <Field label={t('ireq.review.reason')}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="ireq-violation-reason" />
      </Field>
      <button type="submit" className="btn btn-small" disabled={!reason.trim()} data-testid="ireq-violation-mark">{t('ireq.review.mark')}</button>
    </form>
  );
}

function ReviewDetail({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const [tick, setTick] = useState(0);
  const review = useResource((signal) => apiGet<InformationReviewView>(`/api/information-requests/reviews/${encodeURIComponent(id)}`, undefined, signal), [id, tick]);
  if (review.loading && !review.data) return <Loading />;
  if (!review.data) return <ProblemBanner error={review.error} />;
  const marked = new Set(review.data.violations.map((v) => v.requestId));
  return (
    <Section title={`${t('ireq.review.month')}: ${monthText(review.data.month)}`} testId="ireq-review">
      {!review.data.requests.length ? (
        <Empty>{t('ireq.empty')}</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('ireq.number')}</th>
              <th>{t('ireq.date')}</th>
              <th>{t('ireq.review.requester')}</th>
              <th>{t('ireq.basis')}</th>
              <th>{t('ireq.service')}</th>
              <th>{t('ireq.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {review.data.requests.map((r) => (
              <tr key={r.id} data-testid={`ireq-review-row-${r.number}`}>
                <td>№ {r.number}</td>
                <td>{dateTime(r.createdAt)}</td>
                <td><PersonName id={r.requesterId} /></td>
                <td>{t(`ireq.basis.${r.basis}` as MessageKey)}</td>
                <td>{t('ireq.serviceNo', { n: r.service })}</td>
                <td>{t(`ireq.status.${r.status}`)}</td>
                <td>
                  {marked.has(r.id) ? (
                    <Badge tone="bad">{t('ireq.review.marked')}</Badge>
                  ) : (
                    <MarkViolation reviewId={id} requestId={r.id} onMarked={() => setTick((n) => n + 1)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function ReviewsPage() {
  const { t } = useI18n();
  const reviews = useResource((signal) => apiGet<ReviewSummary[]>('/api/information-requests/reviews', undefined, signal), []);
  const [selected, setSelected] = useState<string>();
  const current = selected ?? reviews.data?.[0]?.id;
  return (
    <div className="page" data-testid="reviews-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.infoReviews')}</h1>
          <p className="muted">{t('ireq.help')}</p>
          <p className="muted">{t('ireq.review.help')}</p>
        </div>
      </div>
      <ProblemBanner error={reviews.error} />
      {reviews.loading && !reviews.data ? (
        <Loading />
      ) : !reviews.data?.length ? (
        <Empty>{t('ireq.review.none')}</Empty>
      ) : (
        <div className="filters">
          {reviews.data.map((r) => (
            <button key={r.id} type="button" className={`btn btn-small${r.id === current ? ' btn-primary' : ''}`} onClick={() => setSelected(r.id)} data-testid={`ireq-review-${r.month}`}>
              {monthText(r.month)} · {t(r.status === 'open' ? 'ireq.review.open' : 'ireq.review.closed')} · {t('ireq.review.violations', { n: r.violations })}
            </button>
          ))}
        </div>
      )}
      {current && <ReviewDetail key={current} id={current} />}
    </div>
  );
}
