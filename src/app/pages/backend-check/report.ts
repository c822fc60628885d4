/** The machine-readable result of /backends.html, read by e2e/backends.spec.ts. */
import type { BackendName } from '../../../model';

/** One step's 17 activated outputs: valence, arousal (∈ [-1, 1]) | 8 AU probabilities | 7 expression probabilities. */
export type StepOutputs = number[];

export type BackendCheck =
  | { name: BackendName; status: 'unavailable'; reason: string }
  | { name: BackendName; status: 'error'; reason: string }
  | {
      name: BackendName;
      status: 'ran';
      /** wall-clock ms of every stepAsync(), the first being the warm-up (shader compilation etc.) */
      stepMs: number[];
      /** mean ms of the steps after the warm-up */
      meanStepMs: number;
      /** outputs[t] for every step t */
      outputs: StepOutputs[];
      /** max |Δ| against cpu over all outputs of every step; null for cpu itself or when cpu did not run */
      maxAbsDiffVsCpu: number | null;
      /** tf.memory().numTensors after − before, for every step after the warm-up */
      tensorLeakPerStep: number[];
      /** tf.memory().numTensors after dispose() − before the model was created */
      tensorsLeftAfterDispose: number;
      /** with `?faces=N` (N ≥ 2): N faces a frame stepped one stream after another vs as one batch (runBackend) */
      batch?: BatchCheck;
    };

/** The same frames of `faces` faces stepped both ways, frame by frame, the order alternating; index 0 is the warm-up. */
export interface BatchCheck {
  faces: number;
  /** ms per frame for `faces` stepAsync calls, one stream after another */
  sequentialMs: number[];
  /** ms per frame for one stepFacesAsync of the `faces` faces */
  batchedMs: number[];
  /** max |Δ| between the two ways' outputs over every face and frame */
  maxAbsDiff: number;
}

export interface BackendCheckReport {
  type: 'affectscope-backend-check';
  version: 1;
  tfjsVersion: string;
  model: { id: string; trained: boolean };
  input: { seed: number; frames: number; faceShape: number[]; audioShape: number[] | null };
  backends: BackendCheck[];
}

/** Largest |a[t][i] − b[t][i]| over all steps and outputs; Infinity when the shapes differ. */
export function maxAbsDiff(a: readonly StepOutputs[], b: readonly StepOutputs[]): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  a.forEach((row, t) => {
    if (row.length !== b[t].length) max = Infinity;
    row.forEach((value, i) => {
      max = Math.max(max, Math.abs(value - b[t][i]));
    });
  });
  return max;
}
