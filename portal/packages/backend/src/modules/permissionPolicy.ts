import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { inventoryStockAdjustPermission } from '@internal/plugin-inventory-common';
import { regionFailoverTriggerPermission } from '@internal/plugin-region-failover-common';

/** Membership that makes someone an operator; everyone else is a developer. */
export const OPERATORS_GROUP = 'group:default/ops';

const OPERATOR_ONLY = [inventoryStockAdjustPermission, regionFailoverTriggerPermission];

/**
 * Operators (members of the `ops` group in the catalog) may change the running system:
 * adjust stock, trigger a failover. Everyone signed in may read everything else.
 */
export class GlobalRetailPermissionPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (OPERATOR_ONLY.some((permission) => isPermission(request.permission, permission))) {
      const isOperator = user?.info.ownershipEntityRefs.includes(OPERATORS_GROUP) ?? false;
      return { result: isOperator ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'globalretail-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new GlobalRetailPermissionPolicy());
      },
    });
  },
});
