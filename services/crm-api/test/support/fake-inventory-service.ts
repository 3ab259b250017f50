/**
 * TEST DOUBLE of inventory-service, not the real thing: a small real HTTP server that serves
 * `GET /products` as docs/service-contracts.md describes it, so crm-api's own tests can run
 * before inventory-service exists. The cross-service tests use the real service.
 */
import express from 'express';
import { listen, type RunningServer } from '@globalretail/service-kit/testing';

export interface FakeProduct {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  active: boolean;
}

export const FAKE_PRODUCTS: FakeProduct[] = [
  { sku: 'WIDGET-1', name: 'Widget', priceCents: 1999, currency: 'USD', active: true },
  { sku: 'GADGET-2', name: 'Gadget', priceCents: 4999, currency: 'USD', active: true },
  { sku: 'DOOHICKEY-3', name: 'Doohickey', priceCents: 250, currency: 'USD', active: true },
  { sku: 'RETIRED-9', name: 'Retired thing', priceCents: 100, currency: 'USD', active: false },
];

export interface FakeInventoryService {
  url: string;
  products: FakeProduct[];
  /** How many times GET /products was served. */
  productRequests: number;
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`. */
  restart(): Promise<void>;
}

export async function startFakeInventoryService(): Promise<FakeInventoryService> {
  const app = express();
  const fake: FakeInventoryService = {
    url: '',
    products: FAKE_PRODUCTS.map((p) => ({ ...p })),
    productRequests: 0,
    stop: async () => server?.close(),
    restart: async () => {
      server = await listenOn(app, port);
    },
  };
  app.get('/products', (_req, res) => {
    fake.productRequests++;
    res.json({ products: fake.products });
  });
  let server: RunningServer | undefined = await listen(app);
  const port = server.port;
  fake.url = server.url;
  return fake;
}

/** Like the kit's `listen`, on a chosen port (to come back where the service under test looks). */
export async function listenOn(app: express.Express, port: number): Promise<RunningServer> {
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
