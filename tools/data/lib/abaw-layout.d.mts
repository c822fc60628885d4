export const ABAW_AUS: readonly string[];
export const ABAW_EXPRESSIONS: readonly string[];
export const ABAW_SPLITS: Readonly<Record<'train' | 'validation', string>>;
export function isAbawLayout(dir: string): boolean;
export function parseAnnotationFile(text: string, task: 'va' | 'au' | 'expr', path: string): number[][];
export interface AbawFrame { video: string; frame: number; path: string }
export function readAbawSplit(dir: string, split: 'train' | 'validation'): { frames: AbawFrame[]; va: Float32Array; au: Int8Array; expr: Int8Array; tasks: string[] };
export function decodeGrayFrames(frames: readonly AbawFrame[], sizePx?: number): Uint8Array;
