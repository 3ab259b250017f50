import { expect, test } from '@playwright/test';
import { setStock, signIn, stockOf } from './support';

test('a customer orders, sees the confirmation and tracks the parcel as it moves', async ({
  page,
  request,
}) => {
  await setStock(request, 'GR-1002', 50, 50);
  await signIn(page, 'ava@globalretail.example');
  await page.getByRole('button', { name: 'Add GR-1002 to cart' }).click();
  await page.getByRole('link', { name: /cart/i }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByRole('heading', { name: 'Order confirmed' })).toBeVisible();
  const trackingLink = page.getByRole('link', { name: /^GR[0-9A-Z]{17}$/ }).first();
  const trackingNumber = (await trackingLink.textContent())!.trim();

  await page.goto(`/track/${trackingNumber}`);
  await expect(page.getByText(trackingNumber).first()).toBeVisible();
  await expect(page.getByText(/label created/i).first()).toBeVisible();
  // The carrier clock runs fast in this system: the timeline grows without a reload.
  await expect(page.getByText(/picked up/i).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/delivered/i).first()).toBeVisible({ timeout: 45_000 });
});

test('an out-of-stock order shows its message and changes nothing', async ({ page, request }) => {
  await setStock(request, 'GR-1009', 1, 0);
  const before = await stockOf(request, 'GR-1009');
  await signIn(page, 'ava@globalretail.example');
  await page.getByRole('button', { name: 'Add GR-1009 to cart' }).click();
  await page.getByRole('link', { name: /cart/i }).click();
  await page.getByLabel(/quantity of GR-1009/i).fill('3');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByRole('alert')).toContainText(/out of stock|not enough/i);
  expect(await stockOf(request, 'GR-1009')).toEqual(before);
});
