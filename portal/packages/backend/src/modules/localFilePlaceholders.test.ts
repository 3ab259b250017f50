import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlaceholderResolverParams } from '@backstage/plugin-catalog-node';
import { textPlaceholderResolver } from './localFilePlaceholders';

const root = mkdtempSync(path.join(tmpdir(), 'catalog-root-'));
mkdirSync(path.join(root, 'services/crm-api'), { recursive: true });
writeFileSync(path.join(root, 'services/crm-api/openapi.json'), '{"openapi":"3.1.0"}');
writeFileSync(path.join(tmpdir(), 'outside-the-root.txt'), 'secret');

const params = (value: string, baseUrl: string) =>
  ({
    key: 'text',
    value,
    baseUrl,
    read: async (url: string) => Buffer.from(`read ${url}`),
    resolveUrl: (url: string, base: string) => new URL(url, base).toString(),
    emit: () => undefined,
  }) as PlaceholderResolverParams;

describe('$text next to a catalog file on disk', () => {
  const resolve = textPlaceholderResolver(root);

  it('reads the file relative to the catalog file', async () => {
    const file = path.join(root, 'services/crm-api/catalog-info.yaml');
    await expect(resolve(params('./openapi.json', file))).resolves.toBe('{"openapi":"3.1.0"}');
  });

  it('refuses files outside the repository', async () => {
    const file = path.join(root, 'services/crm-api/catalog-info.yaml');
    await expect(resolve(params('../../../outside-the-root.txt', file))).rejects.toThrow(/outside/);
  });

  it('leaves URL locations to Backstage', async () => {
    await expect(
      resolve(params('./openapi.json', 'https://github.com/o/r/blob/main/catalog-info.yaml')),
    ).resolves.toBe('read https://github.com/o/r/blob/main/openapi.json');
  });
});
