import type { Config } from '@backstage/config';
import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AppError, HttpClient, ServiceTokens } from '@globalretail/service-kit';

/** The platform services a portal plugin may call, by their key under `globalretail.services`. */
export const PLATFORM_SERVICES = {
  crmApi: 'crm-api',
  orderService: 'order-service',
  logisticsService: 'logistics-service',
  inventoryService: 'inventory-service',
} as const;

export type PlatformServiceKey = keyof typeof PLATFORM_SERVICES;

/** The development default every local service accepts (production refuses it). */
const DEV_SERVICE_SECRET = 'dev-only-service-secret-change-me';

/**
 * One HTTP client per requested service, each sending the portal's service credential
 * (subject `portal`), so the browser never calls a service and never holds a credential.
 */
export function platformClientsFromConfig<K extends PlatformServiceKey>(
  config: Config,
  keys: readonly K[],
): Record<K, HttpClient> {
  const tokens = new ServiceTokens(
    config.getOptionalString('globalretail.serviceAuthSecret') ?? DEV_SERVICE_SECRET,
    'portal',
  );
  const timeoutMs = config.getOptionalNumber('globalretail.timeoutMs') ?? 5000;
  return Object.fromEntries(
    keys.map((key) => [
      key,
      new HttpClient({
        target: PLATFORM_SERVICES[key],
        baseUrl: config.getString(`globalretail.services.${key}`),
        timeoutMs,
        retries: 1,
        token: tokens.token,
      }),
    ]),
  ) as Record<K, HttpClient>;
}

/**
 * A service's answer as the Backstage error the router renders with the same meaning: 404
 * stays 404, other 4xx (the caller's to fix) become 400 naming the service's code, and
 * anything else (5xx, timeouts) is 503.
 */
export function asBackstageError(err: unknown): Error {
  if (!(err instanceof AppError)) return err as Error;
  if (err.status === 404) return new NotFoundError(err.message);
  if (err.status >= 400 && err.status < 500) return new InputError(`${err.code}: ${err.message}`);
  return new ServiceUnavailableError(err.message);
}
