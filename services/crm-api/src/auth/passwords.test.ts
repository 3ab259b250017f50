import { readFileSync } from 'node:fs';
import path from 'node:path';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('hashes with scrypt, a fresh salt each time, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses hashes it does not understand or whose cost is out of bounds', async () => {
    const good = await hashPassword('pw-1234567890');
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain-text',
      `bcrypt$16384$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 22}$${r}$${p}$${salt}$${key}`,
      `scrypt$16384$${r}$4$${salt}$${key}`,
      `scrypt$16384$${r}$${p}$$${key}`,
      `scrypt$16384$${r}$${p}$${salt}`,
    ]) {
      expect(await verifyPassword('pw-1234567890', bad)).toBe(false);
    }
  });

  it('verifies the demo accounts of the seed with demo-password', async () => {
    const seed = readFileSync(
      path.join(__dirname, '..', '..', 'seeds', '001_demo_customers.sql'),
      'utf8',
    );
    const hashes = seed.match(/scrypt\$[^']+/g) ?? [];
    expect(hashes.length).toBeGreaterThanOrEqual(8);
    for (const hash of hashes) expect(await verifyPassword('demo-password', hash)).toBe(true);
  });

  it('spends a password check on unknown accounts and always says no', async () => {
    expect(await burnPasswordCheck('anything')).toBe(false);
  });
});
