import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadUserTokenIssuer } from './token-keys';

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'crm-key-')), 'nested', 'k.pem');

describe('loadUserTokenIssuer', () => {
  it('creates the key file once (owner-only) and reuses it', () => {
    const keyFile = tempFile();
    const first = loadUserTokenIssuer({ keyFile, ttlSeconds: 60, inMemory: false });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const second = loadUserTokenIssuer({ keyFile, ttlSeconds: 60, inMemory: false });
    expect(second.kid).toBe(first.kid);
  });

  it('prefers a configured PEM, also with escaped newlines as env files carry them', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const keyFile = tempFile();
    const fromPem = loadUserTokenIssuer({
      privateKeyPem: pem.replace(/\n/g, '\\n'),
      keyFile,
      ttlSeconds: 60,
      inMemory: false,
    });
    writeFileSync(path.join(path.dirname(keyFile), '..', 'same.pem'), pem);
    const again = loadUserTokenIssuer({
      keyFile: path.join(path.dirname(keyFile), '..', 'same.pem'),
      ttlSeconds: 60,
      inMemory: false,
    });
    expect(again.kid).toBe(fromPem.kid);
    expect(() => statSync(keyFile)).toThrow(); // nothing written when a key is configured
  });

  it('keeps test keys in memory, a new one each time', () => {
    const keyFile = tempFile();
    const a = loadUserTokenIssuer({ keyFile, ttlSeconds: 60, inMemory: true });
    const b = loadUserTokenIssuer({ keyFile, ttlSeconds: 60, inMemory: true });
    expect(a.kid).not.toBe(b.kid);
    expect(() => statSync(keyFile)).toThrow();
  });
});
