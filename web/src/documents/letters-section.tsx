/**
 * Generated papers: the cover letter of an outgoing document (template in the document's language, with
 * Executor, Signer and Recipients filled in) and the paper copy of a registered e-document.
 */
import { useState } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, isProblem } from '../api/client';
import { downloadFile, fetchBlob, openFile } from '../api/download';
import type { DocumentView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner } from '../ui/problem-view';
import { Section } from '../ui/widgets';

const OUTGOING = new Set(['outgoing-letter']);

export function LettersSection({ doc }: { doc: DocumentView }) {
  const { t } = useI18n();
  const caps = useCapabilities();
  const [preview, setPreview] = useState<string>();
  const [error, setError] = useState<ApiProblem>();
  const id = encodeURIComponent(doc.id);
  const cover = OUTGOING.has(doc.type) && caps.has('get', '/api/documents/:id/cover-letter');
  const paper = !!doc.registration && caps.has('get', '/api/documents/:id/paper-copy.pdf');
  if (!cover && !paper) return null;

  const guard = (work: () => Promise<void>) => () => {
    setError(undefined);
    work().catch((err: unknown) => setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message)));
  };
  const showPreview = guard(async () => {
    const { blob } = await fetchBlob(`/api/documents/${id}/cover-letter`, { format: 'html' });
    setPreview(await blob.text());
  });

  return (
    <Section title={t('doc.letters')} testId="doc-letters">
      <ProblemBanner error={error} />
      <div className="row">
        {cover && (
          <>
            <button type="button" className="btn btn-small" onClick={preview ? () => setPreview(undefined) : showPreview} data-testid="cover-letter-preview">
              {preview ? t('letters.hidePreview') : t('letters.preview')}
            </button>
            <button type="button" className="btn btn-small" onClick={guard(() => openFile(`/api/documents/${id}/cover-letter`, { format: 'pdf' }))}>
              {t('letters.pdf')}
            </button>
            <button type="button" className="btn btn-small" onClick={guard(() => downloadFile(`/api/documents/${id}/cover-letter`, { format: 'docx' }))}>
              {t('letters.docx')}
            </button>
          </>
        )}
        {paper && (
          <button type="button" className="btn btn-small" onClick={guard(() => openFile(`/api/documents/${id}/paper-copy.pdf`))}>
            {t('letters.paperCopy')}
          </button>
        )}
      </div>
      {/* The letter is server-rendered HTML; a sandboxed frame keeps its styles and any script away from the app. */}
      {preview && <iframe className="letter-preview" title={t('letters.preview')} sandbox="" srcDoc={preview} data-testid="cover-letter-frame" />}
    </Section>
  );
}
