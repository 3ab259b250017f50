import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { inventoryPermissions } from '@internal/plugin-inventory-common';
import { createRouter } from './router';
import { InventoryService } from './services/InventoryService';

/** Stock per SKU and warehouse for the portal, and the operators' audited stock adjustment. */
export const inventoryPlugin = createBackendPlugin({
  pluginId: 'inventory',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ config, httpAuth, httpRouter, permissions, permissionsRegistry }) {
        permissionsRegistry.addPermissions(inventoryPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            inventory: InventoryService.fromConfig(config),
          }),
        );
      },
    });
  },
});
