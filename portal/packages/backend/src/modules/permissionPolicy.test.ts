import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { inventoryStockAdjustPermission } from '@internal/plugin-inventory-common';
import { regionFailoverTriggerPermission } from '@internal/plugin-region-failover-common';
import { GlobalRetailPermissionPolicy } from './permissionPolicy';

const user = (ownershipEntityRefs: string[]): PolicyQueryUser =>
  ({
    identity: { type: 'user', userEntityRef: ownershipEntityRefs[0]!, ownershipEntityRefs },
    info: { userEntityRef: ownershipEntityRefs[0]!, ownershipEntityRefs },
    token: 'token',
    credentials: {},
  }) as unknown as PolicyQueryUser;

const policy = new GlobalRetailPermissionPolicy();
const ops = user(['user:default/ops', 'group:default/ops']);
const dana = user(['user:default/dana', 'group:default/team-crm']);
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

describe('GlobalRetailPermissionPolicy', () => {
  it.each([inventoryStockAdjustPermission, regionFailoverTriggerPermission])(
    'lets members of group ops, and nobody else, $name',
    async (permission) => {
      expect((await policy.handle({ permission }, ops)).result).toBe(AuthorizeResult.ALLOW);
      expect((await policy.handle({ permission }, dana)).result).toBe(AuthorizeResult.DENY);
      expect((await policy.handle({ permission })).result).toBe(AuthorizeResult.DENY);
    },
  );

  it('lets everyone signed in read the catalog', async () => {
    expect((await policy.handle({ permission: catalogRead }, dana)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });
});
