/**
 * The application's states: signed out → (first sign-in) the agreement → the workspace. The token lives in
 * sessionStorage; a 401 from any call (expired or revoked session) brings the sign-in screen back.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CapabilitiesProvider } from './api/capabilities';
import { api, apiGet, SIGNED_OUT_EVENT, tokenStore } from './api/client';
import type { DocumentType, Employee, Me, Role, SignedIn } from './api/types';
import { useResource } from './api/use-resource';
import { I18nProvider, useI18n } from './i18n/i18n';
import { AppShell } from './layout/app-shell';
import { AgreementPage } from './session/agreement-page';
import { SessionProvider, type Session } from './session/session-context';
import { SignInPage } from './session/sign-in-page';
import { ProblemBanner } from './ui/problem-view';
import { Loading } from './ui/widgets';

export function App() {
  return (
    <I18nProvider>
      <CapabilitiesProvider>
        <Root />
      </CapabilitiesProvider>
    </I18nProvider>
  );
}

function Root() {
  const { t } = useI18n();
  const [token, setToken] = useState(tokenStore.get);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    const onSignedOut = () => {
      setToken(null);
      setNotice(t('signin.expired'));
    };
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [t]);

  const signOut = useCallback(() => {
    // The server revokes the session; the local token goes whatever it answers.
    void api('POST', '/api/auth/logout').catch(() => undefined);
    tokenStore.clear();
    setToken(null);
    setNotice(undefined);
  }, []);

  if (!token) {
    const onSignedIn = (s: SignedIn) => {
      tokenStore.set(s.token);
      setNotice(undefined);
      setToken(s.token);
    };
    return <SignInPage onSignedIn={onSignedIn} notice={notice} />;
  }
  return <Workspace key={token} signOut={signOut} />;
}

function Workspace({ signOut }: { signOut(): void }) {
  const me = useResource((signal) => apiGet<Me>('/api/me', undefined, signal), []);
  // The directory and the types make screens nicer, not possible: without them ids are shown. They are
  // asked for only after the agreement is accepted: before it the server refuses (and audits) every call.
  const accepted = me.data?.agreement.accepted === true;
  const people = useResource(accepted ? (signal) => apiGet<Employee[]>('/api/org/employees', undefined, signal).catch(() => [] as Employee[]) : undefined, [accepted]);
  const types = useResource(accepted ? (signal) => apiGet<DocumentType[]>('/api/document-types', undefined, signal).catch(() => [] as DocumentType[]) : undefined, [accepted]);
  const [countsVersion, setCountsVersion] = useState(0);

  const session = useMemo<Session | undefined>(() => {
    if (!me.data) return undefined;
    const directory = new Map<string, Employee>((people.data ?? []).map((p) => [p.id, p]));
    // My own record carries my roles even when the directory hides other people's.
    directory.set(me.data.employee.id, { ...directory.get(me.data.employee.id), ...me.data.employee });
    return {
      me: me.data,
      roles: (me.data.employee.roles ?? ['employee']) as Role[],
      ownerIds: [me.data.employee.id, ...me.data.represents.map((r) => r.absentId)],
      people: directory,
      types: types.data ?? [],
      signOut,
      countsVersion,
      refreshCounts: () => setCountsVersion((n) => n + 1),
    };
  }, [me.data, people.data, types.data, signOut, countsVersion]);

  if (me.error) {
    return (
      <div className="center-page">
        <ProblemBanner error={me.error} />
        <button type="button" className="btn" onClick={signOut}>
          OK
        </button>
      </div>
    );
  }
  // Until the directory has answered: its loading flag starts false for one render, and a screen shown in that render
  // would be mounted twice, losing what was typed or chosen in between.
  if (!session || (accepted && !people.data)) return <Loading />;
  if (!session.me.agreement.accepted) return <AgreementPage onAccepted={me.reload} onSignOut={signOut} />;
  return (
    <SessionProvider value={session}>
      <AppShell />
    </SessionProvider>
  );
}
