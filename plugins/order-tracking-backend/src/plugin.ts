import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { createRouter } from './router';
import { OrderTrackingService } from './services/OrderTrackingService';
import { platformClientsFromConfig } from '@internal/platform-services-node';

/** Order tracking for the portal: orders, saga steps and shipment timelines from the services. */
export const orderTrackingPlugin = createBackendPlugin({
  pluginId: 'order-tracking',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, httpAuth, httpRouter }) {
        const clients = platformClientsFromConfig(config, [
          'crmApi',
          'orderService',
          'logisticsService',
        ]);
        const orders = new OrderTrackingService(clients, logger);
        httpRouter.use(await createRouter({ httpAuth, orders }));
      },
    });
  },
});
