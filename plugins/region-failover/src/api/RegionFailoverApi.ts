import { createApiRef, type DiscoveryApi, type FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { RegionStatus } from '@internal/plugin-region-failover-common';

export interface RegionFailoverApi {
  getRegions(): Promise<RegionStatus[]>;
}

export const regionFailoverApiRef = createApiRef<RegionFailoverApi>({
  id: 'plugin.region-failover.api',
});

/** Talks to the region-failover backend plugin, as the signed-in user. */
export class RegionFailoverClient implements RegionFailoverApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getRegions() {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('region-failover');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}/regions`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return ((await res.json()) as { regions: RegionStatus[] }).regions;
  }
}
