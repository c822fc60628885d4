/**
 * The 8 action units of ACTION_UNITS measured from MediaPipe Face Landmarker's 52 blendshape scores
 * (ARKit names), by a documented table — a second model's measurement of facial movement, not the network's.
 *
 * Which blendshape is which AU: py-feat's `feat/resources/blendshape_region_map.json` (Cheong et al.,
 * py-feat, MIT), which follows FACS (Ekman & Friesen) and the ARKit-to-FACS correspondences:
 * browInnerUp → AU1, browOuterUp{Left,Right} → AU2, browDown{Left,Right} → AU4, cheekSquint{Left,Right} → AU6,
 * mouthSmile{Left,Right} → AU12, mouthFrown{Left,Right} → AU15, mouthStretch{Left,Right} → AU20.
 * One departure, measured: face_landmarker.task (float16/1) outputs cheekSquint{Left,Right} < 0.0001 on every one of
 * 7,432 FER2013 faces (as noseSneer; MediaPipe issues #4436 and #4450 report other such dead outputs),
 * so AU6 reads eyeSquint{Left,Right}, ARKit's "contraction of the face around the eye": orbicularis oculi, whose
 * orbital part is AU6 (cheek raiser) and palpebral part AU7 (lid tightener) — AU6 here is AU6 and AU7 together.
 * AU25 (lips part) has no blendshape: py-feat maps jawOpen to AU26 (jaw drop). The lips part in two ways, and
 * AU25 raw is the larger: by the jaw, less what the lips close over it (ARKit's mouthClose is "lips closed while the
 * jaw is open"): jawOpen − mouthClose; or by the lips themselves with the jaw still (upper lip raised, lower lip
 * lowered, as in a smile that shows the teeth): the mean of mouthUpperUp{Left,Right} and mouthLowerDown{Left,Right}.
 * On FER2013 training faces the second term raises AU25's ROC AUC for the expressions FACS expects it in (Fear,
 * Happiness, Surprise) from 0.63 (jaw alone) to 0.76 (MODEL_CARD.md).
 *
 * A left/right pair counts by its larger side: FACS scores an AU present when it acts on either side
 * (a unilateral AU is still that AU), and a mean would halve a one-sided smile. On the data the two rank faces
 * alike (ROC AUCs within 0.011 for every pair), so the FACS reason decides.
 * Calibration (rest, presence threshold, full scale per AU) was chosen on data: see
 * tools/data/au-blendshape-table.mjs and MODEL_CARD.md "Action units measured by the landmarker".
 */
import { AffectscopeError } from '../errors';
import { ACTION_UNITS, type ActionUnit } from '../labels';

/** How one AU's raw score ∈ [0, 1] is read from the blendshapes. */
export type AuSource =
  | { kind: 'single'; blendshape: string }
  /** the larger of a left/right pair */
  | { kind: 'pair-max'; left: string; right: string }
  /** max(0, jawOpen − mouthClose, mean of lipsApart): AU25 */
  | { kind: 'lips-apart'; jawOpen: string; mouthClose: string; lipsApart: readonly string[] };

export const BLENDSHAPE_AU_SOURCES: Readonly<Record<ActionUnit, AuSource>> = Object.freeze({
  AU1: { kind: 'single', blendshape: 'browInnerUp' },
  AU2: { kind: 'pair-max', left: 'browOuterUpLeft', right: 'browOuterUpRight' },
  AU4: { kind: 'pair-max', left: 'browDownLeft', right: 'browDownRight' },
  // Not cheekSquint (py-feat's choice): this landmarker's cheekSquint stays < 0.0001 (see above).
  AU6: { kind: 'pair-max', left: 'eyeSquintLeft', right: 'eyeSquintRight' },
  AU12: { kind: 'pair-max', left: 'mouthSmileLeft', right: 'mouthSmileRight' },
  AU15: { kind: 'pair-max', left: 'mouthFrownLeft', right: 'mouthFrownRight' },
  AU20: { kind: 'pair-max', left: 'mouthStretchLeft', right: 'mouthStretchRight' },
  AU25: {
    kind: 'lips-apart',
    jawOpen: 'jawOpen',
    mouthClose: 'mouthClose',
    lipsApart: ['mouthUpperUpLeft', 'mouthUpperUpRight', 'mouthLowerDownLeft', 'mouthLowerDownRight'],
  },
});

/**
 * Raw-score landmarks of one AU, all ∈ [0, 1] with restScore < presentScore < fullScore: activation is 0 at or
 * below restScore, 0.5 at presentScore (the presence threshold), 1 at or above fullScore, linear in between.
 */
export interface AuCalibration {
  /** median raw score on neutral faces */
  restScore: number;
  /** raw score from which the AU counts as present */
  presentScore: number;
  /** 99th percentile of the raw score over all faces */
  fullScore: number;
}

