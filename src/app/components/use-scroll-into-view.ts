import { useEffect, useRef } from 'react';

/**
 * A panel that opens in answer to a button elsewhere on the page (Replay, Try it) scrolls itself into view and takes
 * the focus, so the person sees what their click did, on a phone too. Runs again when `key` changes.
 */
export function useScrollIntoView<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }, [key]);
  return ref;
}
