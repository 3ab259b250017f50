import { ProxiedSignInPage } from '@backstage/core-components';
import type { IdentityApi, SignInPageProps } from '@backstage/core-plugin-api';
import { Box, Button, Card, CardContent, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { type FormEvent, useState } from 'react';

/** Kept for the browser tab only, so session refreshes can prove who is signed in. */
const STORAGE_KEY = 'globalretail.portal.demo-sign-in';

interface Credentials {
  email: string;
  password: string;
}

const stored = (): Credentials | undefined => {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
};

/**
 * Local sign-in: a catalog User's email and the demo password, checked by the backend's
 * `demo` provider (a stand-in for the company's identity provider; see portal/README.md).
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [credentials, setCredentials] = useState<Credentials | undefined>(stored);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { email: email.trim(), password };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setFailed(undefined);
    setCredentials(next);
  };

  if (credentials) {
    return (
      <ProxiedSignInPage
        provider="demo"
        headers={() => ({
          'x-demo-email': credentials.email,
          'x-demo-password': credentials.password,
        })}
        onSignInSuccess={(identityApi: IdentityApi) =>
          props.onSignInSuccess({
            ...identityApi,
            getProfileInfo: () => identityApi.getProfileInfo(),
            getBackstageIdentity: () => identityApi.getBackstageIdentity(),
            getCredentials: () => identityApi.getCredentials(),
            signOut: async () => {
              sessionStorage.removeItem(STORAGE_KEY);
              await identityApi.signOut();
            },
          })
        }
        ErrorComponent={({ error }) => {
          sessionStorage.removeItem(STORAGE_KEY);
          // Back to the form with the reason, on the next render.
          setTimeout(() => {
            setFailed(error?.message ?? 'sign-in failed');
            setCredentials(undefined);
          });
          return null;
        }}
      />
    );
  }

  return (
    <Box display="flex" justifyContent="center" alignItems="center" minHeight="100vh">
      <Card style={{ width: 420 }}>
        <CardContent>
          <Typography variant="h5" gutterBottom>
            Global Retail developer portal
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            Demo sign-in: <b>ops@globalretail.example</b> (operator) or a developer such as{' '}
            <b>dana@globalretail.example</b>; password <b>demo-password</b>.
          </Typography>
          {failed && (
            <Alert severity="error" role="alert">
              {failed}
            </Alert>
          )}
          <form onSubmit={submit}>
            <TextField
              label="Email"
              type="email"
              fullWidth
              margin="normal"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              inputProps={{ 'aria-label': 'email' }}
              required
            />
            <TextField
              label="Password"
              type="password"
              fullWidth
              margin="normal"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              inputProps={{ 'aria-label': 'password' }}
              required
            />
            <Box mt={2}>
              <Button type="submit" color="primary" variant="contained" fullWidth>
                Sign in
              </Button>
            </Box>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
}
