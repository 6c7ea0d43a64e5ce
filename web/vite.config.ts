import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The adviser page: built into dist/web and served by the API at /app/. No inline script or
 * style ends up in the HTML (the API's Content-Security-Policy forbids them), and nothing is
 * fetched from another origin.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
});
