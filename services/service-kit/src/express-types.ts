import type { Logger } from 'pino';
import type { Identity } from './auth';

declare module 'express-serve-static-core' {
  interface Request {
    /** Child logger bound to this request. */
    log: Logger;
    /** Who is calling, set by the authentication middleware. */
    auth?: Identity;
  }
}
export {};
