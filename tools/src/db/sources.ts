import path from 'node:path';
import type { MigrationSource } from '@globalretail/service-kit';

const repoRoot = path.resolve(__dirname, '../../..');
const service = (dir: string, schema: string): MigrationSource => ({
  schema,
  migrationsDir: path.join(repoRoot, 'services', dir, 'migrations'),
  seedsDir: path.join(repoRoot, 'services', dir, 'seeds'),
});

/** Every schema of crm_supply_db and the service that owns it, in dependency-free order. */
export const MIGRATION_SOURCES: MigrationSource[] = [
  service('crm-api', 'crm'),
  service('inventory-service', 'inventory'),
  service('logistics-service', 'logistics'),
  service('order-service', 'orders'),
  service('crm-analytics', 'sales_insight'),
  service('analytics-service', 'supply_analytics'),
];

export const DATABASE_NAME = 'crm_supply_db';
export { repoRoot };
