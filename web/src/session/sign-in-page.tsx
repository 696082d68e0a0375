/** Sign-in: a password, or an EDS through NCALayer (or a pasted CMS over the challenge when NCALayer is absent). */
import { useState, type FormEvent } from 'react';
import { ApiProblem, apiPost, isProblem } from '../api/client';
import { textToBase64 } from '../api/download';
import type { SignedIn } from '../api/types';
import { NcaLayerUnavailable, ncaLayerSign } from '../eds/ncalayer';
import { describeSigningError } from '../eds/signing-errors';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/language-switch';
import { Field, ProblemBanner } from '../ui/problem-view';

export function SignInPage({ onSignedIn, notice }: { onSignedIn(s: SignedIn): void; notice?: string }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'password' | 'eds'>('password');
  return (
    <div className="signin">
      <aside className="signin-brand">
        <div className="brand-mark large">Q</div>
        <h1>Qujat</h1>
        <p>{t('signin.tagline')}</p>
        <ul className="signin-points">
          <li>{t('signin.point1')}</li>
          <li>{t('signin.point2')}</li>
          <li>{t('signin.point3')}</li>
        </ul>
      </aside>
      <main className="signin-main">
        <div className="signin-top">
          <LanguageSwitch />
        </div>
        <div className="signin-card">
          <h2>{t('signin.title')}</h2>
          {notice && <div className="note note-warn">{notice}</div>}
          <div className="tabs" role="tablist">
            <button type="button" role="tab" className={mode === 'password' ? 'active' : ''} onClick={() => setMode('password')} data-testid="signin-tab-password">
              {t('signin.password')}
            </button>
            <button type="button" role="tab" className={mode === 'eds' ? 'active' : ''} onClick={() => setMode('eds')} data-testid="signin-tab-eds">
              {t('signin.eds')}
            </button>
          </div>
          {mode === 'password' ? <PasswordForm onSignedIn={onSignedIn} /> : <EdsForm onSignedIn={onSignedIn} />}
          <p className="muted small">{t('signin.demoHint')}</p>
        </div>
      </main>
    </div>
  );
}

function PasswordForm({ onSignedIn }: { onSignedIn(s: SignedIn): void }) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await apiPost<SignedIn>('/api/auth/login', { login, password }));
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form" data-testid="signin-form">
      <ProblemBanner error={error} />
      <Field label={t('signin.login')} errors={error?.fieldErrors('login')}>
        <input autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required data-testid="signin-login" />
      </Field>
      <Field label={t('signin.passwordField')} errors={error?.fieldErrors('password')}>
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="signin-password" />
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="signin-submit">
        {busy ? t('common.wait') : t('signin.submit')}
      </button>
    </form>
  );
}

function EdsForm({ onSignedIn }: { onSignedIn(s: SignedIn): void }) {
  const { t, lang } = useI18n();
  const [login, setLogin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const [noLayer, setNoLayer] = useState(false);
  const [note, setNote] = useState<string>();
  const [challenge, setChallenge] = useState<string>();
  const [cms, setCms] = useState('');

  async function newChallenge(): Promise<string> {
    const c = await apiPost<{ challenge: string }>('/api/auth/eds/challenge');
    setChallenge(c.challenge);
    return c.challenge;
  }

  async function withNcaLayer() {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const text = await newChallenge();
      const signed = await ncaLayerSign(textToBase64(text), { purpose: 'auth', locale: lang });
      onSignedIn(await apiPost<SignedIn>('/api/auth/eds/login', { challenge: text, cms: signed, login: login || undefined }));
    } catch (err) {
      if (err instanceof NcaLayerUnavailable) setNoLayer(true);
      const described = describeSigningError(err, t);
      setNote(described.note);
      setError(described.error);
    } finally {
      setBusy(false);
    }
  }

  async function withPastedCms(e: FormEvent) {
    e.preventDefault();
    if (!challenge) return;
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await apiPost<SignedIn>('/api/auth/eds/login', { challenge, cms: cms.trim(), login: login || undefined }));
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
      // A challenge is good for one attempt: get the next one ready.
      await newChallenge().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="form">
      <ProblemBanner error={error} />
      <Field label={t('signin.loginOptional')} hint={t('signin.loginOptionalHint')}>
        <input value={login} onChange={(e) => setLogin(e.target.value)} />
      </Field>
      <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={withNcaLayer} data-testid="signin-ncalayer">
        {busy ? t('common.wait') : t('signin.withNcaLayer')}
      </button>
      {note && (
        <div className="note note-warn" data-testid="signin-note">
          {note}
        </div>
      )}
      <details className="manual" open={noLayer}>
        <summary>{t('signin.manualCms')}</summary>
        {!challenge ? (
          <button type="button" className="btn" onClick={() => void newChallenge().catch((err: unknown) => setError(isProblem(err) ? err : undefined))}>
            {t('signin.getChallenge')}
          </button>
        ) : (
          <form onSubmit={withPastedCms} className="form">
            <Field label={t('signin.challenge')} hint={t('signin.challengeHint')}>
              <textarea readOnly rows={2} value={challenge} className="mono" />
            </Field>
            <Field label={t('eds.cmsField')} errors={error?.fieldErrors('cms')}>
              <textarea rows={5} value={cms} onChange={(e) => setCms(e.target.value)} className="mono" placeholder="-----BEGIN CMS-----" />
            </Field>
            <button type="submit" className="btn" disabled={busy || !cms.trim()}>
              {t('signin.submit')}
            </button>
          </form>
        )}
      </details>
    </div>
  );
}
