export interface AnalyzeOptions {
  inputs: string[];
  out: string | null;
  chromium: string;
  backend: string;
  model: string | null;
  dist: string;
  force: boolean;
  verbose: boolean;
  help: boolean;
}
export interface VideoEntry {
  path: string;
  /** the folder name its results get under --out */
  name: string;
}
export declare function parseCli(argv: string[]): AnalyzeOptions;
export declare function listVideos(input: string): VideoEntry[];
export declare function isComplete(outDir: string, video: VideoEntry, modelId: string | null): boolean;
/** Locks --out for this run (<out>/.affectscope-analyze.lock, pid inside; a dead pid's lock is taken over); returns the release. */
export declare function lockOutDir(outDir: string): () => void;
