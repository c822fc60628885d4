import { ACTION_UNITS, EXPRESSIONS, type AffectPrediction } from '../labels';
import type { FrameRecord } from './types';

/** What clampFrame changed in one frame; all zero when the frame was already valid. */
export interface FrameRepairs {
  /** finite values outside their range (e.g. 1.0000001 from float32 rounding) moved to the nearest bound */
  clampedValues: number;
  /** 1 when the prediction held a NaN/±Infinity or lists of the wrong length and was replaced by null, else 0 */
  droppedPredictions: number;
  /** 1 when the landmarks held a NaN/±Infinity or an odd count and were replaced by null, else 0 */
  droppedLandmarks: number;
}

export const NO_REPAIRS: Readonly<FrameRepairs> = { clampedValues: 0, droppedPredictions: 0, droppedLandmarks: 0 };

/** Adds two repair counts. */
export function addRepairs(a: FrameRepairs, b: FrameRepairs): FrameRepairs {
  return {
    clampedValues: a.clampedValues + b.clampedValues,
    droppedPredictions: a.droppedPredictions + b.droppedPredictions,
    droppedLandmarks: a.droppedLandmarks + b.droppedLandmarks,
  };
}

function allFinite(values: readonly unknown[]): boolean {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * A model output made valid for the session format: valence/arousal into [-1, 1], probabilities into
 * [0, 1]. A non-finite value cannot be clamped to anything meaningful, so such a prediction becomes
 * null ("no prediction for this frame") rather than an invented number.
 */
function clampPrediction(p: AffectPrediction): { prediction: AffectPrediction | null; clampedValues: number } {
  const lists = [p.actionUnitProbabilities, p.expressionProbabilities];
  if (
    !Array.isArray(p.actionUnitProbabilities) || p.actionUnitProbabilities.length !== ACTION_UNITS.length
    || !Array.isArray(p.expressionProbabilities) || p.expressionProbabilities.length !== EXPRESSIONS.length
    || !allFinite([p.valence, p.arousal, ...lists.flat()])
  ) {
    return { prediction: null, clampedValues: 0 };
  }
  let clampedValues = 0;
  const clamp = (x: number, lo: number, hi: number): number => {
    if (x >= lo && x <= hi) return x;
    clampedValues += 1;
    return x < lo ? lo : hi;
  };
  const prediction: AffectPrediction = {
    valence: clamp(p.valence, -1, 1),
    arousal: clamp(p.arousal, -1, 1),
    actionUnitProbabilities: p.actionUnitProbabilities.map((q) => clamp(q, 0, 1)),
    expressionProbabilities: p.expressionProbabilities.map((q) => clamp(q, 0, 1)),
  };
  return { prediction, clampedValues };
}

/**
 * One frame as the session validator will accept it, and what had to change. Used on the way into the
 * store so that one odd model output (NaN, 1.0000001) costs a value, not the recording. The frame's other
 * tracked faces are repaired the same way, each on its own.
 */
export function clampFrame<F extends Pick<FrameRecord, 'prediction' | 'landmarks' | 'otherFaces'>>(frame: F): { frame: F; repairs: FrameRepairs } {
  let { value: out, repairs } = clampFace(frame);
  if (frame.otherFaces && frame.otherFaces.length > 0) {
    const faces = frame.otherFaces.map((face) => {
      const clamped = clampFace(face);
      repairs = addRepairs(repairs, clamped.repairs);
      return clamped.value;
    });
    if (faces.some((face, i) => face !== frame.otherFaces![i])) out = { ...out, otherFaces: faces };
  }
  return { frame: out, repairs };
}

/** One face's prediction and landmarks made valid (clampFrame); the same object when nothing changed. */
function clampFace<F extends Pick<FrameRecord, 'prediction' | 'landmarks'>>(face: F): { value: F; repairs: FrameRepairs } {
  const repairs: FrameRepairs = { ...NO_REPAIRS };
  let out = face;
  if (face.prediction) {
    const { prediction, clampedValues } = clampPrediction(face.prediction);
    repairs.clampedValues = clampedValues;
    repairs.droppedPredictions = prediction === null ? 1 : 0;
    if (prediction === null || clampedValues > 0) out = { ...out, prediction };
  }
  const landmarks = face.landmarks;
  if (landmarks && (!Array.isArray(landmarks) || landmarks.length % 2 !== 0 || !allFinite(landmarks))) {
    repairs.droppedLandmarks = 1;
    out = { ...out, landmarks: null };
  }
  return { value: out, repairs };
}
