import { useId, useState, type FormEvent } from 'react';
import { Alert, PageHeading } from '../components';
import { useDocumentTitle } from '../hooks';
import type { ApiClient } from '../lib/api';
import { ApiError } from '../lib/api-error';
import { messageFor, type UserMessage } from '../lib/messages';
import type { LoginResult } from '../lib/types';

export function LoginPage({
  api,
  notice,
  onSignedIn,
}: {
  api: ApiClient;
  /** Why the customer is here, e.g. their session ended. */
  notice: string | null;
  onSignedIn: (login: LoginResult) => void;
}) {
  useDocumentTitle('Sign in');
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserMessage | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError({ title: 'Sign-in failed', lines: ['Enter your email and your password.'] });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const login = await api.login(email.trim(), password);
      if (login.user.role !== 'customer') {
        setError({
          title: 'Customers only',
          lines: ['This dashboard is for customers. Operators use the operations portal.'],
        });
        return;
      }
      onSignedIn(login);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(messageFor(err, { action: 'sign-in' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageHeading>Sign in</PageHeading>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form className="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <Alert message={error} />
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          Sign in
        </button>
        {busy && (
          <p role="status" className="muted">
            Signing in…
          </p>
        )}
      </form>
      <aside className="hint" aria-label="Demo accounts">
        <h2>Demo accounts</h2>
        <p>
          <code>ava@globalretail.example</code> (North America) or{' '}
          <code>elias@globalretail.example</code> (Europe), password <code>demo-password</code>.
        </p>
      </aside>
    </section>
  );
}
