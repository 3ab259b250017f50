import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard lives at /analytics/supply (the gateway routes it here unchanged). Nothing is
// inlined: the CSP allows only files from this origin.
export default defineConfig({
  root: path.join(__dirname, 'web'),
  base: '/analytics/supply/',
  plugins: [react()],
  build: {
    outDir: path.join(__dirname, 'dist', 'web'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    port: 5400,
    // `vite` for development: sign-in and data through a locally running gateway.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
