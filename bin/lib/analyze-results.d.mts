export interface VideoEntry {
  path: string;
  /** the folder name its results get under --out */
  name: string;
}
export declare const VIDEO_EXTENSIONS: Set<string>;
export declare function listVideos(input: string): VideoEntry[];
export declare function isComplete(outDir: string, video: VideoEntry, modelId: string | null): boolean;
/** Locks --out for this run (<out>/.affectscope-analyze.lock, pid inside; a dead pid's lock is taken over); returns the release. */
export declare function lockOutDir(outDir: string): () => void;
