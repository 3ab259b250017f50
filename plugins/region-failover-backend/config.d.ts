export interface Config {
  /** The regions the region-failover plugin watches (and, with the failover work, fails over). */
  regionFailover?: {
    /** Per-check timeout in milliseconds (default 3000). */
    timeoutMs?: number;
    regions: Array<{
      /** AWS region id, e.g. us-east-1. */
      id: string;
      /** The role this region is meant to have. */
      role: 'primary' | 'standby';
      /** The region's api-gateway (its ingress), whose /readyz reports every service. */
      gatewayUrl: string;
      /**
       * A read-only connection to the region's database, to ask it what it is
       * (pg_is_in_recovery) and how far behind it replays.
       * @visibility secret
       */
      databaseUrl?: string;
      /** Argo CD for the region's cluster: applications are selected by the `region` label. */
      argoCd?: {
        url: string;
        /** @visibility secret */
        token: string;
      };
    }>;
  };
}
