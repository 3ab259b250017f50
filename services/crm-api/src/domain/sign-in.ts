import { AppError, type UserTokenIssuer } from '@globalretail/service-kit';
import type pg from 'pg';
import type { LoginLimiter } from '../auth/login-limiter';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords';
import type { CrmMetrics } from '../metrics';
import { findCredentialsByEmail } from '../repositories/customers';

export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_ATTEMPTS', 'too many failed sign-in attempts; try again later', {
      retryAfterSeconds,
    });
  }
}

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'email or password is wrong');

/**
 * Sign-in: the same 401 (after the same scrypt work) for an unknown email and a wrong
 * password, and a brake on repeated failures per email and client address.
 */
export class SignIn {
  constructor(
    private readonly deps: {
      pool: pg.Pool;
      issuer: UserTokenIssuer;
      limiter: LoginLimiter;
      metrics: CrmMetrics;
    },
  ) {}

  async login(email: string, password: string, clientAddress: string) {
    const { limiter, metrics } = this.deps;
    const normalized = email.toLowerCase();
    const attemptKey = `${normalized}|${clientAddress}`;
    const wait = limiter.retryAfterSeconds(attemptKey);
    if (wait > 0) {
      metrics.loginAttempts.inc({ result: 'rate_limited' });
      throw new TooManyAttemptsError(wait);
    }
    const account = await findCredentialsByEmail(this.deps.pool, normalized);
    const valid = account
      ? await verifyPassword(password, account.passwordHash)
      : await burnPasswordCheck(password);
    if (!account || !valid) {
      limiter.recordFailure(attemptKey);
      metrics.loginAttempts.inc({ result: account ? 'wrong_password' : 'unknown_email' });
      throw invalidCredentials();
    }
    limiter.recordSuccess(attemptKey);
    metrics.loginAttempts.inc({ result: 'success' });
    const { token, expiresIn } = this.deps.issuer.sign({
      sub: account.id,
      role: account.role,
      email: account.email,
      region: account.region,
    });
    return {
      token,
      tokenType: 'Bearer' as const,
      expiresIn,
      user: {
        id: account.id,
        email: account.email,
        name: account.name,
        role: account.role,
        region: account.region,
      },
    };
  }
}
