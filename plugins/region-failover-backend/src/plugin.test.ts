/**
 * The region-failover backend plugin against a real region: the order core behind a real
 * api-gateway on real PostgreSQL. The standby region is configured but not running, as on a
 * laptop. Argo CD (in-cluster, unreachable here) is an obviously fake HTTP server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { startGateway, type RunningGateway } from '@globalretail/api-gateway';
import { freePort } from '@globalretail/service-kit/testing';
import request from 'supertest';
import { startStack, type Stack } from '../../../tools/test/system/stack';
import { regionFailoverPlugin } from './plugin';

let stack: Stack;
let gateway: RunningGateway;
let gatewayUrl: string;
let fakeArgoCd: Server;
let fakeArgoCdUrl: string;
const argoRequests: { url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  stack = await startStack();
  const closed = `http://127.0.0.1:${await freePort()}`;
  gateway = await startGateway({
    exitOnShutdown: false,
    defaultMetrics: false,
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      JWKS_URL: `${stack.crm.url}/.well-known/jwks.json`,
      CRM_API_URL: stack.crm.url,
      INVENTORY_URL: stack.inventory.url,
      LOGISTICS_URL: stack.logistics.url,
      ORDER_SERVICE_URL: stack.orders.url,
      // The pages and dashboards are not started: the gateway reports them, stays ready.
      CRM_UI_URL: closed,
      TRACKING_UI_URL: closed,
      CRM_ANALYTICS_URL: closed,
      ANALYTICS_SERVICE_URL: closed,
    },
  });
  gatewayUrl = `http://127.0.0.1:${gateway.port}`;
  fakeArgoCd = createServer((req, res) => {
    argoRequests.push({ url: req.url ?? '', auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        items: [
          {
            metadata: { name: 'supplychain-crm-us-east-1' },
            status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
          },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => fakeArgoCd.listen(0, '127.0.0.1', resolve));
  fakeArgoCdUrl = `http://127.0.0.1:${(fakeArgoCd.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await gateway?.shutdown('test done');
  fakeArgoCd?.close();
  await stack?.stop();
});

async function backend(regions: { [key: string]: string | { url: string; token: string } }[]) {
  const { server } = await startTestBackend({
    features: [
      regionFailoverPlugin,
      mockServices.rootConfig.factory({ data: { regionFailover: { timeoutMs: 1000, regions } } }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
    ],
  });
  return server;
}

const regionsGet = (server: Parameters<typeof request>[0]) =>
  request(server)
    .get('/api/region-failover/regions')
    .set('Authorization', mockCredentials.user.header());

describe('region status', () => {
  it('shows the primary healthy, its database primary, services ready; the standby unreachable', async () => {
    const server = await backend([
      {
        id: 'us-east-1',
        role: 'primary',
        gatewayUrl,
        databaseUrl: stack.db.url,
        argoCd: { url: fakeArgoCdUrl, token: 'argo-token' },
      },
      { id: 'eu-west-1', role: 'standby', gatewayUrl: `http://127.0.0.1:${await freePort()}` },
    ]);
    const res = await regionsGet(server);
    expect(res.status).toBe(200);
    const [us, eu] = res.body.regions;
    expect(us).toMatchObject({
      region: 'us-east-1',
      role: 'primary',
      gateway: { health: 'healthy', latencyMs: expect.any(Number) },
      database: { role: 'primary', replicationLagSeconds: null },
      argoCd: {
        configured: true,
        applications: [{ name: 'supplychain-crm-us-east-1', sync: 'Synced', health: 'Healthy' }],
      },
    });
    const ready = Object.fromEntries(
      us.services.map((s: { service: string; ready: boolean }) => [s.service, s.ready]),
    );
    expect(ready).toMatchObject({
      'crm-api': true,
      'inventory-service': true,
      'logistics-service': true,
      'order-service': true,
      'crm-ui': false,
    });
    expect(argoRequests.at(-1)).toEqual({
      url: '/api/v1/applications?selector=region%3Dus-east-1',
      auth: 'Bearer argo-token',
    });
    expect(eu).toMatchObject({
      region: 'eu-west-1',
      role: 'standby',
      gateway: { health: 'unreachable', latencyMs: null, error: expect.any(String) },
      database: { role: 'unknown', error: 'no database configured' },
      argoCd: { configured: false },
      services: [],
    });
  });

  it('reports a database it cannot reach instead of failing', async () => {
    const server = await backend([
      {
        id: 'us-east-1',
        role: 'primary',
        gatewayUrl,
        databaseUrl: `postgres://nobody:wrong@127.0.0.1:${await freePort()}/crm_supply_db`,
      },
    ]);
    const res = await regionsGet(server);
    expect(res.body.regions[0].database).toMatchObject({
      role: 'unknown',
      error: expect.any(String),
    });
  });

  it('answers 404 for a region that is not configured and 401 without a user', async () => {
    const server = await backend([{ id: 'us-east-1', role: 'primary', gatewayUrl }]);
    const missing = await request(server)
      .get('/api/region-failover/regions/ap-south-1')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
    expect((await request(server).get('/api/region-failover/regions')).status).toBe(401);
  });

  it('refuses to start with two primaries', async () => {
    await expect(
      backend([
        { id: 'us-east-1', role: 'primary', gatewayUrl },
        { id: 'eu-west-1', role: 'primary', gatewayUrl },
      ]),
    ).rejects.toThrow(/exactly one region must be primary/);
  });
});
