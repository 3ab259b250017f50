import type { Queryable } from '@globalretail/service-kit';
import type { Warehouse } from '../domain/types';

export async function listWarehouses(db: Queryable): Promise<Warehouse[]> {
  const { rows } = await db.query<Warehouse>(
    'SELECT id, name, region, city, country FROM inventory.warehouses ORDER BY id',
  );
  return rows;
}

export async function findWarehouse(db: Queryable, id: string): Promise<Warehouse | undefined> {
  const { rows } = await db.query<Warehouse>(
    'SELECT id, name, region, city, country FROM inventory.warehouses WHERE id = $1',
    [id],
  );
  return rows[0];
}