/**
 * Chosen on 3,975 detected faces of every 7th FER2013 training image (3,450 with a FER+ majority label, 1,196 of them
 * neutral) by tools/data/au-blendshape-table.mjs: restScore = median on neutral faces; presentScore = the threshold of
 * highest Youden's J for the expressions FACS expects the AU in, among those calling ≤ 10 % of neutral faces present;
 * fullScore = 99th percentile of all faces. Method, evidence and the held-out table: MODEL_CARD.md.
 */
export const BLENDSHAPE_AU_CALIBRATION: Readonly<Record<ActionUnit, AuCalibration>> = Object.freeze({
  AU1: { restScore: 0.036, presentScore: 0.517, fullScore: 0.933 },
  AU2: { restScore: 0.134, presentScore: 0.646, fullScore: 0.935 },
  AU4: { restScore: 0.042, presentScore: 0.496, fullScore: 0.808 },
  AU6: { restScore: 0.393, presentScore: 0.635, fullScore: 0.809 },
  AU12: { restScore: 0, presentScore: 0.025, fullScore: 0.951 },
  AU15: { restScore: 0.003, presentScore: 0.104, fullScore: 0.42 },
  AU20: { restScore: 0.004, presentScore: 0.085, fullScore: 0.751 },
  AU25: { restScore: 0.009, presentScore: 0.095, fullScore: 0.724 },
});

/** The landmarker's AUs for one face, in ACTION_UNITS order. */
export interface MeasuredActionUnits {
  /** raw scores ∈ [0, 1] read from the blendshapes (length 8) */
  rawScores: number[];
  /** activation ∈ [0, 1], 0.5 = the presence threshold (length 8) */
  activations: number[];
  /** activation ≥ 0.5 (length 8) */
  present: boolean[];
}

function score(blendshapes: Readonly<Record<string, number>>, name: string): number {
  const value = blendshapes[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const names = Object.keys(blendshapes);
    throw new AffectscopeError(
      'invalid-options',
      `blendshapes: expected a score for "${name}", got ${value === undefined ? 'none' : String(value)} (${names.length} names: ${names.slice(0, 3).join(', ')}…)`,
    );
  }
  return value;
}

/** One AU's raw score ∈ [0, 1] from the blendshape scores (keyed by MediaPipe category name). */
export function rawAuScore(blendshapes: Readonly<Record<string, number>>, source: AuSource): number {
  switch (source.kind) {
    case 'single':
      return score(blendshapes, source.blendshape);
    case 'pair-max':
      return Math.max(score(blendshapes, source.left), score(blendshapes, source.right));
    case 'lips-apart': {
      const byLips = source.lipsApart.reduce((sum, name) => sum + score(blendshapes, name), 0) / source.lipsApart.length;
      return Math.max(0, score(blendshapes, source.jawOpen) - score(blendshapes, source.mouthClose), byLips);
    }
  }
}

/** Raw score → activation ∈ [0, 1]: piecewise linear through (rest, 0), (present, 0.5), (full, 1), clamped. */
export function auActivation(rawScore: number, calibration: AuCalibration): number {
  const { restScore, presentScore, fullScore } = calibration;
  if (rawScore <= restScore) return 0;
  if (rawScore >= fullScore) return 1;
  if (rawScore < presentScore) return (0.5 * (rawScore - restScore)) / (presentScore - restScore);
  return 0.5 + (0.5 * (rawScore - presentScore)) / (fullScore - presentScore);
}

/** Checks rest < present < full, all in [0, 1], for every AU; returns a complete copy or throws "expected …, got …". */
export function validateAuCalibration(calibration: Readonly<Record<ActionUnit, AuCalibration>>): Record<ActionUnit, AuCalibration> {
  const copy = {} as Record<ActionUnit, AuCalibration>;
  for (const au of ACTION_UNITS) {
    const c = calibration[au];
    const ok = c && [c.restScore, c.presentScore, c.fullScore].every((v) => Number.isFinite(v) && v >= 0 && v <= 1)
      && c.restScore < c.presentScore && c.presentScore < c.fullScore;
    if (!ok) {
      throw new AffectscopeError('invalid-options', `AU calibration ${au}: expected 0 ≤ restScore < presentScore < fullScore ≤ 1, got ${JSON.stringify(c)}`);
    }
    copy[au] = { restScore: c.restScore, presentScore: c.presentScore, fullScore: c.fullScore };
  }
  return copy;
}

/** The 8 AUs (ACTION_UNITS order) from one face's 52 blendshape scores; throws when a needed name is missing. */
export function blendshapesToActionUnits(
  blendshapes: Readonly<Record<string, number>>,
  calibration: Readonly<Record<ActionUnit, AuCalibration>> = BLENDSHAPE_AU_CALIBRATION,
): MeasuredActionUnits {
  const rawScores = ACTION_UNITS.map((au) => rawAuScore(blendshapes, BLENDSHAPE_AU_SOURCES[au]));
  const activations = ACTION_UNITS.map((au, i) => auActivation(rawScores[i], calibration[au]));
  return { rawScores, activations, present: activations.map((a) => a >= 0.5) };
}
