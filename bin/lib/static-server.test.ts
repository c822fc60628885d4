import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.mjs';
import { isSameOrigin, serveStatic } from './static-server.mjs';

let root: string;
let server: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'affectscope-static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  server = await serveStatic(root);
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serveStatic', () => {
  it('answers a malformed URL with 400 and keeps serving', async () => {
    const bad = await fetch(`${server.origin}/%E0%A4%A`);
    expect(bad.status).toBe(400);
    const good = await fetch(`${server.origin}/`);
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('<title>x</title>');
  });

  it('sends the Content-Security-Policy vite preview sends, on every answer', async () => {
    for (const path of ['/', '/index.html', '/missing.js', '/%E0%A4%A']) {
      expect((await fetch(`${server.origin}${path}`)).headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval';/);
  });

  it('serves nothing outside its folder', async () => {
    expect((await fetch(`${server.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('tells its own origin from a URL that only starts like it', () => {
    const origin = 'http://127.0.0.1:41234';
    expect(isSameOrigin(new URL(`${origin}/analyze.html?x=1`), origin)).toBe(true);
    expect(isSameOrigin(`${origin}/`, origin)).toBe(true);
    // A prefix check lets these through: user info before another host, and a longer port.
    expect(`${origin}@example.com/`.startsWith(origin)).toBe(true);
    expect(isSameOrigin(new URL(`${origin}@example.com/`), origin)).toBe(false);
    expect(isSameOrigin(`${origin}5/`, origin)).toBe(false);
    expect(isSameOrigin('https://127.0.0.1:41234/', origin)).toBe(false);
    expect(isSameOrigin('not a url', origin)).toBe(false);
  });
});
