/**
 * Nothing leaves the device: MediaPipe tasks-vision POSTs usage telemetry to a Google host with
 * `fetch`. This guard answers every request to another origin locally with HTTP 403 (so the
 * library stops logging quietly) instead of letting it reach the network or the CSP.
 */
export interface BlockedRequest {
  url: string;
  method: string;
}

export function installOffOriginFetchGuard(
  scope: { fetch: typeof fetch; location: { origin: string } },
  onBlocked: (request: BlockedRequest) => void = () => {},
): () => void {
  const originalFetch = scope.fetch;
  const guarded: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const resolved = new URL(url, scope.location.origin);
    const local = resolved.origin === scope.location.origin || resolved.protocol === 'blob:' || resolved.protocol === 'data:';
    if (!local) {
      onBlocked({ url: resolved.href, method: init?.method ?? 'GET' });
      return Promise.resolve(new Response(null, { status: 403, statusText: 'blocked by affectscope: off-origin request' }));
    }
    return originalFetch.call(scope, input, init);
  };
  scope.fetch = guarded;
  return () => {
    scope.fetch = originalFetch;
  };
}

/**
 * MediaPipe's wasm prints its informational log lines (e.g. "INFO: Created TensorFlow Lite XNNPACK
 * delegate for CPU.") through stderr, which Emscripten maps to console.error. Route lines that say
 * they are informational to console.info so real errors stay visible as errors.
 */
export function downgradeInformationalStderr(target: Console = console): void {
  const error = target.error.bind(target);
  target.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /^(INFO:|I\d{4} )/.test(args[0])) target.info(...args);
    else error(...args);
  };
}
