const pg = require('pg');

module.exports = async function globalTeardown() {
  const db = globalThis.__TEST_DB__;
  if (globalThis.__EMBEDDED_PG__) {
    await globalThis.__EMBEDDED_PG__.stop();
    return;
  }
  if (db) {
    // An external server (DATABASE_URL): leave it as we found it.
    const client = new pg.Client({ connectionString: db.serverUrl('postgres') });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${db.template} WITH (FORCE)`);
    await client.end();
  }
};
