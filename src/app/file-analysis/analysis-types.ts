/** What a file analysis shows while it runs and hands back when it ends (FileAnalysis in ./analysis). */
import type { FrameRepairs } from '../../core/session/clamp-frame';
import type { FrameImage } from '../../io/frame-image';
import type { VideoFileInfo } from '../../io/video-file';
import type { FaceResult, ModelSummary, PipelineInitOptions, PredictionResult } from '../../workers/protocol';
import type { FrameTimeSpan } from './frame-time-index';
import type { FileAnalysisSink } from './frame-writer';

export type FileAnalysisPhase = 'loading' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface FileAnalysisSnapshot {
  phase: FileAnalysisPhase;
  info: VideoFileInfo | null;
  model: ModelSummary | null;
  backend: string | null;
  /** frames with a result so far (after a seek back, re-analysed frames replace earlier results) */
  framesAnalysed: number;
  /** media time of the newest analysed frame, ms */
  currentTimeMs: number;
  face: FaceResult | null;
  prediction: PredictionResult | null;
  /** results per second over the last 5 s */
  fps: number;
  /** wall-clock ms left at the current speed; null until measured */
  remainingMs: number | null;
  /** seeks so far: each one reset the recurrent state */
  seeks: number;
  /** decoded frames skipped because their time repeated (or went before) the previous frame's: one result per instant */
  repeatedFrameTimes: number;
  /** model outputs clamped into range or dropped (NaN) so that the session can be saved */
  repairs: FrameRepairs;
  /** the soundtrack: 'decoded', 'none' (the file has none), or why it could not be used */
  audio: string;
  error: string | null;
}

export interface FileAnalysisResult {
  info: VideoFileInfo;
  model: ModelSummary;
  /** the frames written to the sink (one per analysed frame): how many, first and last media time, ms */
  analysedFrames: FrameTimeSpan;
  /** the frames decoded, as analysed (every frame of the file when there was no seek): how many, first and last time, ms */
  decodedFrames: FrameTimeSpan;
  seeks: number;
  /** frames skipped for a repeated time (FileAnalysisSnapshot.repeatedFrameTimes) */
  repeatedFrameTimes: number;
}

export interface FileAnalysisOptions {
  init: PipelineInitOptions;
  /** where the results go as they come (FrameWriter): the analysis keeps none of them */
  sink: FileAnalysisSink;
  /** called with a frame about to be analysed, about 10 times a second (e.g. to draw it: drawFrame); must not keep it */
  onPreview?: (image: FrameImage, timestampMs: number) => void;
}
