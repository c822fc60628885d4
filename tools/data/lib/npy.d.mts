// Types for npy.mjs, so TypeScript tests and scripts can import it under `strict`.
export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export interface NpyArray {
  /** numpy dtype string, e.g. '|u1', '<f4', '<U23' */
  descr: string;
  shape: number[];
  data: NpyData | string[];
}

export declare class NpyError extends Error {
  constructor(message: string);
}

export declare function parseNpy(bytes: Uint8Array, what?: string): NpyArray;
export declare function npyHeader(descr: string, shape: readonly number[]): Uint8Array;
export declare function encodeNpy(data: NpyData, shape?: readonly number[]): Uint8Array;
export declare function parseNpz(bytes: Uint8Array, what?: string): Record<string, NpyArray>;
export declare function encodeNpz(arrays: Record<string, { data: NpyData; shape: readonly number[] }>): Uint8Array;
