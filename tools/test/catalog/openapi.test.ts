import { readFileSync } from 'node:fs';
import {
  buildOpenApiDocuments,
  OPENAPI_SERVICES,
  openApiFile,
  renderOpenApi,
  withScratchDatabase,
  type OpenApiDocument,
} from '../../src/catalog/openapi';

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

let documents: Record<string, OpenApiDocument>;
beforeAll(async () => {
  documents = await withScratchDatabase(serverUrl, buildOpenApiDocuments);
});

describe('services/*/openapi.json', () => {
  it.each(OPENAPI_SERVICES)(
    '%s: the committed file is what the service serves (`yarn build && yarn catalog:openapi`)',
    (service) => {
      expect(readFileSync(openApiFile(service), 'utf8')).toBe(renderOpenApi(documents[service]!));
    },
  );
});
