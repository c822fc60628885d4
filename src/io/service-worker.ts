/**
 * Registers the offline service worker (/sw.js, built from src/sw/sw.ts) at the root scope.
 * A failure leaves the app working online; it is reported with console.warn, not thrown.
 */
export function registerServiceWorker(scriptUrl = '/sw.js', container: ServiceWorkerContainer | undefined = navigator.serviceWorker): void {
  if (!container) return; // no service workers (e.g. http on another host, or a private-mode policy)
  container.register(scriptUrl, { scope: '/' }).catch((error: unknown) => {
    console.warn('affectscope: offline mode unavailable, the service worker did not register:', error);
  });
}
