// A minimal static file server for a built app folder (the command-line tools' headless Chromium reads
// the app from it): GET/HEAD only, no directory listings, nothing outside the folder, on 127.0.0.1, with
// the same Content-Security-Policy header as `vite preview`.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8', '.webm': 'video/webm',
};

/** True when `url` (a URL or string) has exactly `origin` (scheme, host and port): `${origin}@evil/` has another host. */
export function isSameOrigin(url, origin) {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** The decoded path of a request URL, or null when it is malformed (a bad %-escape). */
function requestPath(url) {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return null;
  }
}

/** Serves `root` on a free port of 127.0.0.1; resolves with its origin and a close(). */
export function serveStatic(root) {
  const server = createServer((request, response) => {
    const answer = (status, text) => response.writeHead(status, { 'content-type': 'text/plain', 'content-security-policy': CONTENT_SECURITY_POLICY }).end(text);
    const path = requestPath(request.url);
    if (path === null) {
      answer(400, 'malformed URL');
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    let size = -1;
    try {
      if (file.startsWith(root + sep) && (request.method === 'GET' || request.method === 'HEAD')) {
        const stat = statSync(file);
        if (stat.isFile()) size = stat.size;
      }
    } catch { /* not found */ }
    if (size < 0) {
      answer(404, 'not found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
