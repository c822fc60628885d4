import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './tools/build/vite-plugin-precache';
import { CONTENT_SECURITY_POLICY } from './bin/lib/content-security-policy.mjs';

/**
 * The policy as a <meta> in the built pages; the same constant is the header of `vite preview` (below) and
 * of the CLI's static server (bin/lib/static-server.mjs). Injected only at build time because Vite's
 * dev server needs inline scripts for hot reload.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'affectscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  // precacheServiceWorker: dist/precache-manifest.json + dist/sw.js, the app offline after its first load.
  plugins: [react(), contentSecurityPolicy(), precacheServiceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // The pages: the app, and the pages without React (their code in src/app/pages/): the backend
    // diagnostics page (/backends.html), the data tools page (/tools.html, driven by `npm run prepare-data`
    // and `npm run evaluate`), and /analyze.html, the page `npx affectscope analyze` drives (bin/affectscope.mjs).
    rolldownOptions: { input: { main: 'index.html', backends: 'backends.html', tools: 'tools.html', analyze: 'analyze.html' } },
  },
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts', 'bench/**/*.test.ts', 'tools/**/*.test.ts', 'test-support/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
