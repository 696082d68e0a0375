/**
 * Signing: the server holds the exact bytes a signature must cover, so the client fetches them, signs them
 * (NCALayer, detached CMS) and posts the CMS to POST /api/documents/:id/signatures; the server re-hashes its
 * own copy and verifies. NCALayer is the way a clerk signs; a CMS made elsewhere (e.g. the CLI signer) can be pasted
 * or uploaded under a folded "for specialists" part, never as the main path.
 */
import { useState, type FormEvent } from 'react';
import { useCapabilities } from '../api/capabilities';
import { ApiProblem, api, apiFetch, isProblem } from '../api/client';
import { bytesToBase64, saveBytes } from '../api/download';
import type { DocumentView } from '../api/types';
import { ncaLayerSign } from '../eds/ncalayer';
import { describeSigningError, refusalReasons, refusedSignatureCodes } from '../eds/signing-errors';
import { useI18n } from '../i18n/i18n';
import { Field, ProblemBanner, Unavailable } from '../ui/problem-view';
import { PersonName } from '../ui/widgets';
import type { AvailableAction } from './available-actions';

/** Where the server may expose the bytes to sign (the endpoint is being added; any of these names is accepted). */
const CONTENT_PATHS = ['/api/documents/:id/content-to-sign', '/api/documents/:id/signed-content', '/api/documents/:id/signing-content'];

/** The content endpoint may answer the bytes themselves or JSON carrying them in base64. */
async function contentBase64(path: string): Promise<string> {
  const res = await apiFetch('GET', path);
  if ((res.headers.get('content-type') ?? '').includes('application/json')) {
    const body = (await res.json()) as Record<string, unknown>;
    for (const key of ['contentBase64', 'base64', 'content', 'data']) if (typeof body[key] === 'string') return body[key] as string;
  }
  return bytesToBase64(new Uint8Array(await res.arrayBuffer()));
}

/** A .p7s/.cms file: PEM text as it is, DER bytes as base64. */
async function cmsFromFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes.slice(0, 64));
  return text.startsWith('-----BEGIN') || /^[A-Za-z0-9+/=\s]+$/.test(text) ? new TextDecoder().decode(bytes) : bytesToBase64(bytes);
}

export function SignPanel(props: { doc: DocumentView; action: AvailableAction; onDone(doc: DocumentView): void; onCancel(): void }) {
  const { t, lang } = useI18n();
  const caps = useCapabilities();
  const { doc, action } = props;
  const id = encodeURIComponent(doc.id);
  const contentTemplate = CONTENT_PATHS.find((p) => caps.has('get', p));
  const contentPath = contentTemplate?.replace(':id', id);
  const canPost = caps.has('post', '/api/documents/:id/signatures');
  const [cms, setCms] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const [note, setNote] = useState<string>();
  /** Failure codes of a signature the route refused: shown as a refusal here, never as a signature on the card. */
  const [refused, setRefused] = useState<string[]>();

  async function send(signed: string) {
    const answer = await api<{ document?: DocumentView } | undefined>('POST', `/api/documents/${id}/signatures`, { body: { cms: signed.trim(), onBehalfOf: action.onBehalfOf } });
    // The answer carries the document after signing; read it again if this server answers otherwise.
    props.onDone(answer?.document?.id ? answer.document : await api<DocumentView>('GET', `/api/documents/${id}`));
  }

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    setRefused(undefined);
    try {
      await work();
    } catch (err) {
      const codes = refusedSignatureCodes(err);
      if (codes) {
        setRefused(codes);
        return;
      }
      const described = describeSigningError(err, t);
      setNote(described.note);
      setError(described.error);
    } finally {
      setBusy(false);
    }
  }

  // The exact bytes, saved as a file for a signer outside the browser (e.g. the CLI signer).
  const saveContent = async () => {
    const bytes = Uint8Array.from(atob(await contentBase64(contentPath!)), (c) => c.charCodeAt(0));
    saveBytes(bytes, `content-to-sign-${doc.id}.json`);
  };
  const withNcaLayer = () => run(async () => send(await ncaLayerSign(await contentBase64(contentPath!), { purpose: 'sign', locale: lang })));
  const withPasted = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send(cms));
  };

  return (
    <div className="action-form" data-testid="sign-panel">
      <h3>{t('action.sign')}</h3>
      <p className="muted small">{t('actionHelp.sign')}</p>
      {action.onBehalfOf && (
        <div className="note">
          {t('action.onBehalfOf')} <PersonName id={action.onBehalfOf} />
        </div>
      )}
      {!canPost ? (
        <Unavailable what="POST /api/documents/:id/signatures" />
      ) : (
        <>
          <ProblemBanner error={error} />
          {note && (
            <div className="note note-warn" data-testid="sign-note">
              {note}
            </div>
          )}
          {refused && (
            <div className="problem" role="alert" data-testid="sign-refused" data-reasons={refused.join(' ')}>
              <div className="problem-head">
                <strong>{t('sign.refused')}</strong>
              </div>
              <ul className="problem-fields">
                {refusalReasons(refused, t).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <p>{t('sign.refusedHint')}</p>
            </div>
          )}
          <div className="note" data-testid="sign-how">
            <p>{t('sign.howTo')}</p>
            <p className="small">{t('sign.noLayerHelp')}</p>
          </div>
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={busy || !contentPath} onClick={() => void withNcaLayer()} data-testid="sign-ncalayer">
              {busy ? t('common.wait') : t('sign.withNcaLayer')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
              {t('common.cancel')}
            </button>
          </div>
          {!contentPath && <p className="muted small">{t('sign.noContentEndpoint')}</p>}
          {/* For specialists: a signature made outside the browser (the CLI signer, another signing program). */}
          <details className="expert" data-testid="sign-expert" open={!contentPath || undefined}>
            <summary>{t('sign.expert')}</summary>
            <p className="muted small">{t('sign.cliHint')}</p>
            {contentPath && (
              <button type="button" className="btn btn-small" onClick={() => void saveContent().catch((err: unknown) => setError(isProblem(err) ? err : undefined))} data-testid="sign-download">
                {t('sign.downloadContent')}
              </button>
            )}
            <form onSubmit={withPasted} className="form">
              <Field label={t('eds.cmsField')} errors={error?.fieldErrors('cms')} wide>
                <textarea rows={6} className="mono" value={cms} onChange={(e) => setCms(e.target.value)} data-testid="sign-cms" />
              </Field>
              <div className="row">
                <label className="btn btn-small file-button">
                  {t('sign.uploadFile')}
                  <input type="file" accept=".p7s,.cms,.pem,.p7b,.txt" hidden onChange={(e) => e.target.files?.[0] && void cmsFromFile(e.target.files[0]).then(setCms)} />
                </label>
                <button type="submit" className="btn btn-primary" disabled={busy || !cms.trim()} data-testid="sign-submit">
                  {busy ? t('common.wait') : t('sign.submit')}
                </button>
              </div>
            </form>
          </details>
        </>
      )}
    </div>
  );
}
