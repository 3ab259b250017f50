// Browser tests: real Chromium (Debian's, Playwright cannot download one here) against the
// whole system started by global-setup.ts on ports +20000 with a fresh embedded database.
import { defineConfig } from '@playwright/test';

export const GATEWAY_URL = 'http://127.0.0.1:28080';
export const PORTAL_URL = 'http://127.0.0.1:27007';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    baseURL: GATEWAY_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
