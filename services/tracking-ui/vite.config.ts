import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page lives at /track (the gateway routes it here unchanged), so every asset URL is
// under /track/. Nothing is inlined: the CSP allows only files from this origin.
export default defineConfig({
  root: path.join(__dirname, 'web'),
  base: '/track/',
  plugins: [react()],
  build: {
    outDir: path.join(__dirname, 'dist', 'web'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
  server: {
    port: 5200,
    // `vite` for development: the API through a locally running gateway.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
