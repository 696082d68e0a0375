/**
 * First sign-in: the user agreement with the consent to personal-data processing (seed-000). Nothing else
 * works until it is accepted; the exact text's SHA-256 goes with the acceptance, and an EDS signature over
 * the text may be added through NCALayer.
 */
import { useState } from 'react';
import { ApiProblem, apiGet, apiPost } from '../api/client';
import { textToBase64 } from '../api/download';
import { useResource } from '../api/use-resource';
import { ncaLayerSign } from '../eds/ncalayer';
import { describeSigningError } from '../eds/signing-errors';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/language-switch';
import { ProblemBanner } from '../ui/problem-view';
import { Loading } from '../ui/widgets';

interface Agreement {
  version: string;
  publishedAt: string;
  language: 'kk' | 'ru';
  sha256: string;
  text: string;
}

export function AgreementPage({ onAccepted, onSignOut }: { onAccepted(): void; onSignOut(): void }) {
  const { t, lang, date } = useI18n();
  const agreement = useResource((signal) => apiGet<Agreement>('/api/me/agreement', { language: lang }, signal), [lang]);
  const [agree, setAgree] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const [note, setNote] = useState<string>();

  async function accept(withEds: boolean) {
    const a = agreement.data;
    if (!a) return;
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const cms = withEds ? await ncaLayerSign(textToBase64(a.text), { purpose: 'sign', locale: lang }) : undefined;
      await apiPost('/api/me/agreement/accept', { version: a.version, language: a.language, sha256: a.sha256, cms });
      onAccepted();
    } catch (err) {
      const described = describeSigningError(err, t);
      setNote(described.note);
      setError(described.error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="agreement-page">
      <header className="agreement-top">
        <div className="brand">
          <span className="brand-mark">Q</span> Qujat
        </div>
        <div className="row">
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost" onClick={onSignOut}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <main className="agreement-card card">
        <header className="card-head">
          <div>
            <h2>{t('agreement.title')}</h2>
            {agreement.data && (
              <div className="card-subtitle">
                {t('agreement.version', { version: agreement.data.version, date: date(agreement.data.publishedAt) })}
              </div>
            )}
          </div>
        </header>
        <div className="card-body">
          <p>{t('agreement.intro')}</p>
          <ProblemBanner error={agreement.error ?? error} />
          {agreement.loading && <Loading />}
          {agreement.data && (
            <div className="agreement-text" data-testid="agreement-text">
              <AgreementText text={agreement.data.text} />
            </div>
          )}
          {note && <div className="note note-warn">{note}</div>}
          <label className="checkbox">
            <input type="checkbox" checked={agree} onChange={(e) => setAgree(e.target.checked)} data-testid="agreement-check" />
            {t('agreement.check')}
          </label>
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={!agree || busy || !agreement.data} onClick={() => void accept(false)} data-testid="agreement-accept">
              {t('agreement.accept')}
            </button>
            <button type="button" className="btn" disabled={!agree || busy || !agreement.data} onClick={() => void accept(true)} data-testid="agreement-accept-eds">
              {t('agreement.acceptSigned')}
            </button>
          </div>
        </div>
      </main>
    </div>
  );
}

/**
 * The agreement is published as Markdown; its headings and paragraphs are shown as such (no Markdown library:
 * the texts use only "#", "##" and plain lines, and nothing here is ever interpreted as HTML).
 */
function AgreementText({ text }: { text: string }) {
  const blocks: Array<{ kind: 'h3' | 'h4' | 'p'; lines: string[] }> = [];
  let paragraph: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,2}) (.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: heading[1] === '#' ? 'h3' : 'h4', lines: [heading[2]] });
      paragraph = undefined;
    } else if (!line) {
      paragraph = undefined;
    } else if (paragraph) {
      paragraph.push(line);
    } else {
      paragraph = [line];
      blocks.push({ kind: 'p', lines: paragraph });
    }
  }
  return (
    <>
      {blocks.map((b, i) => {
        if (b.kind === 'h3') return <h3 key={i}>{b.lines[0]}</h3>;
        if (b.kind === 'h4') return <h4 key={i}>{b.lines[0]}</h4>;
        return (
          <p key={i}>
            {b.lines.map((line, j) => (
              <span key={j}>
                {j > 0 && <br />}
                {line}
              </span>
            ))}
          </p>
        );
      })}
    </>
  );
}
