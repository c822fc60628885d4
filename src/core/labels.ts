/** Output label sets of the A/V-MT-VGG-RNN (Kollias & Zafeiriou 2019, §3; ABAW order). */
export const EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

/** FACS action units predicted, in output order. */
export const ACTION_UNITS = ['AU1', 'AU2', 'AU4', 'AU6', 'AU12', 'AU15', 'AU20', 'AU25'] as const;
export type ActionUnit = (typeof ACTION_UNITS)[number];

export const ACTION_UNIT_NAMES: Record<ActionUnit, string> = {
  AU1: 'inner brow raiser',
  AU2: 'outer brow raiser',
  AU4: 'brow lowerer',
  AU6: 'cheek raiser',
  AU12: 'lip corner puller',
  AU15: 'lip corner depressor',
  AU20: 'lip stretcher',
  AU25: 'lips part',
};

/** One step of the network's output. */
export interface AffectPrediction {
  /** valence ∈ [-1, 1] */
  valence: number;
  /** arousal ∈ [-1, 1] */
  arousal: number;
  /** P(AU active) ∈ [0, 1], in ACTION_UNITS order (length 8) */
  actionUnitProbabilities: number[];
  /** softmax over EXPRESSIONS (length 7), sums to 1 */
  expressionProbabilities: number[];
}
