import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { errorMessage } from '../../core/errors';
import { drawFrame } from '../../io/frame-image';
import type { SessionStore } from '../../io/session-store';
import type { PipelineInitOptions } from '../../workers/protocol';
import { FileAnalysis, type FileAnalysisSnapshot } from './analysis';
import { pipelineInitFromUrl } from '../pipeline/init';
import { oncePerAnimationFrame } from '../pipeline/snapshot-store';
import { LibrarySink } from './library-sink';

export interface FileAnalysisState {
  analysis: FileAnalysis | null;
  snapshot: FileAnalysisSnapshot | null;
  /** the library session the analysis was saved as: when it is done, or (state 'recovered') when it stopped before the end */
  savedSessionId: string | null;
  /** why the analysis could not start or be saved */
  error: string | null;
  /** a file picked before the session library had opened: it starts when the library is open */
  waitingFile: string | null;
  start(file: Blob, fileName: string): Promise<void>;
  close(): void;
  /** the canvas the frame being analysed is drawn on (about 10 times a second) */
  setPreviewCanvas(canvas: HTMLCanvasElement | null): void;
}

const EMPTY = () => () => {};
const NULL_SNAPSHOT = () => null;

/**
 * Runs one video file at a time through the pipeline, saving the results in the library as they come (LibrarySink).
 * `library.whenOpen` gives the store once it is open: a file picked in the moment before waits for it.
 */
export function useFileAnalysis(library: { store: SessionStore | null; whenOpen(): Promise<SessionStore> }, onSaved: () => void): FileAnalysisState {
  const [analysis, setAnalysis] = useState<FileAnalysis | null>(null);
  const [savedSessionId, setSavedSessionId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [waitingFile, setWaitingFile] = useState<string | null>(null);
  const { store, whenOpen } = library;
  const previewCanvas = useRef<HTMLCanvasElement | null>(null);
  const init = useRef<Promise<PipelineInitOptions> | null>(null);

  useEffect(() => () => analysis?.dispose(), [analysis]);

  const start = useCallback(async (file: Blob, fileName: string) => {
    setError(null);
    setSavedSessionId(null);
    try {
      if (!store) setWaitingFile(fileName);
      const opened = await whenOpen().catch((e: unknown) => {
        throw new Error(`The session library could not be opened, so the analysis could not be saved (${errorMessage(e)}).`);
      }).finally(() => setWaitingFile(null));
      init.current ??= pipelineInitFromUrl(window.location.search);
      const options = await init.current;
      const sink = new LibrarySink(opened, file, new Date().toISOString());
      const next = new FileAnalysis(file, fileName, {
        init: options,
        sink,
        onPreview: (image) => {
          const canvas = previewCanvas.current;
          const context = canvas?.getContext('2d');
          if (canvas && context) drawFrame(canvas, context, image);
        },
      });
      // Read-only handle for `npm run bench:file` and for debugging from the console, like the live page's.
      (window as unknown as { __affectscopeFile?: FileAnalysis }).__affectscopeFile = next;
      setAnalysis(next);
      const result = await next.done.catch(() => null);
      if (result) {
        setSavedSessionId(await sink.finish(result));
        onSaved();
      } else if ((await sink.abandon()) !== null) {
        onSaved(); // stopped or failed: what was analysed stays in the library, as a 'recovered' session
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [store, whenOpen, onSaved]);

  const close = useCallback(() => {
    setAnalysis(null);
    setSavedSessionId(null);
    setError(null);
  }, []);

  const subscribe = useMemo(() => (analysis ? oncePerAnimationFrame(analysis.subscribe) : EMPTY), [analysis]);
  const snapshot = useSyncExternalStore(subscribe, analysis?.getSnapshot ?? NULL_SNAPSHOT);
  const setPreviewCanvas = useCallback((canvas: HTMLCanvasElement | null) => { previewCanvas.current = canvas; }, []);
  return { analysis, snapshot, savedSessionId, error, waitingFile, start, close, setPreviewCanvas };
}
