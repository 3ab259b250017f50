import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { Health, RegionStatus } from '@internal/plugin-region-failover-common';
import { Button, Grid, Typography } from '@material-ui/core';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { regionFailoverApiRef } from '../../api/RegionFailoverApi';

const REFRESH_MS = 15_000;

function HealthLabel({ health }: { health: Health }) {
  if (health === 'healthy') return <StatusOK>healthy</StatusOK>;
  if (health === 'degraded') return <StatusWarning>degraded</StatusWarning>;
  return <StatusError>unreachable</StatusError>;
}

function RegionCard({ region }: { region: RegionStatus }) {
  const { gateway, database, services, argoCd } = region;
  const lag =
    database.replicationLagSeconds === null
      ? '—'
      : `${database.replicationLagSeconds.toFixed(1)} s`;
  return (
    <InfoCard
      title={`${region.region} · ${region.role}`}
      subheader={`checked ${new Date(region.checkedAt).toLocaleTimeString()}`}
    >
      <div data-testid={`region-${region.region}`}>
        <StructuredMetadataTable
          metadata={{
            gateway: (
              <>
                <HealthLabel health={gateway.health} />
                {gateway.latencyMs !== null && ` ${gateway.latencyMs} ms`}
                {gateway.error && ` (${gateway.error})`}
              </>
            ),
            endpoint: gateway.url,
            database: database.error ? `${database.role} (${database.error})` : database.role,
            'replication lag': lag,
            services: services.length
              ? services.map((s) => (
                  <div key={s.service}>
                    {s.ready ? (
                      <StatusOK>{s.service}</StatusOK>
                    ) : (
                      <StatusError>{s.service}</StatusError>
                    )}
                    {s.detail && ` ${s.detail}`}
                  </div>
                ))
              : 'not known (gateway unreachable)',
            'argo cd': !argoCd.configured
              ? 'not configured for this region'
              : argoCd.error
                ? `unreachable (${argoCd.error})`
                : argoCd.applications.map((a) => `${a.name}: ${a.sync} / ${a.health}`),
          }}
        />
      </div>
    </InfoCard>
  );
}

/** One card per region: entry point, database role and lag, readiness, Argo CD. */
export function RegionStatusPage() {
  const api = useApi(regionFailoverApiRef);
  const regions = useAsyncRetry(() => api.getRegions(), [api]);
  const { retry } = regions;
  useEffect(() => {
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);

  if (regions.error) return <ResponseErrorPanel error={regions.error} />;
  if (!regions.value) return <Progress />;
  return (
    <Content>
      <Typography variant="body2" color="textSecondary" paragraph>
        Refreshed every {REFRESH_MS / 1000} s.{' '}
        <Button size="small" onClick={retry}>
          Refresh now
        </Button>
      </Typography>
      <Grid container spacing={3}>
        {regions.value.map((region) => (
          <Grid item xs={12} md={6} key={region.region}>
            <RegionCard region={region} />
          </Grid>
        ))}
      </Grid>
    </Content>
  );
}
