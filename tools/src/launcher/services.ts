import path from 'node:path';
import { repoRoot } from '../db/sources';

export interface LocalService {
  name: string;
  port: number;
  /** Compiled entry point, relative to the repository root. */
  entry: string;
  /** Extra environment, given the ports of everything. */
  env: (urls: Record<string, string>) => Record<string, string>;
}

/** The services of the local system, in start order (dependencies first). */
export const LOCAL_SERVICES: LocalService[] = [
  {
    name: 'crm-api',
    port: 3000,
    entry: 'services/crm-api/dist/main.js',
    env: (u) => ({
      ORDER_SERVICE_URL: u['order-service']!,
      INVENTORY_URL: u['inventory-service']!,
    }),
  },
  {
    name: 'inventory-service',
    port: 4000,
    entry: 'services/inventory-service/dist/main.js',
    env: () => ({}),
  },
  {
    name: 'logistics-service',
    port: 5000,
    entry: 'services/logistics-service/dist/main.js',
    env: () => ({}),
  },
  {
    name: 'order-service',
    port: 6000,
    entry: 'services/order-service/dist/main.js',
    env: (u) => ({
      INVENTORY_URL: u['inventory-service']!,
      LOGISTICS_URL: u['logistics-service']!,
      OUTBOX_SUBSCRIBERS: `crm-api=${u['crm-api']}/events`,
    }),
  },
];

export const entryPath = (service: LocalService) => path.join(repoRoot, service.entry);
