import { createContext, useContext } from 'react';
import type { AnnotationTracks } from './use-annotation-tracks';

/**
 * The replay's one set of annotation tracks, shared by its timeline and the annotation panel so
 * both edit the same copies (two hooks would each keep a local copy that hides the other's edits).
 */
export const AnnotationTracksContext = createContext<AnnotationTracks | null>(null);

/** The replay's shared tracks, or null outside a replay (the panel then keeps its own). */
export function useSharedAnnotationTracks(): AnnotationTracks | null {
  return useContext(AnnotationTracksContext);
}
