/**
 * The left stick [x, y] (axes 0 and 1, each ∈ [-1, 1], y down) of the first connected gamepad, or
 * null when there is none. Browsers list a gamepad only after a button press on it, and the
 * Gamepad API has no events for axes, so callers poll this once per animation frame.
 */
export function readLeftStick(): [number, number] | null {
  if (typeof navigator === 'undefined' || typeof navigator.getGamepads !== 'function') return null;
  for (const pad of navigator.getGamepads()) {
    if (pad && pad.connected && pad.axes.length >= 2) return [pad.axes[0], pad.axes[1]];
  }
  return null;
}

/** The media clock of a <video>, ms. */
export function mediaTimeMsOf(video: HTMLVideoElement): number {
  return video.currentTime * 1000;
}
