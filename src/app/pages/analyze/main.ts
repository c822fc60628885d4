/**
 * /analyze.html, the page `npx affectscope analyze` (bin/affectscope.mjs) drives in headless Chromium: the
 * video chosen in its file input goes through the same FileAnalysis as in the app, and the rows of the per-video
 * files (frames.csv/json, ABAW, and an ABAW set per face track) go to the command line about every second, through
 * the function it exposes (window.__affectscopeAnalyzeAppend), which appends them to the files: the page keeps no
 * frame it has written. The outcome says what becomes of the per-track files (their names are known only at the end).
 */
import { errorMessage } from '../../../core/errors';
import type { FrameRecord } from '../../../core/session';
import { FileAnalysis } from '../../file-analysis/analysis';
import type { FileAnalysisSink } from '../../file-analysis/frame-writer';
import { pipelineInitFromUrl } from '../../pipeline/init';
import { FileOutputStream, type FileOutputs, type TrackFiles } from '../../file-analysis/outputs';
import type { VideoFileInfo } from '../../../io/video-file';
import type { ModelSummary } from '../../../workers/protocol';

/** Exposed by bin/affectscope.mjs: appends each piece of text to the result file of that name; resolves once written. */
export type AppendOutputs = (pieces: FileOutputs) => Promise<void>;

export interface HeadlessProgress {
  phase: string;
  framesAnalysed: number;
  /** null until the file is opened */
  frameCount: number | null;
  fps: number;
  currentTimeMs: number;
  durationMs: number | null;
}

export type HeadlessOutcome =
  | {
      ok: true;
      framesAnalysed: number;
      frameCount: number;
      /** frames skipped because their time repeated the previous frame's */
      repeatedFrameTimes: number;
      frameRateHz: number;
      durationMs: number;
      /** actionUnitThresholds: where AU_Detection.txt calls each AU present (null: from 0.5) */
      model: { id: string; name: string; trained: boolean; actionUnitThresholds: number[] | null };
      backend: string | null;
      /** 'decoded', or why the soundtrack was not used */
      audio: string;
      /** the per-track ABAW files to rename into place, or to remove when no frame had two tracked faces */
      trackFiles: TrackFiles;
    }
  | { ok: false; error: string };

export interface HeadlessApi {
  /** analyses the file in the page's input (its rows go to __affectscopeAnalyzeAppend); resolves with how it went or why it failed (never rejects) */
  analyse(): Promise<HeadlessOutcome>;
  progress(): HeadlessProgress | null;
}

const root = document.querySelector<HTMLElement>('[data-testid="analyze"]')!;
const input = document.querySelector<HTMLInputElement>('[data-testid="analyze-input"]')!;
const initOptions = pipelineInitFromUrl(window.location.search);
let current: FileAnalysis | null = null;

/** Rows to the command line's files as the analysis goes. */
class CommandLineSink implements FileAnalysisSink {
  /** remade at begin(), with the model's AU thresholds */
  private files = new FileOutputStream();

  constructor(private readonly append: AppendOutputs) {}

  begin(_info: VideoFileInfo, model: ModelSummary): Promise<void> {
    this.files = new FileOutputStream(model.actionUnitThresholds ?? undefined);
    return this.append(this.files.start());
  }

  write(frames: FrameRecord[]): Promise<void> {
    return this.append(this.files.rows(frames));
  }

  end(): Promise<void> {
    return this.append(this.files.end());
  }

  trackFiles(): TrackFiles {
    return this.files.trackFiles();
  }

  async truncate(): Promise<void> {
    throw new Error('the command line analysis never seeks');
  }
}

const api: HeadlessApi = {
  async analyse() {
    const file = input.files?.[0];
    if (!file) return { ok: false, error: 'no file chosen' };
    const append = (window as unknown as { __affectscopeAnalyzeAppend?: AppendOutputs }).__affectscopeAnalyzeAppend;
    if (!append) return { ok: false, error: 'no __affectscopeAnalyzeAppend: the page must be driven by bin/affectscope.mjs' };
    current?.dispose();
    try {
      const sink = new CommandLineSink(append);
      current = new FileAnalysis(file, file.name, { init: await initOptions, sink });
      const result = await current.done;
      await sink.end();
      // The ABAW files have a row per analysed frame: right only when that is every decoded frame (FileOutputStream).
      if (result.analysedFrames.count !== result.decodedFrames.count) {
        throw new Error(`${result.decodedFrames.count} frames decoded but ${result.analysedFrames.count} analysed`);
      }
      const snapshot = current.getSnapshot();
      return {
        ok: true,
        framesAnalysed: result.analysedFrames.count,
        frameCount: result.info.frameCount,
        repeatedFrameTimes: result.repeatedFrameTimes,
        frameRateHz: result.info.frameRateHz,
        durationMs: result.info.durationMs,
        model: { id: result.model.id, name: result.model.name, trained: result.model.trained, actionUnitThresholds: result.model.actionUnitThresholds },
        backend: snapshot.backend,
        audio: snapshot.audio,
        trackFiles: sink.trackFiles(),
      };
    } catch (error) {
      return { ok: false, error: errorMessage(error) };
    }
  },
  progress() {
    if (!current) return null;
    const s = current.getSnapshot();
    return { phase: s.phase, framesAnalysed: s.framesAnalysed, frameCount: s.info?.frameCount ?? null, fps: s.fps, currentTimeMs: s.currentTimeMs, durationMs: s.info?.durationMs ?? null };
  },
};

(window as unknown as { __affectscopeAnalyze: HeadlessApi }).__affectscopeAnalyze = api;
initOptions.then(
  () => (root.dataset.state = 'ready'),
  (error: unknown) => {
    root.dataset.state = 'failed';
    root.dataset.error = errorMessage(error);
  },
);
