import { useState, type FormEvent } from 'react';
import { ApiError, signIn } from './api';
import type { Session } from './types';

export function Login({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(email.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed; try again.');
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <h1>Supply chain dashboard</h1>
      <form className="card login-form" onSubmit={submit} noValidate aria-describedby="login-note">
        <h2>Operator sign-in</h2>
        <p id="login-note" className="muted">
          Live stock, shipments, fill rate and demand forecasts for operators.
        </p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
