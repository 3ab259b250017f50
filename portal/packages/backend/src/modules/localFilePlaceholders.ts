import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  type PlaceholderResolverParams,
} from '@backstage/plugin-catalog-node';

/**
 * `$text: ./openapi.json` next to a catalog file read from disk. Backstage resolves `$text`
 * only against URLs (backstage/backstage#14372), so locally, where the catalog is read from
 * the checkout, API definitions would be missing. Files outside `root` are refused.
 */
export function textPlaceholderResolver(root: string) {
  const allowedRoot = path.resolve(root);
  return async (params: PlaceholderResolverParams) => {
    if (typeof params.value !== 'string') {
      throw new InputError(`$${params.key} needs a string, got ${typeof params.value}`);
    }
    if (!path.isAbsolute(params.baseUrl)) {
      // A URL location (GitHub in production): Backstage's own reading.
      const url = params.resolveUrl(params.value, params.baseUrl);
      return (await params.read(url)).toString('utf8');
    }
    const file = path.resolve(path.dirname(params.baseUrl), params.value);
    if (!file.startsWith(allowedRoot + path.sep)) {
      throw new InputError(`$${params.key}: ${params.value} is outside ${allowedRoot}`);
    }
    return readFile(file, 'utf8');
  };
}

export const localFilePlaceholdersModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        // The repository root (this file is portal/packages/backend/src/modules).
        catalog.addPlaceholderResolver(
          'text',
          textPlaceholderResolver(path.resolve(__dirname, '../../../../..')),
        );
      },
    });
  },
});
