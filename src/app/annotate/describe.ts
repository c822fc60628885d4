/** Short words for annotation edits (the Undo button, segment labels). */

/** "1.2–2.0 s" for [1200, 2000) ms. */
export function secondsRange(startMs: number, endMs: number): string {
  return `${(startMs / 1000).toFixed(1)}–${(endMs / 1000).toFixed(1)} s`;
}
