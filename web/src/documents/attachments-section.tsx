/** Files of the document: list and download for everyone who sees it; upload and removal at the Create point. */
import { useState } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { downloadFile } from '../api/download';
import type { Attachment, DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session-context';
import { Icon } from '../ui/icon';
import { ProblemBanner, Unavailable } from '../ui/problem-view';
import { Empty, PersonName, Section } from '../ui/widgets';

interface AttachmentList {
  items: Attachment[];
  limits?: { maxFiles: number; maxTotalBytes: number };
}

/** Sizes the way Kazakh and Russian write them: КБ/МБ with a decimal comma. */
const size = (n: number) => (n < 1024 ? `${n} Б` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1).replace('.', ',')} КБ` : `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`);

export function AttachmentsSection({ doc }: { doc: DocumentView }) {
  const { t, dateTime } = useI18n();
  const caps = useCapabilities();
  const session = useSession();
  const id = encodeURIComponent(doc.id);
  const available = caps.has('get', '/api/documents/:id/attachments');
  const list = useResource(available ? (signal) => apiGet<AttachmentList>(`/api/documents/${id}/attachments`, undefined, signal) : undefined, [doc.id, available]);
  const [error, setError] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const status = doc.workflow?.status ?? doc.status;
  const editable =
    caps.has('post', '/api/documents/:id/attachments') &&
    session.ownerIds.includes(doc.workflow?.authorId ?? doc.authorId) &&
    (status === 'draft' || status === 'withdrawn' || (status === 'rejected' && !doc.workflow?.finishedAtMs));

  async function upload(file: File, kind: 'content' | 'attachment') {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/documents/${id}/attachments`, { raw: file, rawType: file.type || 'application/octet-stream', query: { filename: file.name, kind } });
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  async function remove(a: Attachment) {
    setError(undefined);
    try {
      await api('DELETE', `/api/documents/${id}/attachments/${encodeURIComponent(a.id)}`);
      list.reload();
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    }
  }

  const limits = list.data?.limits;
  return (
    <Section
      title={t('doc.attachments')}
      testId="doc-attachments"
      subtitle={limits && t('att.limits', { files: limits.maxFiles, size: size(limits.maxTotalBytes) })}
      actions={
        editable && (
          <>
            <label className="btn btn-small file-button">
              {t('att.uploadContent')}
              <input type="file" hidden disabled={busy} accept=".doc,.docx" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0], 'content')} />
            </label>
            <label className="btn btn-small file-button">
              {t('att.upload')}
              <input type="file" hidden disabled={busy} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0], 'attachment')} data-testid="attachment-upload" />
            </label>
          </>
        )
      }
    >
      {!available && <Unavailable what="GET /api/documents/:id/attachments" />}
      <ProblemBanner error={error ?? list.error} onDismiss={error ? () => setError(undefined) : undefined} />
      {available && list.data && list.data.items.length === 0 && <Empty>{t('att.none')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul className="files">
          {list.data.items.map((a) => (
            <li key={a.id} className="file">
              <Icon name="file" />
              <button type="button" className="link-button" onClick={() => void downloadFile(`/api/documents/${id}/attachments/${encodeURIComponent(a.id)}`).catch((err: unknown) => setError(isProblem(err) ? err : undefined))}>
                {a.filename}
              </button>
              <span className="muted small">
                {a.kind === 'content' ? t('att.content') : a.format.toUpperCase()} · {size(a.size)} · <PersonName id={a.uploadedBy} /> · {dateTime(a.uploadedAt)}
              </span>
              <code className="hash" title="SHA-256">
                {a.sha256.slice(0, 12)}…
              </code>
              {editable && (
                <button type="button" className="link-button danger" onClick={() => void remove(a)}>
                  {t('common.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
