/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// In development the API runs separately (standalone backend on :7071); the dev server proxies /api
// so the app keeps using same-origin URLs exactly as it does when the backend serves dist/.
const apiTarget = process.env.STORESYNC_API ?? 'http://127.0.0.1:7071';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    rollupOptions: {
      // The standalone server revalidates files named index*; hashed bundles get their own name so
      // they are cached as immutable.
      output: { entryFileNames: 'assets/app-[hash].js', assetFileNames: 'assets/app-[hash][extname]' },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    // openapi/: the drift check of the types generated from the API's document.
    include: ['src/**/*.test.{ts,tsx}', 'openapi/**/*.test.ts'],
    css: false,
    restoreMocks: true,
  },
});
