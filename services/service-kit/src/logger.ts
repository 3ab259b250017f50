import pino, { type Logger } from 'pino';
import { currentRequestId } from './request-context';

let rootLogger: Logger | undefined;

/**
 * JSON logs on stdout. Every line written while a request is being served carries its
 * request id (taken from the async context, so code deep in the domain logs it too).
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const logger = pino({
    name: service,
    level,
    base: { service, region: process.env.REGION },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: ['req.headers.authorization', 'password', '*.password', 'token'],
  });
  rootLogger ??= logger;
  return logger;
}

/** The first logger created in this process, or a fallback for code that runs before it. */
export function getLogger(): Logger {
  return (rootLogger ??= pino({ level: process.env.LOG_LEVEL ?? 'info' }));
}

export type { Logger };
