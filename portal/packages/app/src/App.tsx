import { createApp } from '@backstage/frontend-defaults';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import inventoryPlugin from '@internal/plugin-inventory';
import orderTrackingPlugin from '@internal/plugin-order-tracking';
import regionFailoverPlugin from '@internal/plugin-region-failover';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * The portal's features, listed rather than discovered so the app is the same however it is
 * built: the catalog and its graph, API docs, Kubernetes, org, settings, and the platform's
 * own plugins.
 */
export default createApp({
  features: [
    catalogPlugin,
    catalogGraphPlugin,
    apiDocsPlugin,
    kubernetesPlugin,
    orgPlugin,
    userSettingsPlugin,
    orderTrackingPlugin,
    inventoryPlugin,
    regionFailoverPlugin,
    navModule,
    signInModule,
  ],
});
