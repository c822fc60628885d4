/**
 * The annotation edits that can be undone: each remembers one track as it was before the edit
 * (null: the track did not exist). Pure and immutable: push and pop return new stacks.
 */
import { AffectscopeError } from '../errors';
import type { AnnotationKind, AnnotationTrack } from '../session/types';

export interface TrackEdit {
  annotator: string;
  kind: AnnotationKind;
  /** the face of the track (AnnotationTrack.face), null for each frame's largest face */
  face: number | null;
  /** the track before the edit; null when the edit created it */
  before: AnnotationTrack | null;
  /** what the edit did, for the Undo button's title, e.g. "delete Happiness 1.2–2.0 s" */
  description: string;
}

export interface UndoStack {
  /** oldest first */
  readonly edits: readonly TrackEdit[];
  /** the most edits kept; older ones are forgotten */
  readonly limit: number;
}

export const DEFAULT_UNDO_LIMIT = 50;

export function emptyUndoStack(limit = DEFAULT_UNDO_LIMIT): UndoStack {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new AffectscopeError('invalid-options', `undo limit: expected an integer ≥ 1, got ${limit}`);
  return { edits: [], limit };
}

/** The stack with `edit` on top; the oldest edit drops out past the limit. */
export function pushEdit(stack: UndoStack, edit: TrackEdit): UndoStack {
  const edits = [...stack.edits, edit];
  return { edits: edits.slice(Math.max(0, edits.length - stack.limit)), limit: stack.limit };
}

/** The newest edit (null when there is none) and the stack without it. */
export function popEdit(stack: UndoStack): { edit: TrackEdit | null; stack: UndoStack } {
  if (stack.edits.length === 0) return { edit: null, stack };
  return { edit: stack.edits[stack.edits.length - 1], stack: { edits: stack.edits.slice(0, -1), limit: stack.limit } };
}

/** The newest edit, or null. */
export function peekEdit(stack: UndoStack): TrackEdit | null {
  return stack.edits[stack.edits.length - 1] ?? null;
}
