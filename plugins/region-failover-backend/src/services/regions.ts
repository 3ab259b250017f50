import type { Config } from '@backstage/config';
import type { RegionRole } from '@internal/plugin-region-failover-common';

/** One region as configured: where its entry point, database and Argo CD are. */
export interface RegionTarget {
  id: string;
  role: RegionRole;
  gatewayUrl: string;
  databaseUrl?: string;
  argoCd?: { url: string; token: string };
}

/** The regions from `regionFailover.regions` in app-config, checked for sense at start. */
export function regionsFromConfig(config: Config): RegionTarget[] {
  const regions = (config.getOptionalConfigArray('regionFailover.regions') ?? []).map((r) => {
    const role = r.getString('role');
    if (role !== 'primary' && role !== 'standby') {
      throw new Error(
        `regionFailover.regions: role of ${r.getString('id')} must be primary or standby, not ${role}`,
      );
    }
    const argo = r.getOptionalConfig('argoCd');
    return {
      id: r.getString('id'),
      role,
      gatewayUrl: r.getString('gatewayUrl').replace(/\/$/, ''),
      databaseUrl: r.getOptionalString('databaseUrl') || undefined,
      argoCd: argo
        ? { url: argo.getString('url').replace(/\/$/, ''), token: argo.getString('token') }
        : undefined,
    } satisfies RegionTarget;
  });
  const primaries = regions.filter((r) => r.role === 'primary');
  if (regions.length > 0 && primaries.length !== 1) {
    throw new Error(
      `regionFailover.regions: exactly one region must be primary, found ${primaries.length}`,
    );
  }
  return regions;
}
