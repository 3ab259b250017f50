import express from 'express';
import { request } from 'undici';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The baseline for the orders benchmark: the same hops as POST /orders, through no-op
 * Express servers with JSON bodies and keep-alive fetch, so the difference to the real run
 * is what the services and the database cost:
 *   client -> crm -> order -> inventory (reserve), logistics (ship), inventory (commit)
 */
export async function startNoopChain(): Promise<{ url: string; stop(): Promise<void> }> {
  const servers: Server[] = [];
  const start = (app: express.Express) =>
    new Promise<string>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`),
      );
      servers.push(s);
    });
  const noop = () => {
    const app = express();
    app.use(express.json());
    app.post('/{*any}', (req, res) => {
      res.status(201).json({ ok: true, echo: req.body });
    });
    return app;
  };
  const inventory = await start(noop());
  const logistics = await start(noop());
  const post = async (url: string, body: unknown) => {
    // The services' own client (undici), so the baseline pays the same per-hop cost.
    const res = await request(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return res.body.json();
  };
  const orderApp = express();
  orderApp.use(express.json());
  orderApp.post('/supply-orders', async (req, res) => {
    await post(`${inventory}/reservations`, req.body);
    await post(`${logistics}/shipments`, req.body);
    await post(`${inventory}/reservations/x/commit`, {});
    res.status(201).json({ status: 'CONFIRMED' });
  });
  const order = await start(orderApp);
  const crmApp = express();
  crmApp.use(express.json());
  crmApp.post('/orders', async (req, res) => {
    res.status(201).json(await post(`${order}/supply-orders`, req.body));
  });
  // Hops cut off while the chain shuts down are expected: answer 502 without Express's stack dump.
  const quiet: express.ErrorRequestHandler = (_err, _req, res, _next) => {
    res.status(502).end();
  };
  orderApp.use(quiet);
  crmApp.use(quiet);
  const crm = await start(crmApp);
  return {
    url: crm,
    stop: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}
