/**
 * The Backstage developer portal in Chromium, against the running system: the catalog, order
 * tracking of an order placed through crm-api, stock adjustment (operators only) and the
 * region page.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { GATEWAY_URL, PORTAL_URL } from '../playwright.config';
import { PASSWORD } from './support';

const NINE_SERVICES = [
  'analytics-service',
  'api-gateway',
  'crm-analytics',
  'crm-api',
  'crm-ui',
  'inventory-service',
  'logistics-service',
  'order-service',
  'tracking-ui',
];

test.use({ baseURL: PORTAL_URL });

async function portalSignIn(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('email').fill(email);
  await page.getByLabel('password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeHidden();
}

/** A portal token the way the sign-in page gets one. */
async function portalToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.get(`${PORTAL_URL}/api/auth/demo/refresh`, {
    headers: { 'x-demo-email': email, 'x-demo-password': PASSWORD },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
}

test('a developer sees the nine services in the catalog', async ({ page }) => {
  await portalSignIn(page, 'dana@globalretail.example');
  await page.goto('/?filters[kind]=component&filters[user]=all');
  await expect(page.getByText('All Components (9)')).toBeVisible();
  for (const name of NINE_SERVICES) {
    await expect(
      page.locator(`a[href$="/catalog/default/component/${name}"]`).first(),
    ).toBeVisible();
  }
});

test('an order placed through crm-api shows in order tracking with its timeline', async ({
  page,
  request,
}) => {
  const login = await request.post(`${GATEWAY_URL}/api/auth/login`, {
    data: { email: 'ava@globalretail.example', password: PASSWORD },
  });
  const { token } = (await login.json()) as { token: string };
  const placed = await request.post(`${GATEWAY_URL}/api/orders`, {
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    data: { lines: [{ sku: 'GR-1005', quantity: 1 }] },
  });
  expect(placed.status()).toBe(201);
  const order = (await placed.json()) as { id: string; trackingNumbers: string[] };

  await portalSignIn(page, 'dana@globalretail.example');
  await page.goto('/order-tracking');
  await page.getByLabel('search orders').fill(order.id);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: order.id }).click();
  const details = page.getByTestId('order-details');
  await expect(details.getByText('ava@globalretail.example')).toBeVisible();
  await expect(details.getByText('Saga steps')).toBeVisible();
  await expect(details.getByText(/reserve/i).first()).toBeVisible();
  await expect(
    details.getByText(`Shipment ${order.trackingNumbers[0]}`, { exact: false }),
  ).toBeVisible();
});

test('an operator adjusts stock; a developer is refused', async ({ page, request }) => {
  await portalSignIn(page, 'ops@globalretail.example');
  await page.goto('/inventory');
  await page.getByPlaceholder('Filter').fill('GR-1011');
  await page.getByRole('button', { name: 'adjust GR-1011 wh-eu-west-1' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('on hand').fill('345');
  await dialog.getByLabel('reason').fill('cycle count in the browser test');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Changes to GR-1011')).toBeVisible();
  await expect(page.getByText('user:default/ops (via portal)').first()).toBeVisible();
  await expect(page.getByText('cycle count in the browser test').first()).toBeVisible();

  const stock = await request.get(`${GATEWAY_URL}/api/inventory/GR-1011`);
  const levels = (await stock.json()) as { warehouses: { warehouseId: string; onHand: number }[] };
  expect(levels.warehouses.find((w) => w.warehouseId === 'wh-eu-west-1')?.onHand).toBe(345);

  // The developer: the button is disabled in the UI and the API answers 403.
  await page.evaluate(() => sessionStorage.clear());
  await page.context().clearCookies();
  await portalSignIn(page, 'dana@globalretail.example');
  await page.goto('/inventory');
  await expect(page.getByText('Adjusting them is for operators')).toBeVisible();
  await page.getByPlaceholder('Filter').fill('GR-1011');
  await expect(page.getByRole('button', { name: 'adjust GR-1011 wh-eu-west-1' })).toBeDisabled();
  const refused = await request.post(`${PORTAL_URL}/api/inventory/stock/GR-1011/adjust`, {
    headers: { authorization: `Bearer ${await portalToken(request, 'dana@globalretail.example')}` },
    data: { warehouseId: 'wh-eu-west-1', onHand: 1, reason: 'not mine to do' },
  });
  expect(refused.status()).toBe(403);
});

test('the region page shows us-east-1 healthy', async ({ page }) => {
  await portalSignIn(page, 'ops@globalretail.example');
  await page.goto('/regions');
  const us = page.getByTestId('region-us-east-1');
  await expect(us.getByText('healthy', { exact: true })).toBeVisible();
  await expect(us.getByText('primary').first()).toBeVisible();
  await expect(
    page.getByTestId('region-eu-west-1').getByText('unreachable', { exact: true }),
  ).toBeVisible();
});

test('with no cluster reachable, the Kubernetes tab says so for each cluster', async ({ page }) => {
  await portalSignIn(page, 'dana@globalretail.example');
  await page.goto('/catalog/default/component/crm-api/kubernetes');
  await page.getByText('There was a problem retrieving Kubernetes objects').click();
  for (const cluster of ['eks-us-east-1', 'eks-eu-west-1']) {
    await expect(page.getByText(`Cluster: ${cluster}`)).toBeVisible();
  }
  // The pods are looked up by the label the GitOps manifests put on them.
  await expect(
    page
      .getByText(/Error communicating with Kubernetes.*app\.kubernetes\.io%2Fname%3Dcrm-api/)
      .first(),
  ).toBeVisible();
});
