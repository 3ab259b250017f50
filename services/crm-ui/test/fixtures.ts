import type { Order, Product } from '../web/src/lib/types';

export const product = (overrides: Partial<Product> = {}): Product => ({
  sku: 'GR-1001',
  name: "Men's Classic Oxford Shirt",
  description: 'Button-down cotton oxford, regular fit.',
  category: 'apparel',
  priceCents: 3999,
  currency: 'USD',
  active: true,
  availability: { 'us-east-1': 420, 'eu-west-1': 180 },
  totalAvailable: 600,
  ...overrides,
});

export const order = (overrides: Partial<Order> = {}): Order => ({
  id: 'a0000000-0000-4000-8000-000000000001',
  customerId: 'c0000000-0000-4000-8000-000000000001',
  status: 'CONFIRMED',
  region: 'us-east-1',
  lines: [
    {
      sku: 'GR-1001',
      productName: "Men's Classic Oxford Shirt",
      quantity: 2,
      unitPriceCents: 3999,
    },
  ],
  totalCents: 7998,
  currency: 'USD',
  shipTo: {
    name: 'Ava Thompson',
    line1: '350 Fifth Avenue',
    city: 'New York',
    postalCode: '10118',
    country: 'US',
  },
  serviceLevel: 'standard',
  trackingNumbers: ['GRFG52M9CYT7KYZX0DC'],
  failureReason: null,
  createdAt: '2026-01-10T12:00:00.000Z',
  updatedAt: '2026-01-10T12:00:01.000Z',
  ...overrides,
});

export const errorBody = (code: string, message = code.toLowerCase(), details?: unknown) => ({
  error: { code, message, ...(details === undefined ? {} : { details }) },
});
