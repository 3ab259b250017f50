import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { apiToken, PASSWORD, setStock } from './support';

async function operatorSignIn(page: Page, path: string) {
  await page.goto(path);
  const email = page.getByLabel('Email');
  if (await email.isVisible()) {
    await email.fill('ops@globalretail.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
}

test('the analytics dashboards show a new order', async ({ page, request }) => {
  await operatorSignIn(page, '/analytics/sales');
  const salesOrders = page
    .locator('.key-figures .figure')
    .filter({ has: page.getByRole('heading', { name: 'Orders', exact: true }) })
    .locator('.value');
  await expect(salesOrders).toHaveText(/^\d+$/);
  const salesBefore = Number(await salesOrders.textContent());

  await operatorSignIn(page, '/analytics/supply');
  const supplyOrders = page
    .locator('.kpi')
    .filter({ hasText: 'Orders, last 60 min' })
    .locator('.kpi-value');
  await expect(supplyOrders).toHaveText(/^\d+$/);
  const supplyBefore = Number(await supplyOrders.textContent());

  // A new order by another customer, through the gateway.
  await setStock(request, 'GR-1003', 20, 20);
  const token = await apiToken(request, 'elias@globalretail.example');
  const placed = await request.post('/api/orders', {
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    data: { lines: [{ sku: 'GR-1003', quantity: 1 }] },
  });
  expect(placed.status()).toBe(201);

  // The supply dashboard updates live from its stream; the sales one on reload.
  await expect(supplyOrders).toHaveText(String(supplyBefore + 1), { timeout: 20_000 });
  await expect
    .poll(
      async () => {
        await page.goto('/analytics/sales');
        return Number(await salesOrders.textContent());
      },
      { timeout: 20_000 },
    )
    .toBe(salesBefore + 1);
});
