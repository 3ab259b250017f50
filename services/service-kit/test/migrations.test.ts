import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMigrations } from '../src/migrations';
import { createTestDatabase, type TestDatabase } from '../src/testing';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('runMigrations', () => {
  it('applies each migration once, even when instances start concurrently', async () => {
    const dir = migrationDir({
      '001_widgets.sql': 'CREATE TABLE widgets (id int PRIMARY KEY);',
      '002_widget_name.sql': 'ALTER TABLE widgets ADD COLUMN name text;',
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => runMigrations(db.pool, { schema: 'kit_test', migrationsDir: dir })),
    );
    const applied = results.flatMap((r) => r.applied);
    expect(applied.filter((a) => a === '001_widgets')).toHaveLength(1);
    expect(applied).toContain('kit-001_outbox_and_inbox');
    const { rows } = await db.pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema='kit_test' AND table_name='widgets' ORDER BY 1",
    );
    expect(rows.map((r) => r.column_name)).toEqual(['id', 'name']);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = migrationDir({ '001_a.sql': 'CREATE TABLE a (id int);' });
    await runMigrations(db.pool, { schema: 'kit_edit', migrationsDir: dir });
    writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (id bigint);');
    await expect(
      runMigrations(db.pool, { schema: 'kit_edit', migrationsDir: dir }),
    ).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls back a failing migration and names it', async () => {
    const dir = migrationDir({
      '001_ok.sql': 'CREATE TABLE ok (id int);',
      '002_bad.sql': 'CREATE TABLE broken (id nosuchtype);',
    });
    await expect(runMigrations(db.pool, { schema: 'kit_bad', migrationsDir: dir })).rejects.toThrow(
      /002_bad failed/,
    );
    const { rows } = await db.pool.query(
      "SELECT version FROM kit_bad.schema_migrations WHERE version = '002'",
    );
    expect(rows).toHaveLength(0);
  });
});

describe('runMigrations with seeds', () => {
  it('applies seeds on every run, and treats a missing seeds folder as none', async () => {
    const dir = migrationDir({ '001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY);' });
    const seeds = migrationDir({
      '001_rows.sql': 'INSERT INTO kit_seed.t VALUES (1), (2) ON CONFLICT DO NOTHING;',
    });
    await runMigrations(
      db.pool,
      { schema: 'kit_seed', migrationsDir: dir, seedsDir: seeds },
      { seed: true },
    );
    await runMigrations(
      db.pool,
      { schema: 'kit_seed', migrationsDir: dir, seedsDir: seeds },
      { seed: true },
    );
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM kit_seed.t');
    expect(rows[0].n).toBe(2);
    await expect(
      runMigrations(
        db.pool,
        { schema: 'kit_seed', migrationsDir: dir, seedsDir: path.join(dir, 'no-such-folder') },
        { seed: true },
      ),
    ).resolves.toEqual({ applied: [] });
  });
});
