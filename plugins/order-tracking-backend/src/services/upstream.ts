import type { Config } from '@backstage/config';
import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AppError, HttpClient, ServiceTokens } from '@globalretail/service-kit';

/** The platform services this plugin reads, each with the portal's service credential. */
export interface PlatformClients {
  crmApi: HttpClient;
  orderService: HttpClient;
  logisticsService: HttpClient;
}

/** The development default every local service accepts (production refuses it). */
const DEV_SERVICE_SECRET = 'dev-only-service-secret-change-me';

export function platformClientsFromConfig(config: Config): PlatformClients {
  const tokens = new ServiceTokens(
    config.getOptionalString('globalretail.serviceAuthSecret') ?? DEV_SERVICE_SECRET,
    'portal',
  );
  const timeoutMs = config.getOptionalNumber('globalretail.timeoutMs') ?? 5000;
  const client = (target: string, key: string) =>
    new HttpClient({
      target,
      baseUrl: config.getString(`globalretail.services.${key}`),
      timeoutMs,
      retries: 1,
      token: tokens.token,
    });
  return {
    crmApi: client('crm-api', 'crmApi'),
    orderService: client('order-service', 'orderService'),
    logisticsService: client('logistics-service', 'logisticsService'),
  };
}

/** A service's answer as the Backstage error the router renders with the same meaning. */
export function asBackstageError(err: unknown): Error {
  if (!(err instanceof AppError)) return err as Error;
  if (err.status === 404) return new NotFoundError(err.message);
  if (err.status >= 400 && err.status < 500) return new InputError(`${err.code}: ${err.message}`);
  return new ServiceUnavailableError(err.message);
}
