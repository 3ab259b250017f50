import {
  withTransaction,
  type HttpClient,
  type Logger,
  type Pool,
} from '@globalretail/service-kit';
import { z } from 'zod';
import type { AnalyticsMetrics } from '../metrics';
import { applySnapshotLevel, recordSnapshot } from '../repositories/stock';

const productsAnswer = z.object({ products: z.array(z.object({ sku: z.string() })) });
const inventoryAnswer = z.object({
  sku: z.string(),
  warehouses: z.array(
    z.object({
      warehouseId: z.string(),
      region: z.string().nullish(),
      onHand: z.number().int(),
      reserved: z.number().int(),
      lowStockThreshold: z.number().int().nullish(),
      updatedAt: z.string().nullable(),
    }),
  ),
});

/**
 * Reads every stock level from inventory-service (`GET /products`, then `GET /inventory/:sku`)
 * to give each row a base level; events then move it. Needed because reservation events
 * carry only what moved, not the level. Each row's snapshot is stamped with the row's
 * `updatedAt`, which is the time of the transaction that last changed it, and so also the
 * `occurredAt` of that transaction's events: a movement counts on top of the snapshot only
 * when it happened later. A snapshot never replaces a newer base, so taking one while events
 * flow, or on every start, is safe.
 */
export class StockBootstrap {
  private completed = false;

  constructor(
    private readonly deps: {
      pool: Pool;
      inventory: HttpClient;
      inventoryUrl: string;
      logger: Logger;
      metrics: AnalyticsMetrics;
      concurrency?: number;
    },
  ) {}

  get done(): boolean {
    return this.completed;
  }

  /** Takes the snapshot unless one was taken by this process already (loop tick). */
  async runOnce(): Promise<void> {
    if (this.completed) return;
    await this.snapshot();
  }

  async snapshot(): Promise<{ products: number; rowsApplied: number }> {
    const { inventory, pool, logger, metrics } = this.deps;
    const startedAt = new Date();
    try {
      const products = productsAnswer.parse(
        (await inventory.request({ method: 'GET', path: '/products?includeInactive=true' })).body,
      ).products;
      let rowsApplied = 0;
      const queue = [...products];
      const worker = async () => {
        for (let product = queue.shift(); product; product = queue.shift()) {
          rowsApplied += await this.snapshotSku(product.sku);
        }
      };
      await Promise.all(Array.from({ length: this.deps.concurrency ?? 4 }, worker));
      await recordSnapshot(pool, {
        source: this.deps.inventoryUrl,
        products: products.length,
        rowsApplied,
        startedAt,
      });
      this.completed = true;
      metrics.snapshots.inc({ result: 'ok' });
      logger.info({ products: products.length, rowsApplied }, 'stock snapshot taken');
      return { products: products.length, rowsApplied };
    } catch (err) {
      metrics.snapshots.inc({ result: 'failed' });
      throw err;
    }
  }

  private async snapshotSku(sku: string): Promise<number> {
    const answer = inventoryAnswer.parse(
      (
        await this.deps.inventory.request({
          method: 'GET',
          path: `/inventory/${encodeURIComponent(sku)}`,
        })
      ).body,
    );
    // Never stocked there (no row, no updatedAt): nothing to base anything on.
    const rows = answer.warehouses.filter((w) => w.updatedAt !== null);
    return withTransaction(this.deps.pool, async (tx) => {
      let applied = 0;
      for (const w of rows) {
        const changed = await applySnapshotLevel(tx, {
          sku: answer.sku,
          warehouseId: w.warehouseId,
          region: w.region ?? null,
          onHand: w.onHand,
          reserved: w.reserved,
          threshold: w.lowStockThreshold ?? null,
          at: new Date(w.updatedAt!),
        });
        if (changed) applied++;
      }
      return applied;
    });
  }
}
