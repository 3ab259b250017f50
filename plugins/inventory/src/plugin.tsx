import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import { InventoryClient, inventoryApiRef } from './api/InventoryApi';

/** The catalog annotation that puts the Stock tab on a service's page. */
export const INVENTORY_ANNOTATION = 'globalretail.com/inventory';

const rootRouteRef = createRouteRef();

const inventoryApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: inventoryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: (deps) => new InventoryClient(deps),
    }),
});

const inventoryPage = PageBlueprint.make({
  params: {
    path: '/inventory',
    title: 'Inventory',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/InventoryPage').then((m) => <m.InventoryPage />),
  },
});

const entityStockContent = EntityContentBlueprint.make({
  name: 'stock',
  params: {
    path: 'stock',
    title: 'Stock',
    filter: (entity) => entity.metadata.annotations?.[INVENTORY_ANNOTATION] === 'true',
    loader: () => import('./components/InventoryPage').then((m) => <m.InventoryPage />),
  },
});

export const inventoryPlugin = createFrontendPlugin({
  pluginId: 'inventory',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [inventoryApi, inventoryPage, entityStockContent],
});
