import type { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { inventoryStockAdjustPermission } from '@internal/plugin-inventory-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { InventoryService } from './services/InventoryService';

const SKU = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

const adjustBody = z
  .object({
    warehouseId: z.string().regex(/^wh-[a-z0-9][a-z0-9-]{1,40}$/, 'not a warehouse id'),
    onHand: z.number().int().min(0).max(1_000_000),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(200),
  })
  .strict();

const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

function skuOf(req: express.Request): string {
  const sku = req.params.sku ?? '';
  if (!SKU.test(sku)) throw new InputError(`"${sku}" is not a SKU`);
  return sku;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  inventory: InventoryService;
}): Promise<express.Router> {
  const { httpAuth, permissions, inventory } = options;
  const router = Router();
  router.use(express.json());

  router.get('/stock', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ products: await inventory.stock() });
  });

  router.get('/stock/:sku/history', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const query = historyQuery.safeParse(req.query);
    if (!query.success) throw new InputError(describe(query.error));
    res.json({ entries: await inventory.history(skuOf(req), query.data.limit) });
  });

  router.post('/stock/:sku/adjust', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Permission first: someone who may not adjust stock is told so, whatever they sent,
    // and nothing reaches inventory-service.
    const [decision] = await permissions.authorize(
      [{ permission: inventoryStockAdjustPermission }],
      { credentials },
    );
    if (decision?.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('only operators (group ops) may adjust stock');
    }
    const sku = skuOf(req);
    const body = adjustBody.safeParse(req.body);
    if (!body.success) throw new InputError(describe(body.error));
    res.json(await inventory.adjust(sku, body.data, credentials.principal.userEntityRef));
  });

  return router;
}
