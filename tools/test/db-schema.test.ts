import { readFileSync } from 'node:fs';
import { createTestDatabase } from '@globalretail/service-kit/testing';
import pg from 'pg';
import { renderSchema, SCHEMA_FILE } from '../src/db/generate-schema';

describe('docs/db-schema.sql', () => {
  it('is up to date with the migrations (run `yarn db:schema` after changing one)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchema());
  });

  it('builds the whole schema on an empty database', async () => {
    // A clone of the template already has the schemas, so make an empty one beside it.
    const scratch = await createTestDatabase();
    const name = `empty_${Date.now()}`;
    await scratch.pool.query(`CREATE DATABASE ${name}`);
    const url = new URL(scratch.url);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(readFileSync(SCHEMA_FILE, 'utf8'));
      const { rows } = await client.query<{ schema_name: string }>(
        "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('crm','inventory','logistics','orders') ORDER BY 1",
      );
      expect(rows.map((r) => r.schema_name)).toEqual(['crm', 'inventory', 'logistics', 'orders']);
    } finally {
      await client.end();
      await scratch.pool.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await scratch.drop();
    }
  });
});
