/**
 * /analyze.html, the page `npx affectscope analyze` (scripts/analyze.mjs) drives in headless Chromium: the
 * video chosen in its file input goes through the same FileAnalysis as in the app, and the per-video files
 * (frames.csv/json, ABAW) come back as text for the command line to write.
 */
import { errorMessage } from '../../core/errors';
import { FileAnalysis } from './analysis';
import { pipelineInitFromUrl } from '../pipeline/init';
import { fileOutputs, type FileOutputs } from './outputs';

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
      outputs: FileOutputs;
      framesAnalysed: number;
      frameCount: number;
      /** frames skipped because their time repeated the previous frame's */
      repeatedFrameTimes: number;
      frameRateHz: number;
      durationMs: number;
      model: { id: string; name: string; trained: boolean };
      backend: string | null;
      /** 'decoded', or why the soundtrack was not used */
      audio: string;
    }
  | { ok: false; error: string };

export interface HeadlessApi {
  /** analyses the file in the page's input; resolves with its outputs or why it failed (never rejects) */
  analyse(): Promise<HeadlessOutcome>;
  progress(): HeadlessProgress | null;
}

const root = document.querySelector<HTMLElement>('[data-testid="analyze"]')!;
const input = document.querySelector<HTMLInputElement>('[data-testid="analyze-input"]')!;
const initOptions = pipelineInitFromUrl(window.location.search);
let current: FileAnalysis | null = null;

const api: HeadlessApi = {
  async analyse() {
    const file = input.files?.[0];
    if (!file) return { ok: false, error: 'no file chosen' };
    current?.dispose();
    try {
      current = new FileAnalysis(file, file.name, { init: await initOptions });
      const result = await current.done;
      const snapshot = current.getSnapshot();
      return {
        ok: true,
        outputs: fileOutputs(result),
        framesAnalysed: result.frames.length,
        frameCount: result.info.frameCount,
        repeatedFrameTimes: result.repeatedFrameTimes,
        frameRateHz: result.info.frameRateHz,
        durationMs: result.info.durationMs,
        model: { id: result.model.id, name: result.model.name, trained: result.model.trained },
        backend: snapshot.backend,
        audio: snapshot.audio,
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
