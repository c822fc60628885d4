/**
 * Content Security Policy for the built app: nothing may be fetched from, or sent to, another origin.
 * 'wasm-unsafe-eval' lets tfjs and MediaPipe compile their WebAssembly; no JS eval is allowed.
 * One constant for the <meta> the build injects, the header of `vite preview` (vite.config.ts) and the
 * header of the command-line tools' static server (static-server.mjs).
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
