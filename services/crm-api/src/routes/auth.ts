import type { ApiRouter, UserTokenIssuer } from '@globalretail/service-kit';
import { type SignIn, TooManyAttemptsError } from '../domain/sign-in';
import { jwksSchema, loginBody, loginResponse } from './schemas';

export function registerAuthRoutes(
  api: ApiRouter,
  deps: { signIn: SignIn; issuer: UserTokenIssuer },
): void {
  api.route(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password; answers a bearer token (RS256 JWT)',
      tags: ['auth'],
      body: loginBody,
      responses: {
        200: { description: 'Signed in', schema: loginResponse },
        401: {
          description: 'INVALID_CREDENTIALS (same answer for unknown email and wrong password)',
        },
        429: { description: 'TOO_MANY_ATTEMPTS; see Retry-After' },
      },
    },
    async (req, res, { body }) => {
      try {
        res.json(await deps.signIn.login(body.email, body.password, req.ip ?? 'unknown'));
      } catch (err) {
        if (err instanceof TooManyAttemptsError) {
          res.setHeader('Retry-After', String(err.retryAfterSeconds));
        }
        throw err;
      }
    },
  );

  api.route(
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify customer and operator tokens',
      tags: ['auth'],
      responses: { 200: { description: 'JSON Web Key Set', schema: jwksSchema } },
    },
    (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json(deps.issuer.jwks());
    },
  );
}
