import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'demo-password';

export async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: /sign out/i })).toBeVisible();
}

export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Sets a SKU's stock in both warehouses through the gateway, as an operator. */
export async function setStock(request: APIRequestContext, sku: string, us: number, eu: number) {
  const token = await apiToken(request, 'ops@globalretail.example');
  for (const [warehouseId, onHand] of [
    ['wh-us-east-1', us],
    ['wh-eu-west-1', eu],
  ] as const) {
    const res = await request.put(`/api/inventory/${sku}`, {
      headers: { authorization: `Bearer ${token}` },
      data: { warehouseId, onHand, reason: 'browser test setup' },
    });
    expect(res.status()).toBe(200);
  }
}

export async function stockOf(request: APIRequestContext, sku: string) {
  const res = await request.get(`/api/inventory/${sku}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { totals: { onHand: number; reserved: number; available: number } };
}
