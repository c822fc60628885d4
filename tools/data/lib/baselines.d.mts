// Types for baselines.mjs, so TypeScript tests can import it under `strict`.
export declare const ABAW_EXPRESSIONS: readonly ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise'];

export declare class BaselineError extends Error {
  constructor(message: string);
}

export interface BaselineModelSpec {
  id: 'human-emotion' | 'face-api-expression';
  name: string;
  /** npm packages that ship the files, the first installed one is used */
  packages: readonly string[];
  files: readonly { path: string; sha256: string }[];
  nativeLabels: readonly string[];
  inputSizePx: number;
  preprocessing: string;
  licence: string;
  trainingData: string;
}

export declare const BASELINE_MODELS: readonly BaselineModelSpec[];

export declare function nativeToAbawIndex(nativeLabels: readonly string[]): number[];
export declare function toAbawOrder(nativeProbabilities: ArrayLike<number>, mapping: readonly number[]): number[];
export declare function predictAbaw(nativeProbabilities: ArrayLike<number>, mapping: readonly number[]): number;
export declare function evenlySpaced(total: number, limit: number): number[];

export interface CompareBaselinesOptions {
  data: string;
  models: string[];
  limit: number;
  backend: 'wasm' | 'cpu';
  warmupImages: number;
  out: string;
}
export declare const DEFAULT_COMPARE_BASELINES_OPTIONS: Readonly<CompareBaselinesOptions>;
export declare function parseCompareBaselinesArgs(argv: readonly string[]): CompareBaselinesOptions;
export declare function validateCompareBaselinesOptions(options: Partial<CompareBaselinesOptions>): CompareBaselinesOptions;

export interface MetricsModule {
  accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number;
  macroF1(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number;
  perClassRecall(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number[];
  perClassF1(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number[];
  confusionMatrix(pred: ArrayLike<number>, truth: ArrayLike<number>, numClasses: number): number[][];
}
export declare function scoreAbaw(
  metrics: MetricsModule,
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
): { accuracy: number; macroF1: number; perClassRecall: number[]; perClassF1: number[]; confusion: number[][] };
