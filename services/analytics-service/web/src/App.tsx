import { useCallback, useState } from 'react';
import { loadSession, saveSession } from './api';
import { Dashboard } from './Dashboard';
import { Login } from './Login';
import type { Session } from './types';

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const signedIn = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
  }, []);
  const signOut = useCallback(() => {
    saveSession(undefined);
    setSession(undefined);
  }, []);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {session ? (
        <Dashboard session={session} onSignOut={signOut} />
      ) : (
        <Login onSignedIn={signedIn} />
      )}
    </>
  );
}
