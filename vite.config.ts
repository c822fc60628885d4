import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './scripts/vite-plugin-precache';

/**
 * Content Security Policy for the built app: nothing may be fetched from, or sent to, another origin.
 * 'wasm-unsafe-eval' lets tfjs and MediaPipe compile their WebAssembly; no JS eval is allowed.
 * Injected only at build time because Vite's dev server needs inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

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
    // The pages: the app, the backend diagnostics page (/backends.html), the data tools page
    // (/tools.html, driven by `npm run prepare-data` and `npm run evaluate`).
    // /analyze.html is the page `npx affectscope analyze` drives (scripts/analyze.mjs).
    rolldownOptions: { input: { main: 'index.html', backends: 'backends.html', tools: 'tools.html', analyze: 'analyze.html' } },
  },
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
