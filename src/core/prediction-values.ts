/**
 * The network's output for one step as one flat row of 17 numbers, the head's order: valence, arousal
 * (∈ [-1, 1]), the 8 AU probabilities (ACTION_UNITS order) and the 7 expression probabilities
 * (EXPRESSIONS order), each ∈ [0, 1]. Used by every table, report and comparison that needs numbers by column.
 */
import { ACTION_UNITS, EXPRESSIONS, type AffectPrediction } from './labels';

/** column names of a prediction row, in order */
export const PREDICTION_COLUMNS: readonly string[] = ['valence', 'arousal', ...ACTION_UNITS, ...EXPRESSIONS];
/** numbers in a prediction row (17) */
export const PREDICTION_ROW_LENGTH = PREDICTION_COLUMNS.length;
/** index of the first AU probability in a prediction row */
export const ACTION_UNIT_OFFSET = 2;
/** index of the first expression probability in a prediction row */
export const EXPRESSION_OFFSET = ACTION_UNIT_OFFSET + ACTION_UNITS.length;

/** valence, arousal, 8 AU probabilities, 7 expression probabilities: 17 numbers. */
export function predictionValues(p: AffectPrediction): number[] {
  return [p.valence, p.arousal, ...p.actionUnitProbabilities, ...p.expressionProbabilities];
}
