/**
 * A document's place in the archive, on its card: archived (read-only) or destroyed by an act, what was kept,
 * the archive package, and the legal hold on it (set by the records people, lifted by an administrator or auditor).
 */
import { useState } from 'react';
import { apiGet, apiPost, ApiProblem, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { formatDate, formatDateTime } from '../i18n/astana-time';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, KeyValues, Section } from '../ui/widgets';

interface ArchiveRecord {
  state: 'archived' | 'destroyed';
  fileIndex: string;
  archivedAt: string;
  attachments: Array<{ name: string; size: number; executionCard?: { resolutionId: string; executorId: string } }>;
  signatures: Array<{ id: string; status: string; signer?: string }>;
  receipts: string[];
  destroyed?: { actId: string; actNumber: string; actDate: string };
  hold?: { kind: 'file' | 'document'; reason: string };
}

export function ArchiveSection({ doc }: { doc: DocumentView }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const [error, setError] = useState<ApiProblem>();
  // Only an executed document can have been filed and archived; others are not asked about.
  const record = useResource(
    doc.status === 'executed'
      ? (signal) =>
          apiGet<ArchiveRecord>(`/api/documents/${doc.id}/archive`, undefined, signal).catch((err: unknown) => {
            if (isProblem(err) && err.status === 404) return undefined;
            throw err;
          })
      : undefined,
    [doc.id, doc.status],
  );
  const r = record.data;
  if (!r) return null;
  const run = (work: () => Promise<unknown>) => {
    setError(undefined);
    work()
      .then(() => record.reload())
      .catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message)));
  };
  const setHold = () => {
    const reason = window.prompt(t('archive.holdReason'));
    if (reason) run(() => apiPost('/api/legal-holds', { kind: 'document', targetId: doc.id, reason }));
  };
  const liftHold = () => {
    const reason = window.prompt(t('archive.liftReason'));
    if (reason) run(() => apiPost(`/api/legal-holds/document/${encodeURIComponent(doc.id)}/lift`, { reason }));
  };

  return (
    <Section title={t('archive.record')} testId="archive-section">
      <ProblemBanner error={error ?? record.error} />
      <p data-testid="archive-state">
        {r.destroyed ? (
          <Badge tone="bad">{t('archive.destroyedBy', { number: r.destroyed.actNumber, date: formatDate(r.destroyed.actDate) })}</Badge>
        ) : (
          <Badge tone="info">{t('archive.state.archived')}</Badge>
        )}
        {r.hold && <Badge tone="warn">{t('archive.holdOn', { reason: r.hold.reason })}</Badge>}
      </p>
      <KeyValues
        rows={[
          [t('archive.file'), r.fileIndex],
          [t('archive.archivedAt'), formatDateTime(r.archivedAt)],
          [t('archive.files'), r.attachments.filter((a) => !a.executionCard).map((a) => a.name).join(', ') || '—'],
          r.attachments.some((a) => a.executionCard) && [t('archive.executionFiles'), r.attachments.filter((a) => a.executionCard).map((a) => a.name).join(', ')],
          [t('archive.signatures'), r.signatures.map((s) => `${s.signer ?? '—'} (${t(`archive.verdict.${s.status === 'valid' ? 'valid' : 'invalid'}`)})`).join(', ') || '—'],
          [t('archive.receipts'), String(r.receipts.length)],
        ]}
      />
      <div className="row">
        {!r.destroyed && (
          <button type="button" className="btn btn-small" onClick={() => run(() => downloadFile(`/api/documents/${doc.id}/archive-package`))} data-testid="archive-package">
            {t('archive.package')}
          </button>
        )}
        {r.destroyed && (
          <button type="button" className="btn btn-small" onClick={() => run(() => downloadFile(`/api/destruction-acts/${r.destroyed!.actId}/form`, { language: lang }))}>
            {t('archive.printAct')}
          </button>
        )}
        {!r.destroyed && !r.hold && hasRole(session, 'registrar', 'administrator', 'auditor') && (
          <button type="button" className="btn btn-small" onClick={setHold}>
            {t('archive.setHold')}
          </button>
        )}
        {r.hold?.kind === 'document' && hasRole(session, 'administrator', 'auditor') && (
          <button type="button" className="btn btn-small" onClick={liftHold}>
            {t('archive.liftHold')}
          </button>
        )}
      </div>
    </Section>
  );
}
