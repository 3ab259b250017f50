import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { RegionTarget } from './services/regions';
import type { RegionStatusService } from './services/RegionStatusService';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  regions: RegionTarget[];
  status: RegionStatusService;
}): Promise<express.Router> {
  const { httpAuth, regions, status } = options;
  const router = Router();
  router.use(express.json());

  router.get('/regions', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ regions: await status.all() });
  });

  router.get('/regions/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const region = regions.find((r) => r.id === req.params.id);
    if (!region) throw new NotFoundError(`no region ${req.params.id} is configured`);
    res.json(await status.status(region));
  });

  return router;
}
