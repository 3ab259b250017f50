/**
 * The Global Retail developer portal's backend: the catalog (with the Kubernetes plugin for
 * both EKS clusters), sign-in, the permission policy, and the platform's own plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoAuthProviderModule } from './modules/demoAuthProvider';
import { localFilePlaceholdersModule } from './modules/localFilePlaceholders';
import { permissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

// Serves the production build of packages/app.
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(demoAuthProviderModule);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(localFilePlaceholdersModule);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@internal/plugin-order-tracking-backend'));
backend.add(import('@internal/plugin-inventory-backend'));
backend.add(import('@internal/plugin-region-failover-backend'));

void backend.start();

// Started by the local launcher (tools/start.sh) with an IPC channel: when it goes away, even
// SIGKILLed, so does the portal. Its stdout went with it, so write errors are dropped.
if (process.send) {
  process.once('disconnect', () => {
    process.stdout.on('error', () => undefined);
    process.stderr.on('error', () => undefined);
    setTimeout(() => process.exit(0), 10_000).unref();
    void backend.stop().finally(() => process.exit(0));
  });
}
