import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RegionStatus } from '@internal/plugin-region-failover-common';
import { screen, within } from '@testing-library/react';
import { regionFailoverApiRef } from '../../api/RegionFailoverApi';
import { RegionStatusPage } from './RegionStatusPage';

const regions: RegionStatus[] = [
  {
    region: 'us-east-1',
    role: 'primary',
    gateway: { url: 'http://gw-us', health: 'healthy', latencyMs: 12 },
    database: { role: 'primary', replicationLagSeconds: null },
    services: [
      { service: 'crm-api', ready: true },
      { service: 'crm-ui', ready: false, detail: 'failing: ECONNREFUSED' },
    ],
    argoCd: {
      configured: true,
      applications: [{ name: 'supplychain-crm-us-east-1', sync: 'Synced', health: 'Healthy' }],
    },
    checkedAt: '2026-11-22T08:00:00.000Z',
  },
  {
    region: 'eu-west-1',
    role: 'standby',
    gateway: { url: 'http://gw-eu', health: 'unreachable', latencyMs: null, error: 'ECONNREFUSED' },
    database: { role: 'replica', replicationLagSeconds: 2.5 },
    services: [],
    argoCd: { configured: false, applications: [] },
    checkedAt: '2026-11-22T08:00:00.000Z',
  },
];

describe('RegionStatusPage', () => {
  it('shows one card per region with health, database role, lag, readiness and Argo CD', async () => {
    await renderInTestApp(<RegionStatusPage />, {
      apis: [[regionFailoverApiRef, { getRegions: async () => regions }]],
    });
    const us = await screen.findByTestId('region-us-east-1');
    expect(within(us).getByText('healthy')).toBeInTheDocument();
    expect(within(us).getByText(/failing: ECONNREFUSED/)).toBeInTheDocument();
    expect(within(us).getByText('supplychain-crm-us-east-1: Synced / Healthy')).toBeInTheDocument();
    const eu = screen.getByTestId('region-eu-west-1');
    expect(within(eu).getByText('unreachable')).toBeInTheDocument();
    expect(within(eu).getByText('replica')).toBeInTheDocument();
    expect(within(eu).getByText('2.5 s')).toBeInTheDocument();
    expect(within(eu).getByText('not configured for this region')).toBeInTheDocument();
    expect(screen.getByText('us-east-1 · primary')).toBeInTheDocument();
  });

  it('says why when the status cannot be read', async () => {
    await renderInTestApp(<RegionStatusPage />, {
      apis: [
        [
          regionFailoverApiRef,
          { getRegions: async () => Promise.reject(new Error('backend down')) },
        ],
      ],
    });
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
  });
});
