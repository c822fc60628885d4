// Types for assets.mjs, so TypeScript tests and scripts can import it under `strict`.
export declare const FACE_LANDMARKER: Readonly<{ fileName: string; sha256: string; url: string }>;
export declare const MIRROR_ENV_VAR: 'AFFECTSCOPE_MODEL_MIRROR';

export declare class AssetError extends Error {
  constructor(message: string);
}

export type ModelSource = { kind: 'mirror' | 'shared'; path: string } | { kind: 'url'; url: string };

export declare function sha256OfFile(path: string): Promise<string>;

export declare function resolveModelSource(options: {
  fileName: string;
  url: string;
  mirrorDir?: string;
  sharedDir?: string;
}): Promise<ModelSource>;

export declare function describeModelFailure(options: {
  dest: string;
  fileName: string;
  sha256: string;
  url: string;
  reason: string;
}): string;

export declare function ensureVerifiedFile(options: {
  dest: string;
  sha256: string;
  source: ModelSource;
  /** Official URL, named in the failure message. */
  url?: string;
  fetchImpl?: typeof fetch;
}): Promise<'present' | 'copied' | 'downloaded'>;

export declare function writeIfChanged(path: string, content: string): Promise<boolean>;

export declare function syncFiles(
  srcDir: string,
  destDir: string,
  filter?: (name: string) => boolean,
): Promise<{ copied: number; unchanged: number }>;
