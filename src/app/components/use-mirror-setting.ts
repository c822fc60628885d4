import { useCallback, useState } from 'react';

const KEY = 'affectscope.mirrorCamera';

/**
 * Whether camera video (the live view and replays of camera recordings) is shown mirrored, like a mirror; on by
 * default, remembered on this device. Files are never mirrored, and nothing is saved mirrored.
 */
export function useMirrorSetting(): [boolean, (mirrored: boolean) => void] {
  const [mirrored, setState] = useState(() => {
    try { return localStorage.getItem(KEY) !== 'false'; } catch { return true; }
  });
  const set = useCallback((value: boolean) => {
    setState(value);
    try { localStorage.setItem(KEY, String(value)); } catch { /* private mode: only this visit */ }
  }, []);
  return [mirrored, set];
}
