import { createPermission } from '@backstage/plugin-permission-common';

/** Triggering a region failover: operators (group `ops`) only. The action comes with the failover issue. */
export const regionFailoverTriggerPermission = createPermission({
  name: 'region.failover.trigger',
  attributes: { action: 'update' },
});

export const regionFailoverPermissions = [regionFailoverTriggerPermission];

export type RegionRole = 'primary' | 'standby';
export type Health = 'healthy' | 'degraded' | 'unreachable';

export interface ServiceReadiness {
  service: string;
  ready: boolean;
  /** What the gateway said about it (its /readyz detail), or why it could not be read. */
  detail?: string;
}

export interface DatabaseStatus {
  /** What the database says it is (pg_is_in_recovery), not what the config claims. */
  role: 'primary' | 'replica' | 'unknown';
  /**
   * Seconds behind the primary: 0 once it has replayed all it received, else the age of the
   * newest replayed commit. Null on a primary, and when unknown (not streaming from it).
   */
  replicationLagSeconds: number | null;
  error?: string;
}

export interface ArgoCdStatus {
  configured: boolean;
  /** Sync and health of the region's applications, when Argo CD is reachable. */
  applications: { name: string; sync: string; health: string }[];
  error?: string;
}

export interface RegionStatus {
  region: string;
  /** The role this region is configured to have. */
  role: RegionRole;
  gateway: { url: string; health: Health; latencyMs: number | null; error?: string };
  database: DatabaseStatus;
  services: ServiceReadiness[];
  argoCd: ArgoCdStatus;
  checkedAt: string;
}

export interface RegionsResponse {
  regions: RegionStatus[];
}
