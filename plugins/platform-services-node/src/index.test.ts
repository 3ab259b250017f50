import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { AppError, verifyBearer } from '@globalretail/service-kit';
import { asBackstageError, platformClientsFromConfig } from './index';

let server: Server;
let baseUrl: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (extra: object = {}) =>
  new ConfigReader({
    globalretail: { services: { crmApi: baseUrl, inventoryService: baseUrl }, ...extra },
  });

it('builds only the clients asked for, each calling its configured URL with the portal credential', async () => {
  const clients = platformClientsFromConfig(config({ serviceAuthSecret: 'a-test-secret' }), [
    'inventoryService',
  ]);
  expect(Object.keys(clients)).toEqual(['inventoryService']);
  const res = await clients.inventoryService.request<{ ok: boolean }>({
    method: 'GET',
    path: '/inventory',
  });
  expect(res.body).toEqual({ ok: true });
  const call = seen.at(-1)!;
  expect(call.url).toBe('/inventory');
  const token = call.headers.authorization!.replace(/^Bearer /, '');
  await expect(verifyBearer(token, { serviceSecret: 'a-test-secret' })).resolves.toEqual({
    kind: 'service',
    service: 'portal',
  });
  await expect(verifyBearer(token, { serviceSecret: 'another-secret' })).rejects.toThrow();
});

it('refuses to start without a configured URL for a requested service', () => {
  expect(() => platformClientsFromConfig(config(), ['orderService'])).toThrow(
    /globalretail\.services\.orderService/,
  );
});

it.each([
  [404, 'NOT_FOUND', 'NotFoundError'],
  [409, 'STOCK_BELOW_RESERVED', 'InputError'],
  [422, 'UNKNOWN_WAREHOUSE', 'InputError'],
  [503, 'UPSTREAM_UNAVAILABLE', 'ServiceUnavailableError'],
  [504, 'UPSTREAM_TIMEOUT', 'ServiceUnavailableError'],
])('a service answer %i %s becomes a %s', (status, code, name) => {
  const mapped = asBackstageError(new AppError(status, code, 'what the service said'));
  expect(mapped.name).toBe(name);
  expect(mapped.message).toContain('what the service said');
  if (name === 'InputError') expect(mapped.message).toContain(code);
});

it('leaves errors that are not service answers as they are', () => {
  const bug = new TypeError('a bug');
  expect(asBackstageError(bug)).toBe(bug);
});
