import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded';
import { repoRoot } from '../db/sources';
import { freePort } from '../net';
import {
  buildOpenApiDocuments,
  openApiFile,
  renderOpenApi,
  withScratchDatabase,
  type OpenApiDocument,
} from './openapi';

/**
 * The PostgreSQL server to start the services against: the one DATABASE_URL points at (a
 * scratch database is created beside its database), else an embedded one for this run.
 */
async function withPostgresServer<T>(use: (serverUrl: (db: string) => string) => Promise<T>) {
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    return use((db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString());
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(
      repoRoot,
      '.data',
      `openapi-pg-${process.pid}-${randomBytes(3).toString('hex')}`,
    ),
    port: await freePort(),
    persistent: false,
  });
  try {
    return await use(server.url);
  } finally {
    await server.stop();
  }
}

/** Services whose committed file differs from the generated document (absent files count). */
export function driftedFiles(documents: Record<string, OpenApiDocument>): string[] {
  return Object.entries(documents)
    .filter(([service, document]) => {
      const file = openApiFile(service);
      return !existsSync(file) || readFileSync(file, 'utf8') !== renderOpenApi(document);
    })
    .map(([service]) => path.relative(repoRoot, openApiFile(service)));
}

async function main(check: boolean): Promise<number> {
  const documents = await withPostgresServer((serverUrl) =>
    withScratchDatabase(serverUrl, buildOpenApiDocuments),
  );
  const drifted = driftedFiles(documents);
  if (check) {
    if (drifted.length === 0) {
      console.log(`all ${Object.keys(documents).length} OpenAPI documents are up to date`);
      return 0;
    }
    console.error(`out of date (run \`yarn catalog:openapi\`): ${drifted.join(', ')}`);
    return 1;
  }
  for (const [service, document] of Object.entries(documents))
    writeFileSync(openApiFile(service), renderOpenApi(document));
  console.log(
    drifted.length
      ? `updated ${drifted.join(', ')}`
      : `all ${Object.keys(documents).length} OpenAPI documents were already up to date`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.includes('--check')).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
