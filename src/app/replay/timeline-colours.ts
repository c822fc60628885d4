/** Colours of the session timeline, on the page's dark panels (#1a1f29). Pure. */
import { EXPRESSIONS } from '../../core/labels';

export const VALENCE_COLOUR = '#5ec8ff';
export const AROUSAL_COLOUR = '#ffb454';
export const MUTED_COLOUR = '#8a93a6';
export const GRID_COLOUR = '#3a4150';

/** One colour per expression, EXPRESSIONS order; told apart on the dark panel and from each other. */
export const EXPRESSION_COLOURS: readonly string[] = [
  '#9aa3b5', // Neutral: grey
  '#ff5d5d', // Anger: red
  '#8bc34a', // Disgust: green
  '#b388ff', // Fear: violet
  '#ffd54f', // Happiness: yellow
  '#4f7dff', // Sadness: blue
  '#ff8fd1', // Surprise: pink
];

/** The colour of expression `label` (an index into EXPRESSIONS); grey for an index outside it. */
export function expressionColour(label: number): string {
  return EXPRESSION_COLOURS[label] ?? MUTED_COLOUR;
}

/** The name of expression `label`, or "class n" outside EXPRESSIONS. */
export function expressionName(label: number): string {
  return EXPRESSIONS[label] ?? `class ${label}`;
}

type Rgb = [number, number, number];
const HEAT_STOPS: readonly Rgb[] = [[0x22, 0x2a, 0x38], [0xc2, 0x57, 0x1a], [0xff, 0xe0, 0x8a]];

/** The AU heat strip's colour for a probability ∈ [0, 1] (clamped): dark slate → orange → pale yellow. */
export function heatColour(probability: number): string {
  const p = Math.min(1, Math.max(0, Number.isFinite(probability) ? probability : 0)) * (HEAT_STOPS.length - 1);
  const k = Math.min(HEAT_STOPS.length - 2, Math.floor(p));
  const w = p - k;
  const [a, b] = [HEAT_STOPS[k], HEAT_STOPS[k + 1]];
  const channel = (i: number) => Math.round(a[i] + (b[i] - a[i]) * w).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}
