// Starts the one PostgreSQL every test file uses (embedded unless DATABASE_URL is given)
// and builds a migrated, seeded template database that each test file clones.
// Requires the compiled tools (`yarn build`), which the README's test command runs first.
const path = require('node:path');
const { randomBytes } = require('node:crypto');

module.exports = async function globalSetup() {
  const tools = path.join(__dirname, '..', 'dist');
  const { startEmbeddedPostgres } = require(path.join(tools, 'db/embedded.js'));
  const { ensureDatabase, migrateAll } = require(path.join(tools, 'db/prepare.js'));
  const { freePort } = require(path.join(tools, 'net.js'));
  const template = `crm_supply_template_${randomBytes(4).toString('hex')}`;
  let serverUrl;
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    serverUrl = (db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();
  } else {
    const started = Date.now();
    const dataDir = path.join(
      __dirname,
      '../../.data',
      `test-pg-${process.pid}-${randomBytes(3).toString('hex')}`,
    );
    const handle = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      persistent: false,
    });
    globalThis.__EMBEDDED_PG__ = handle;
    serverUrl = handle.url;
    process.stdout.write(
      `\nembedded PostgreSQL on port ${handle.port} (${Date.now() - started} ms)\n`,
    );
  }
  await ensureDatabase(serverUrl, template);
  await migrateAll(serverUrl(template), { seed: true });
  globalThis.__TEST_DB__ = { serverUrl, template };
  process.env.TEST_DATABASE_ADMIN_URL = serverUrl('postgres');
  process.env.TEST_DATABASE_TEMPLATE = template;
};
