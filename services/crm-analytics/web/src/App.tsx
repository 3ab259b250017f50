import { useState } from 'react';
import { clearSession, loadSession } from './api';
import { DashboardPage } from './DashboardPage';
import { SignIn } from './SignIn';
import type { Session } from './types';

/** Sign-in first (operators only), then the dashboard; the token lives in sessionStorage. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);

  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  return (
    <DashboardPage
      session={session}
      onSignOut={(reason) => {
        clearSession();
        setNotice(reason ?? null);
        setSession(null);
      }}
    />
  );
}
