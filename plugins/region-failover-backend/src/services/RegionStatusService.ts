import type {
  ArgoCdStatus,
  DatabaseStatus,
  RegionStatus,
  ServiceReadiness,
} from '@internal/plugin-region-failover-common';
import { Client } from 'pg';
import { request } from 'undici';
import type { RegionTarget } from './regions';

const message = (err: unknown) => {
  const e = err as Error & { code?: string };
  return e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : (e.code ?? e.message);
};

/**
 * Reads each region's state from the things themselves: the gateway's /readyz (which checks
 * every service), the database's own view of its role and replay lag, and Argo CD. The
 * failover action (a later issue) reuses the same targets and this status as its precheck.
 */
export class RegionStatusService {
  constructor(
    private readonly regions: RegionTarget[],
    private readonly timeoutMs: number,
  ) {}

  async all(): Promise<RegionStatus[]> {
    return Promise.all(this.regions.map((r) => this.status(r)));
  }

  async status(region: RegionTarget): Promise<RegionStatus> {
    const [gateway, database, argoCd] = await Promise.all([
      this.gateway(region),
      this.database(region),
      this.argoCd(region),
    ]);
    return {
      region: region.id,
      role: region.role,
      gateway: gateway.summary,
      database,
      services: gateway.services,
      argoCd,
      checkedAt: new Date().toISOString(),
    };
  }

  private async gateway(region: RegionTarget): Promise<{
    summary: RegionStatus['gateway'];
    services: ServiceReadiness[];
  }> {
    const started = performance.now();
    try {
      // undici rather than fetch: fetch refuses some ports (6000) as WHATWG "bad ports".
      const res = await request(`${region.gatewayUrl}/readyz`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await res.body.json().catch(() => ({}))) as {
        checks?: Record<string, string>;
      };
      const latencyMs = Math.round(performance.now() - started);
      const services = Object.entries(body.checks ?? {})
        .filter(([name]) => name !== 'shutdown')
        .map(([service, check]) => ({
          service,
          ready: check === 'ok',
          ...(check === 'ok' ? {} : { detail: check }),
        }));
      return {
        summary: {
          url: region.gatewayUrl,
          health: res.statusCode === 200 ? 'healthy' : 'degraded',
          latencyMs,
          ...(res.statusCode === 200 ? {} : { error: `/readyz answered ${res.statusCode}` }),
        },
        services,
      };
    } catch (err) {
      return {
        summary: {
          url: region.gatewayUrl,
          health: 'unreachable',
          latencyMs: null,
          error: message(err),
        },
        services: [],
      };
    }
  }

  private async database(region: RegionTarget): Promise<DatabaseStatus> {
    if (!region.databaseUrl) {
      return { role: 'unknown', replicationLagSeconds: null, error: 'no database configured' };
    }
    const client = new Client({
      connectionString: region.databaseUrl,
      connectionTimeoutMillis: this.timeoutMs,
      statement_timeout: this.timeoutMs,
      application_name: 'portal-region-status',
    });
    try {
      await client.connect();
      // Lag is "how old is the newest commit replayed" only while WAL is waiting to be
      // replayed: a standby that has replayed all it received is not behind, however long
      // the primary has been idle (the usual now() - pg_last_xact_replay_timestamp() alone
      // would grow without bound then).
      const { rows } = await client.query<{
        replica: boolean;
        streaming: boolean | null;
        lag: string | null;
      }>(
        `SELECT pg_is_in_recovery() AS replica,
                CASE WHEN pg_is_in_recovery()
                     THEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
                END AS streaming,
                CASE WHEN NOT pg_is_in_recovery() THEN NULL
                     WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                     ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
                END AS lag`,
      );
      const row = rows[0]!;
      if (!row.replica) return { role: 'primary', replicationLagSeconds: null };
      if (!row.streaming) {
        // Cut off from its primary (the primary region is down?): how far behind it is
        // cannot be known, and this is when an operator looks here before failing over.
        return {
          role: 'replica',
          replicationLagSeconds: null,
          error: 'not streaming from its primary',
        };
      }
      return {
        role: 'replica',
        replicationLagSeconds: row.lag === null ? null : Math.max(0, Number(row.lag)),
      };
    } catch (err) {
      return { role: 'unknown', replicationLagSeconds: null, error: message(err) };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async argoCd(region: RegionTarget): Promise<ArgoCdStatus> {
    if (!region.argoCd) return { configured: false, applications: [] };
    try {
      const res = await request(
        `${region.argoCd.url}/api/v1/applications?selector=${encodeURIComponent(`region=${region.id}`)}`,
        {
          headers: { authorization: `Bearer ${region.argoCd.token}` },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
      );
      if (res.statusCode !== 200) {
        await res.body.dump();
        return { configured: true, applications: [], error: `Argo CD answered ${res.statusCode}` };
      }
      const body = (await res.body.json()) as {
        items?: {
          metadata: { name: string };
          status?: { sync?: { status?: string }; health?: { status?: string } };
        }[];
      };
      return {
        configured: true,
        applications: (body.items ?? []).map((app) => ({
          name: app.metadata.name,
          sync: app.status?.sync?.status ?? 'Unknown',
          health: app.status?.health?.status ?? 'Unknown',
        })),
      };
    } catch (err) {
      return { configured: true, applications: [], error: message(err) };
    }
  }
}
