import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `vite` dev mode the API calls go where the gateway would send them (its URL map).
const crmApi = process.env.CRM_API_URL ?? 'http://127.0.0.1:3000';
const inventory = process.env.INVENTORY_URL ?? 'http://127.0.0.1:4000';
const logistics = process.env.LOGISTICS_URL ?? 'http://127.0.0.1:5000';
const stripApi = (path: string) => path.replace(/^\/api/, '');
const to = (target: string) => ({ target, changeOrigin: true, rewrite: stripApi });

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Small app: one JS and one CSS file, no inline <script>, so the CSP can stay 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    port: 3101,
    proxy: {
      '/api/auth': to(crmApi),
      '/api/customers': to(crmApi),
      '/api/orders': to(crmApi),
      '/api/products': to(inventory),
      '/api/tracking': to(logistics),
    },
  },
});
