import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page is served by this service at /analytics/sales (directly and through the gateway,
// which forwards the path unchanged), so every asset URL carries that prefix.
export default defineConfig({
  root: 'web',
  base: '/analytics/sales/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // recharts is big; its own chunk keeps the app's chunk small and separately cacheable.
    rollupOptions: {
      output: { manualChunks: { charts: ['recharts'] } },
    },
  },
});
