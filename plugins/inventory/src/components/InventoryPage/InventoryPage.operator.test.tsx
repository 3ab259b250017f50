import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ProductStock, StockAdjustment } from '@internal/plugin-inventory-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
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
describe('InventoryPage for an operator', () => {
  it('lets an operator set a level with a reason, then shows the history', async () => {
    const api = fakeApi();
    await renderInTestApp(<InventoryPage />, {
      apis: [
        [inventoryApiRef, api],
        [permissionApiRef, permission(AuthorizeResult.ALLOW)],
      ],
    });
    const adjust = await screen.findByRole('button', { name: 'adjust GR-1001 wh-us-east-1' });
    await waitFor(() => expect(adjust).toBeEnabled());
    fireEvent.click(adjust);
    fireEvent.change(screen.getByLabelText('on hand'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText('reason'), { target: { value: 'delivery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.adjustStock).toHaveBeenCalledWith('GR-1001', {
        warehouseId: 'wh-us-east-1',
        onHand: 30,
        reason: 'delivery',
      }),
    );
    expect(await screen.findByText('Changes to GR-1001')).toBeInTheDocument();
    expect(await screen.findByText('user:default/ops (via portal)')).toBeInTheDocument();
  });

  it('keeps the dialog open with the reason when the change is refused', async () => {
    const api = fakeApi();
    api.adjustStock.mockRejectedValue(new Error('STOCK_BELOW_RESERVED: 4 units are held'));
    await renderInTestApp(<InventoryPage />, {
      apis: [
        [inventoryApiRef, api],
        [permissionApiRef, permission(AuthorizeResult.ALLOW)],
      ],
    });
    const adjust = await screen.findByRole('button', { name: 'adjust GR-1001 wh-us-east-1' });
    await waitFor(() => expect(adjust).toBeEnabled());
    fireEvent.click(adjust);
    fireEvent.change(screen.getByLabelText('on hand'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('reason'), { target: { value: 'count' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('STOCK_BELOW_RESERVED');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
