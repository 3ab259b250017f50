import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { OrderDetails, OrderSummary } from '@internal/plugin-order-tracking-common';
import { fireEvent, screen } from '@testing-library/react';
import { type OrderTrackingApi, orderTrackingApiRef } from '../../api/OrderTrackingApi';
import { OrderTrackingPage } from './OrderTrackingPage';

const order: OrderSummary = {
  id: '6f1b7c9e-0000-4000-8000-000000000001',
  customerEmail: 'ava@globalretail.example',
  status: 'CONFIRMED',
  region: 'us-east-1',
  totalCents: 3999,
  currency: 'USD',
  trackingNumbers: ['GRT1ABCDEFGH'],
  failureReason: null,
  createdAt: '2026-11-22T08:00:00.000Z',
  updatedAt: '2026-11-22T08:00:01.000Z',
};

const details: OrderDetails = {
  order: {
    ...order,
    lines: [{ sku: 'GR-1001', productName: 'Shirt', quantity: 1, unitPriceCents: 3999 }],
    supplyOrderId: 'a3ce2aa7-9c13-42b3-a236-0b80fd6112f5',
  },
  saga: {
    id: 'a3ce2aa7-9c13-42b3-a236-0b80fd6112f5',
    status: 'CONFIRMED',
    sagaStep: 'DONE',
    failureCode: null,
    failureReason: null,
    log: [{ step: 'RESERVE_STOCK', outcome: 'ok', detail: null, at: '2026-11-22T08:00:00.100Z' }],
  },
  shipments: [
    {
      trackingNumber: 'GRT1ABCDEFGH',
      status: 'LABEL_CREATED',
      carrier: 'UPS',
      estimatedDeliveryAt: null,
      events: [
        {
          status: 'LABEL_CREATED',
          description: 'Label printed',
          location: 'Newark',
          at: '2026-11-22T08:00:00.200Z',
        },
      ],
    },
  ],
  unavailable: ['shipments (logistics-service)'],
};

function fakeApi(): jest.Mocked<OrderTrackingApi> {
  return {
    searchOrders: jest.fn(async (_options?: object) => [order]),
    getOrder: jest.fn(async (_orderId: string) => details),
  };
}

describe('OrderTrackingPage', () => {
  it('lists recent orders and searches with what was typed', async () => {
    const api = fakeApi();
    await renderInTestApp(<OrderTrackingPage />, { apis: [[orderTrackingApiRef, api]] });
    expect(await screen.findByText(order.id)).toBeInTheDocument();
    expect(api.searchOrders).toHaveBeenCalledWith({ query: undefined, limit: 25 });

    fireEvent.change(screen.getByLabelText('search orders'), {
      target: { value: ' ava@globalretail.example ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(
      await screen.findByText('Orders matching "ava@globalretail.example"'),
    ).toBeInTheDocument();
    expect(api.searchOrders).toHaveBeenLastCalledWith({
      query: 'ava@globalretail.example',
      limit: 25,
    });
  });

  it("shows an order's saga steps, its shipment timeline and what could not be loaded", async () => {
    const api = fakeApi();
    await renderInTestApp(<OrderTrackingPage />, { apis: [[orderTrackingApiRef, api]] });
    fireEvent.click(await screen.findByRole('button', { name: order.id }));
    expect(await screen.findByText('RESERVE_STOCK')).toBeInTheDocument();
    expect(screen.getByText('Label printed')).toBeInTheDocument();
    expect(screen.getByText(/Could not load: shipments \(logistics-service\)/)).toBeInTheDocument();
    expect(api.getOrder).toHaveBeenCalledWith(order.id);
  });

  it('says why when the search fails', async () => {
    const api = fakeApi();
    api.searchOrders.mockRejectedValue(new Error('order-service is unavailable'));
    await renderInTestApp(<OrderTrackingPage />, { apis: [[orderTrackingApiRef, api]] });
    expect(await screen.findByText('Error: order-service is unavailable')).toBeInTheDocument();
  });
});
