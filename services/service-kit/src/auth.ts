import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import type { RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { request } from 'undici';
import { AppError, forbidden, unauthorized } from './errors';

export const USER_TOKEN_ISSUER = 'crm-api';
export const USER_TOKEN_AUDIENCE = 'globalretail';
const SERVICE_TOKEN_ISSUER = 'globalretail-services';

export type Identity =
  | { kind: 'customer'; customerId: string; email: string; region: string }
  | { kind: 'operator'; userId: string; email: string }
  | { kind: 'service'; service: string };
export type IdentityKind = Identity['kind'];

/**
 * Service credentials: short-lived HS256 tokens signed with the shared
 * SERVICE_AUTH_SECRET (a Kubernetes secret in production), one per calling service.
 */
export class ServiceTokens {
  private cached: { token: string; expiresAt: number } | undefined;
  constructor(
    private readonly secret: string,
    private readonly service: string,
  ) {}

  /** A token for outgoing calls, reused until a minute before it expires. */
  token = (): string => {
    const now = Date.now();
    if (!this.cached || this.cached.expiresAt - 60_000 < now) {
      this.cached = {
        token: jwt.sign({ svc: this.service }, this.secret, {
          algorithm: 'HS256',
          issuer: SERVICE_TOKEN_ISSUER,
          subject: `service:${this.service}`,
          expiresIn: 600,
        }),
        expiresAt: now + 600_000,
      };
    }
    return this.cached.token;
  };
}

/** Fetches and caches crm-api's JSON Web Key Set, refetching when an unknown key id appears. */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private inflight: Promise<void> | undefined;

  constructor(private readonly jwksUrl: string) {}

  async key(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid) && Date.now() - this.lastFetch > 5_000) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      try {
        const res = await request(this.jwksUrl, { signal: AbortSignal.timeout(3000) });
        if (res.statusCode !== 200) {
          await res.body.dump();
          throw new Error(`JWKS answered ${res.statusCode}`);
        }
        const body = (await res.body.json()) as {
          keys: (Record<string, unknown> & { kid: string })[];
        };
        this.keys = new Map(
          body.keys.map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]),
        );
      } finally {
        this.lastFetch = Date.now();
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}

export interface AuthOptions {
  serviceSecret: string | KeyObject;
  /** Where user tokens' public keys are found; user tokens are refused when absent. */
  userKeys?: { key(kid: string): Promise<KeyObject | undefined> };
}

export interface UserClaims {
  sub: string;
  role: 'customer' | 'operator';
  email: string;
  region?: string;
}

// jsonwebtoken first tries a string secret as a PEM public key (and throws) on every call:
// a KeyObject, made once per secret, makes HS256 checks several times cheaper.
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string | KeyObject): KeyObject {
  if (typeof secret !== 'string') return secret;
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

/** Verifies a bearer token of either kind and returns who it names. */
export async function verifyBearer(token: string, options: AuthOptions): Promise<Identity> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw unauthorized('malformed token');
  try {
    if (decoded.header.alg === 'HS256') {
      const claims = jwt.verify(token, secretKey(options.serviceSecret), {
        algorithms: ['HS256'],
        issuer: SERVICE_TOKEN_ISSUER,
      }) as { svc: string };
      return { kind: 'service', service: claims.svc };
    }
    if (decoded.header.alg === 'RS256' && options.userKeys && decoded.header.kid) {
      const key = await options.userKeys.key(decoded.header.kid);
      if (!key) throw unauthorized('token signed by an unknown key');
      const claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: USER_TOKEN_ISSUER,
        audience: USER_TOKEN_AUDIENCE,
      }) as UserClaims;
      if (claims.role === 'operator')
        return { kind: 'operator', userId: claims.sub, email: claims.email };
      if (claims.role === 'customer' && claims.region) {
        return {
          kind: 'customer',
          customerId: claims.sub,
          email: claims.email,
          region: claims.region,
        };
      }
      throw unauthorized('token has no usable role');
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unauthorized(err instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token');
  }
  throw unauthorized('unsupported token');
}

/** Sets `req.auth` when a valid bearer token is present; a bad token is a 401. */
export function authenticate(options: AuthOptions): RequestHandler {
  return async (req, _res, next) => {
    const header = req.header('authorization');
    if (!header) return next();
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) return next(unauthorized('authorization header must be "Bearer <token>"'));
    req.auth = await verifyBearer(match[1]!, options);
    next();
  };
}

/** Refuses the request unless the caller is one of the given kinds. */
export function requireIdentity(...kinds: IdentityKind[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) return next(unauthorized());
    if (!kinds.includes(req.auth.kind))
      return next(forbidden(`this needs a ${kinds.join(' or ')} credential`));
    next();
  };
}

/**
 * Signs customer and operator tokens (RS256) and publishes the public half as a JWKS.
 * crm-api owns the real issuer; tests use the same class with a throwaway key.
 */
export class UserTokenIssuer {
  readonly kid: string;
  private readonly publicJwk: Record<string, unknown>;

  constructor(
    private readonly privateKey: KeyObject,
    private readonly ttlSeconds = 3600,
  ) {
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>;
    this.kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
    this.publicJwk = { ...jwk, kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  static generate(ttlSeconds?: number): UserTokenIssuer {
    return new UserTokenIssuer(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      ttlSeconds,
    );
  }

  static fromPem(pem: string, ttlSeconds?: number): UserTokenIssuer {
    return new UserTokenIssuer(createPrivateKey(pem), ttlSeconds);
  }

  sign(claims: UserClaims): { token: string; expiresIn: number } {
    const { sub, ...rest } = claims;
    const token = jwt.sign(rest, this.privateKey, {
      algorithm: 'RS256',
      keyid: this.kid,
      subject: sub,
      issuer: USER_TOKEN_ISSUER,
      audience: USER_TOKEN_AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
    return { token, expiresIn: this.ttlSeconds };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [this.publicJwk] };
  }

  /** Resolves keys locally: for the issuer's own process, without an HTTP round trip. */
  keyStore(): { key(kid: string): Promise<KeyObject | undefined> } {
    const key = createPublicKey(this.privateKey);
    return { key: async (kid) => (kid === this.kid ? key : undefined) };
  }
}
