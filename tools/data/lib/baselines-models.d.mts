// Types for baselines-models.mjs, so TypeScript tests can import it under `strict`.
import type { BaselineModelSpec } from './baselines.mjs';

export interface ModelFiles {
  packageName: string;
  version: string;
  license: string;
  dir: string;
  files: { path: string; sha256: string; bytes: Uint8Array }[];
}

/** tfjs and face-api as loaded from @vladmandic/face-api's Node WebAssembly build (untyped here). */
export interface Tfjs {
  tf: any;
  faceapi: any;
}

export interface BaselineRunner {
  spec: BaselineModelSpec;
  /** gray crop, uint8 row-major sizePx × sizePx → probabilities in the model's native label order */
  predict(pixels: Uint8Array, sizePx: number): Promise<Float32Array>;
  dispose(): void;
}

export declare function findPackageDir(packageName: string): string | undefined;
export declare function readModelFiles(spec: BaselineModelSpec): ModelFiles;
export declare function loadTfjs(backend?: 'wasm' | 'cpu'): Promise<Tfjs>;
export declare function createBaseline(id: string, tfjs: Tfjs): Promise<BaselineRunner & { modelFiles: ModelFiles }>;
