import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserTokenIssuer } from '@globalretail/service-kit';

export interface TokenKeyOptions {
  privateKeyPem?: string;
  keyFile: string;
  ttlSeconds: number;
  /** Tests get a fresh in-memory key: nothing on disk, nothing shared between test files. */
  inMemory: boolean;
}

/**
 * The signer of customer and operator tokens. A configured key wins; otherwise the key is
 * kept in a file created on first start, so a restart does not invalidate issued tokens.
 */
export function loadUserTokenIssuer(options: TokenKeyOptions): UserTokenIssuer {
  if (options.privateKeyPem) {
    return UserTokenIssuer.fromPem(options.privateKeyPem.replace(/\\n/g, '\n'), options.ttlSeconds);
  }
  if (options.inMemory) return UserTokenIssuer.generate(options.ttlSeconds);
  return UserTokenIssuer.fromPem(readOrCreateKeyFile(options.keyFile), options.ttlSeconds);
}

function readOrCreateKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  try {
    // 'wx': when two instances start at once, the second keeps the first one's key.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw err;
  }
}
