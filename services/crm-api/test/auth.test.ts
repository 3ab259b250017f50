import { createPublicKey } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import {
  JwksKeyStore,
  USER_TOKEN_AUDIENCE,
  USER_TOKEN_ISSUER,
  verifyBearer,
} from '@globalretail/service-kit';
import { startTestService, TestIdentity } from '@globalretail/service-kit/testing';
import { createCrmApiDefinition, type CrmApiHandles } from '../src/service';
import { type CrmApiUnderTest, DEMO, startCrmApi } from './support/crm-api';

let crm: CrmApiUnderTest;
beforeAll(async () => {
  crm = await startCrmApi({ LOGIN_MAX_FAILURES: '3' });
});
afterAll(() => crm.stop());

const login = (email: string, password: string) =>
  crm.call('POST', '/auth/login', { body: { email, password } });

describe('POST /auth/login', () => {
  it('signs a demo customer in and names them', async () => {
    const res = await login('ava@globalretail.example', 'demo-password');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: {
        id: DEMO.ava.id,
        email: 'ava@globalretail.example',
        name: 'Ava Thompson',
        role: 'customer',
        region: 'us-east-1',
      },
    });
    expect(res.text).not.toMatch(/scrypt|password/i);
  });

  it('treats the email case-insensitively', async () => {
    const res = await login('  Elias@GlobalRetail.EXAMPLE ', 'demo-password');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: DEMO.elias.id, region: 'eu-west-1' });
  });

  it('gives the same 401 for a wrong password and for an unknown email', async () => {
    const wrongPassword = await login('noah@globalretail.example', 'not-the-password');
    const unknownEmail = await login('nobody@globalretail.example', 'demo-password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'email or password is wrong' },
    });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
  });

  it('signs operators in with the operator role', async () => {
    const res = await login('ops@globalretail.example', 'demo-password');
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('operator');
  });

  it('refuses further attempts for an email after repeated failures, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login('mia@globalretail.example', `wrong-${i}`)).status).toBe(401);
    }
    const blocked = await login('mia@globalretail.example', 'demo-password');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same address is not affected.
    expect((await login('aoife@globalretail.example', 'demo-password')).status).toBe(200);
    const metrics = await (await fetch(`${crm.url}/metrics`)).text();
    expect(metrics).toMatch(/crm_login_attempts_total\{[^}]*result="rate_limited"[^}]*\} 1/);
    expect(metrics).toMatch(/crm_login_attempts_total\{[^}]*result="wrong_password"[^}]*\} [1-9]/);
  });
});

describe('tokens and the JWKS', () => {
  it('publishes a public key that verifies the tokens it issues', async () => {
    const token = (await login('ava@globalretail.example', 'demo-password')).body.token as string;
    const jwks = await crm.call('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toHaveLength(1);
    const jwk = jwks.body.keys[0];
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwk.d).toBeUndefined(); // never the private half

    const claims = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), {
      algorithms: ['RS256'],
      issuer: USER_TOKEN_ISSUER,
      audience: USER_TOKEN_AUDIENCE,
    }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: DEMO.ava.id, role: 'customer', region: 'us-east-1' });

    // What every other service does with crm-api's tokens.
    const identity = await verifyBearer(token, {
      serviceSecret: 'dev-only-service-secret-change-me',
      userKeys: new JwksKeyStore(`${crm.url}/.well-known/jwks.json`),
    });
    expect(identity).toEqual({
      kind: 'customer',
      customerId: DEMO.ava.id,
      email: 'ava@globalretail.example',
      region: 'us-east-1',
    });
  });

  it('accepts its own tokens and refuses tokens signed by another key', async () => {
    const token = (await login('ava@globalretail.example', 'demo-password')).body.token as string;
    expect((await crm.call('GET', `/customers/${DEMO.ava.id}`, { token })).status).toBe(200);

    const stranger = await new TestIdentity().start();
    try {
      const forged = stranger.customerToken(DEMO.ava.id);
      const res = await crm.call('GET', `/customers/${DEMO.ava.id}`, { token: forged });
      expect(res.status).toBe(401);
    } finally {
      await stranger.stop();
    }
  });

  it('keeps its signing key in a file, so tokens survive a restart', async () => {
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'crm-keys-')), 'keys', 'jwt.pem');
    const start = () => {
      let handles: CrmApiHandles | undefined;
      return startTestService(createCrmApiDefinition({ onBuilt: (h) => (handles = h) }), {
        databaseUrl: crm.db.url,
        env: { NODE_ENV: 'development', JWT_KEY_FILE: keyFile },
      }).then((service) => ({ service, handles: handles! }));
    };
    const first = await start();
    const signedIn = await fetch(`${first.service.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ava@globalretail.example', password: 'demo-password' }),
    });
    const { token } = (await signedIn.json()) as { token: string };
    await first.service.stop();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const second = await start();
    try {
      expect(second.handles.issuer.kid).toBe(first.handles.issuer.kid);
      const res = await fetch(`${second.service.url}/customers/${DEMO.ava.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await second.service.stop();
    }
  });
});
