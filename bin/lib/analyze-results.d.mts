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
/** A face track's files at the end of a run, as the page's outcome gives them (src/app/file-analysis/outputs.ts TrackFiles). */
export interface TrackFilesOutcome {
  tracks: Array<{ trackId: number; name: string; frames: number; firstMs: number; lastMs: number; files: Array<{ from: string; to: string }> }>;
  remove: string[];
}
/** done.json's entry for one track. */
export interface TrackMarker {
  trackId: number;
  name: string;
  frames: number;
  firstMs: number;
  lastMs: number;
  files: string[];
}
/** An empty partial folder for `video`, beside its final place; returns its path. */
export declare function startResult(outDir: string, video: VideoEntry): string;
/** Appends each piece to the file of that name in target.dir (the page's rows). */
export declare function appendRows(target: { dir: string | null }, pieces: Record<string, string>): void;
/** Renames or removes the per-track files in `dir`; returns done.json's `tracks`. */
export declare function placeTrackFiles(dir: string, trackFiles?: TrackFilesOutcome): TrackMarker[];
/** Writes done.json into the partial folder and renames it into <outDir>/<video.name>; returns the marker. */
export declare function writeResult(
  outDir: string,
  video: VideoEntry,
  outcome: Record<string, unknown> & { framesAnalysed: number; trackFiles?: TrackFilesOutcome },
  wallMs: number,
): Record<string, unknown> & { outputs: string[]; tracks: TrackMarker[] };
