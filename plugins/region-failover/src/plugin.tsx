import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import PublicIcon from '@material-ui/icons/Public';
import { RegionFailoverClient, regionFailoverApiRef } from './api/RegionFailoverApi';

const rootRouteRef = createRouteRef();

const regionFailoverApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: regionFailoverApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: (deps) => new RegionFailoverClient(deps),
    }),
});

const regionsPage = PageBlueprint.make({
  params: {
    path: '/regions',
    title: 'Regions',
    icon: <PublicIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/RegionStatusPage').then((m) => <m.RegionStatusPage />),
  },
});

export const regionFailoverPlugin = createFrontendPlugin({
  pluginId: 'region-failover',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [regionFailoverApi, regionsPage],
});
