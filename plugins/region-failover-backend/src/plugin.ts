import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { regionFailoverPermissions } from '@internal/plugin-region-failover-common';
import { createRouter } from './router';
import { regionsFromConfig } from './services/regions';
import { RegionStatusService } from './services/RegionStatusService';

/** Region health for operators; the failover action joins it (guarded by its permission). */
export const regionFailoverPlugin = createBackendPlugin({
  pluginId: 'region-failover',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ config, logger, httpAuth, httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(regionFailoverPermissions);
        const regions = regionsFromConfig(config);
        if (regions.length === 0) logger.warn('regionFailover.regions is empty: no region to show');
        const status = new RegionStatusService(
          regions,
          config.getOptionalNumber('regionFailover.timeoutMs') ?? 3000,
        );
        httpRouter.use(await createRouter({ httpAuth, regions, status }));
      },
    });
  },
});
