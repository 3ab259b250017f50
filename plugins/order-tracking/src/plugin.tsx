import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { ApiBlueprint, createFrontendPlugin, PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import LocalShippingIcon from '@material-ui/icons/LocalShipping';
import { OrderTrackingClient, orderTrackingApiRef } from './api/OrderTrackingApi';
import { rootRouteRef } from './routes';

/** The catalog annotation that puts the Orders tab on a service's page. */
export const ORDER_TRACKING_ANNOTATION = 'globalretail.com/order-tracking';

const orderTrackingApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: orderTrackingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: (deps) => new OrderTrackingClient(deps),
    }),
});

const orderTrackingPage = PageBlueprint.make({
  params: {
    path: '/order-tracking',
    title: 'Order tracking',
    icon: <LocalShippingIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/OrderTrackingPage').then((m) => <m.OrderTrackingPage />),
  },
});

const entityOrdersContent = EntityContentBlueprint.make({
  name: 'orders',
  params: {
    path: 'orders',
    title: 'Orders',
    filter: (entity) => entity.metadata.annotations?.[ORDER_TRACKING_ANNOTATION] === 'true',
    loader: () => import('./components/EntityOrdersContent').then((m) => <m.EntityOrdersContent />),
  },
});

export const orderTrackingPlugin = createFrontendPlugin({
  pluginId: 'order-tracking',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [orderTrackingApi, orderTrackingPage, entityOrdersContent],
});
