import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ProductStock, StockAdjustment } from '@internal/plugin-inventory-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { type InventoryApi, inventoryApiRef } from '../../api/InventoryApi';
import { InventoryPage } from './InventoryPage';

const shirt: ProductStock = {
  sku: 'GR-1001',
  name: 'Shirt',
  active: true,
  warehouses: [
    {
      warehouseId: 'wh-us-east-1',
      region: 'us-east-1',
      onHand: 12,
      reserved: 4,
      available: 8,
      lowStockThreshold: 10,
      low: true,
      updatedAt: null,
    },
  ],
};

function fakeApi(): jest.Mocked<InventoryApi> {
  return {
    getStock: jest.fn(async () => [shirt]),
    getHistory: jest.fn(async (_sku: string) => [
      {
        id: 1,
        sku: 'GR-1001',
        warehouseId: 'wh-us-east-1',
        change: 'adjust' as const,
        oldOnHand: 12,
        newOnHand: 30,
        oldReserved: null,
        newReserved: null,
        actorKind: 'service' as const,
        actor: 'portal',
        actorId: 'user:default/ops',
        reason: 'delivery',
        reservationId: null,
        at: '2026-11-22T08:00:00.000Z',
      },
    ]),
    adjustStock: jest.fn(async (_sku: string, _change: StockAdjustment) => ({ ...shirt })),
  };
}

const permission = (result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
  mockApis.permission({ authorize: result });

// One permission answer per file: usePermission caches answers (SWR) for the whole file.
describe('InventoryPage for a developer', () => {
  it('shows reserved vs available and highlights low stock', async () => {
    await renderInTestApp(<InventoryPage />, {
      apis: [
        [inventoryApiRef, fakeApi()],
        [permissionApiRef, permission(AuthorizeResult.DENY)],
      ],
    });
    expect(await screen.findByText('Stock by warehouse · 1 low')).toBeInTheDocument();
    const row = screen.getByText('wh-us-east-1').closest('tr')!;
    expect(within(row).getByText('12')).toBeInTheDocument();
    expect(within(row).getByText('4')).toBeInTheDocument();
    expect(within(row).getByText('8')).toBeInTheDocument();
    expect(within(row).getByText('low')).toBeInTheDocument();
  });

  it('disables adjusting for someone without the permission, and says why', async () => {
    await renderInTestApp(<InventoryPage />, {
      apis: [
        [inventoryApiRef, fakeApi()],
        [permissionApiRef, permission(AuthorizeResult.DENY)],
      ],
    });
    expect(await screen.findByText(/Adjusting them is for operators/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'adjust GR-1001 wh-us-east-1' })).toBeDisabled();
  });

  it("lets anyone read a product's change history", async () => {
    const api = fakeApi();
    await renderInTestApp(<InventoryPage />, {
      apis: [
        [inventoryApiRef, api],
        [permissionApiRef, permission(AuthorizeResult.DENY)],
      ],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'history GR-1001' }));
    expect(await screen.findByText('Changes to GR-1001')).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenCalledWith('GR-1001');
    expect(await screen.findByText('delivery')).toBeInTheDocument();
  });
});
