import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ServiceTokens } from '@globalretail/service-kit';
import { startSystem } from '../launcher/system';
import { LOCAL_SERVICES, ORDER_CORE } from '../launcher/services';
import { repoRoot } from '../db/sources';
import { freePort } from '../net';
import { startNoopChain } from './baseline';
import { formatLoad, runLoad } from './load';
import { benchImages } from './images';
import { formatStartup, timeStartup } from './startup';

interface Args {
  mode: 'orders' | 'reservations' | 'startup' | 'images';
  durationSeconds: number;
  connections: number;
  runs: number;
  /** `images`: the services to build (default all nine). */
  services: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    mode: 'orders',
    durationSeconds: 20,
    connections: 50,
    runs: 3,
    services: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'orders' || a === 'reservations' || a === 'startup' || a === 'images') args.mode = a;
    else if (args.mode === 'images' && !a.startsWith('--')) args.services.push(a);
    else if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--duration') args.durationSeconds = Number(argv[++i]);
    else if (a === '--connections') args.connections = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument ${a}; usage: bench [orders|reservations] [--duration s] [--connections n] | bench startup [--runs n] | bench images [service...]`,
      );
  }
  if (!(args.durationSeconds > 0) || !(args.connections > 0) || !(args.runs > 0))
    throw new Error('--duration, --connections and --runs must be positive');
  return args;
}

const SECRET = 'dev-only-service-secret-change-me';
const BENCH_SKU = 'GR-1001';

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === 'startup') return benchStartup(args.runs);
  if (args.mode === 'images') return benchImages(args.services);
  const pgPort = await freePort();
  const dataDir = path.join(repoRoot, '.data', `bench-pg-${process.pid}`);
  console.log(
    `==> ${args.mode} benchmark: ${args.connections} connections for ${args.durationSeconds} s (fresh embedded PostgreSQL, services on ports +10000)`,
  );
  const system = await startSystem({
    // The order core only: what POST /orders and reservations touch.
    services: LOCAL_SERVICES.filter((s) => ORDER_CORE.includes(s.name)),
    databaseUrl: process.env.DATABASE_URL,
    embeddedPort: pgPort,
    dataDir,
    portOffset: 10_000,
    postgresSettings: { shared_preload_libraries: 'pg_stat_statements' },
    env: { LOG_LEVEL: 'warn', DB_POOL_MAX: '20', SAGA_RECOVERY_INTERVAL_MS: '2000' },
    onLine: (service, line) => {
      if (service !== 'postgres' && /"level":(50|60)/.test(line))
        console.error(`${service} | ${line}`);
    },
  });
  const db = new pg.Pool({ connectionString: system.databaseUrl, max: 20 });
  try {
    // Plenty of stock so the run measures throughput, not sell-outs.
    await db.query('UPDATE inventory.stock SET on_hand = 10000000, reserved = 0');
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    if (args.mode === 'orders') await benchOrders(args, system.urls, db);
    else await benchReservations(args, system.urls, db);
    await printTopStatements(db);
  } finally {
    await db.end();
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchStartup(runs: number) {
  console.log(
    `==> startup benchmark: ${runs} cold starts of PostgreSQL (fresh data directory), the nine services and the portal (ports +10000; the build is not timed)`,
  );
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timeStartup());
  console.log(formatStartup(results));
}

async function benchOrders(args: Args, urls: Record<string, string>, db: pg.Pool) {
  const login = async (email: string) => {
    const res = await fetch(`${urls['crm-api']}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'demo-password' }),
    });
    if (!res.ok) throw new Error(`login ${email} failed: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  const tokens = [
    await login('ava@globalretail.example'),
    await login('elias@globalretail.example'),
  ];
  const { rows } = await db.query<{ sku: string }>(
    'SELECT sku FROM inventory.products WHERE active ORDER BY sku LIMIT 20',
  );
  const skus = rows.map((r) => r.sku);
  let n = 0;
  const request = () => {
    n++;
    return {
      headers: {
        authorization: `Bearer ${tokens[n % tokens.length]}`,
        'idempotency-key': randomUUID(),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ lines: [{ sku: skus[n % skus.length], quantity: 1 }] }),
    };
  };
  // Warm up connections and JIT so the first seconds do not skew the figures.
  await runLoad({
    url: urls['crm-api']!,
    method: 'POST',
    path: '/orders',
    connections: 10,
    durationSeconds: 3,
    request,
  });
  const real = await runLoad({
    url: urls['crm-api']!,
    method: 'POST',
    path: '/orders',
    connections: args.connections,
    durationSeconds: args.durationSeconds,
    request,
  });
  const { rows: statuses } = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM crm.orders GROUP BY status ORDER BY status',
  );
  const chain = await startNoopChain();
  let baselineResult;
  try {
    baselineResult = await runLoad({
      url: chain.url,
      method: 'POST',
      path: '/orders',
      connections: args.connections,
      durationSeconds: args.durationSeconds,
      request: () => ({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lines: [{ sku: 'GR-1001', quantity: 1 }] }),
      }),
    });
  } finally {
    await chain.stop();
  }
  console.log(`
${formatLoad('POST /orders end to end (crm-api -> order-service -> inventory, logistics, inventory; real PostgreSQL)', real, 'orders')}
  orders in db    ${statuses.map((s) => `${s.status}=${s.n}`).join(' ')}

${formatLoad('baseline: the same 5 hops through no-op Express servers', baselineResult, 'requests')}

goal: >= 1000 orders/s with p99 < 100 ms on 2 cores`);
}

async function benchReservations(args: Args, urls: Record<string, string>, db: pg.Pool) {
  const token = new ServiceTokens(SECRET, 'bench').token();
  const { rows: before } = await db.query<{ on_hand: number }>(
    'SELECT sum(on_hand)::int AS on_hand FROM inventory.stock WHERE sku = $1',
    [BENCH_SKU],
  );
  const result = await runLoad({
    url: urls['inventory-service']!,
    method: 'POST',
    path: '/reservations',
    connections: args.connections,
    durationSeconds: args.durationSeconds,
    request: () => ({
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        reservationId: randomUUID(),
        orderId: randomUUID(),
        region: 'us-east-1',
        lines: [{ sku: BENCH_SKU, quantity: 1 }],
      }),
    }),
  });
  // Oversold: units held or gone beyond what was on hand, or a row whose counters disagree with its reservations.
  const { rows: check } = await db.query<{
    held: number;
    reserved: number;
    negative: number;
    over: number;
  }>(
    `SELECT
       (SELECT coalesce(sum(l.quantity), 0)::int FROM inventory.reservation_lines l JOIN inventory.reservations r ON r.id = l.reservation_id
         WHERE l.sku = $1 AND r.status = 'HELD') AS held,
       (SELECT coalesce(sum(reserved), 0)::int FROM inventory.stock WHERE sku = $1) AS reserved,
       (SELECT count(*)::int FROM inventory.stock WHERE on_hand - reserved < 0) AS negative,
       (SELECT greatest(0, coalesce(sum(reserved), 0) - $2::int)::int FROM inventory.stock WHERE sku = $1) AS over`,
    [BENCH_SKU, before[0]?.on_hand ?? 0],
  );
  const c = check[0]!;
  const oversold = c.over + c.negative + Math.abs(c.held - c.reserved);
  // Baseline: the raw single-row UPDATE rate of the same database, same concurrency.
  const baseline = await rawUpdateRate(db, args.connections, Math.min(args.durationSeconds, 10));
  console.log(`
${formatLoad(`POST /reservations, 1 unit of one SKU (${BENCH_SKU})`, result, 'reservations')}
  oversold        ${oversold}  (held by reservations ${c.held}, reserved counter ${c.reserved}, rows below zero ${c.negative})

baseline: raw single-row UPDATE on the same database, ${Math.min(args.connections, 20)} connections
  updates/s       ${baseline.toFixed(0)}

goal: >= 5000 reservations/s on one SKU, oversold = 0`);
}

/** Where the database time went: the statements with the most total execution time. */
async function printTopStatements(db: pg.Pool) {
  const { rows } = await db.query<{
    calls: number;
    total_ms: number;
    mean_ms: number;
    query: string;
  }>(
    `SELECT calls::int, round(total_exec_time)::int AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms,
            regexp_replace(query, '\\s+', ' ', 'g') AS query
       FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC LIMIT 12`,
  );
  console.log('\ndatabase time by statement (pg_stat_statements, whole run incl. warm-up):');
  for (const r of rows) {
    console.log(
      `  ${String(r.total_ms).padStart(7)} ms  ${String(r.calls).padStart(7)} calls  ${r.mean_ms.toFixed(3).padStart(7)} ms/call  ${r.query.slice(0, 110)}`,
    );
  }
}

async function rawUpdateRate(db: pg.Pool, connections: number, seconds: number): Promise<number> {
  await db.query('CREATE TEMP TABLE IF NOT EXISTS x (id int)'); // warm a connection
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: Math.min(connections, 20) }, async () => {
      const client = await db.connect();
      try {
        while (Date.now() < deadline) {
          await client.query(
            "UPDATE inventory.stock SET reserved = reserved + 1 WHERE sku = $1 AND warehouse_id = 'wh-us-east-1' AND on_hand - reserved >= 1",
            [BENCH_SKU],
          );
          count++;
        }
      } finally {
        client.release();
      }
    }),
  );
  return count / seconds;
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
