/**
 * The database part of the region status against a real primary and a real streaming
 * standby of it (the local stand-in for the RDS cross-region replica): role as the servers
 * report it, replay lag that grows while replay is paused and returns to zero once the
 * standby has caught up, and a standby that lost its primary said so.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@globalretail/service-kit/testing';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../../../tools/src/db/embedded';
import {
  startStreamingStandby,
  type StreamingStandbyHandle,
} from '../../../../tools/src/db/replica';
import { RegionStatusService } from './RegionStatusService';

const dataRoot = path.join(__dirname, '../../../../.data');
const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;
let primary: EmbeddedPostgresHandle | undefined;
let standby: StreamingStandbyHandle;

beforeAll(async () => {
  const primaryDataDir = path.join(dataRoot, `test-primary-${suffix}`);
  primary = await startEmbeddedPostgres({
    dataDir: primaryDataDir,
    port: await freePort(),
    persistent: false,
    settings: { max_connections: '20', shared_buffers: '32MB' },
  });
  standby = await startStreamingStandby({
    primaryDataDir,
    primaryUrl: primary.url('postgres'),
    dataDir: path.join(dataRoot, `test-standby-${suffix}`),
    port: await freePort(),
  });
}, 120_000);

afterAll(async () => {
  await standby?.stop();
  await primary?.stop();
});

async function sql<T extends object>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const regions = () => [
  {
    id: 'us-east-1',
    role: 'primary' as const,
    gatewayUrl: 'http://127.0.0.1:9',
    databaseUrl: primary!.url('postgres'),
  },
  {
    id: 'eu-west-1',
    role: 'standby' as const,
    gatewayUrl: 'http://127.0.0.1:9',
    databaseUrl: standby.url('postgres'),
  },
];

async function databases() {
  const [east, west] = await new RegionStatusService(regions(), 3000).all();
  return { primary: east!.database, standby: west!.database };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('the standby really replicates what the primary writes', async () => {
  await sql(primary!.url('postgres'), 'CREATE TABLE replicated (id int PRIMARY KEY)');
  await sql(primary!.url('postgres'), 'INSERT INTO replicated VALUES (1), (2), (3)');
  const rows = await until(
    () =>
      sql<{ n: string }>(
        standby.url('postgres'),
        'SELECT count(*)::text AS n FROM replicated',
      ).catch(() => [{ n: '0' }]),
    (r) => r[0]!.n === '3',
  );
  expect(rows[0]!.n).toBe('3');
  await expect(sql(standby.url('postgres'), 'INSERT INTO replicated VALUES (4)')).rejects.toThrow(
    /read-only transaction/,
  );
});

it('reports each database by what it says it is, and a caught-up standby as zero lag', async () => {
  // Nothing is written now: a lag measured as "time since the last replayed commit" would
  // grow while the primary is idle; a caught-up standby is not behind.
  await new Promise((r) => setTimeout(r, 1500));
  // `until`: a WAL record the primary writes on its own (a checkpoint) may be in flight.
  const status = await until(databases, (s) => s.standby.replicationLagSeconds === 0);
  expect(status.primary).toEqual({ role: 'primary', replicationLagSeconds: null });
  expect(status.standby).toEqual({ role: 'replica', replicationLagSeconds: 0 });
});

it('shows the lag growing while the standby falls behind, and zero again once it catches up', async () => {
  await sql(standby.url('postgres'), 'SELECT pg_wal_replay_pause()');
  try {
    await sql(primary!.url('postgres'), 'INSERT INTO replicated VALUES (10)');
    await new Promise((r) => setTimeout(r, 1500));
    // Replay is paused after that commit arrived: the standby is behind by at least the wait.
    const behind = await databases();
    expect(behind.standby.role).toBe('replica');
    expect(behind.standby.replicationLagSeconds).toBeGreaterThanOrEqual(1);
  } finally {
    await sql(standby.url('postgres'), 'SELECT pg_wal_replay_resume()');
  }
  const caughtUp = await until(databases, (s) => s.standby.replicationLagSeconds === 0);
  expect(caughtUp.standby).toEqual({ role: 'replica', replicationLagSeconds: 0 });
});

it('says so when the standby has lost its primary', async () => {
  const standbyOnly = [regions()[1]!];
  await primary!.stop();
  primary = undefined;
  const status = await until(
    () => new RegionStatusService(standbyOnly, 3000).all(),
    ([west]) => west!.database.error !== undefined,
  );
  expect(status[0]!.database).toEqual({
    role: 'replica',
    replicationLagSeconds: null,
    error: 'not streaming from its primary',
  });
});
