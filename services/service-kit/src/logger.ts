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

/**
 * Stops writing log lines, for a process whose stdout has gone (its local launcher died).
 * pino already does this when a write reports EPIPE; raising that here, before anything else
 * is logged, matters because pino's exit hook otherwise retries flushing the lost pipe forever
 * (sonic-boom 4 sleeps and retries on every error in flushSync), so the process never exits.
 */
export function stopLogOutput(logger: Logger): void {
  const stream = (logger as unknown as Record<symbol, NodeJS.EventEmitter | undefined>)[
    pino.symbols.streamSym
  ];
  stream?.emit('error', Object.assign(new Error('log output closed'), { code: 'EPIPE' }));
}

/** The first logger created in this process, or a fallback for code that runs before it. */
export function getLogger(): Logger {
  return (rootLogger ??= pino({ level: process.env.LOG_LEVEL ?? 'info' }));
}

export type { Logger };
