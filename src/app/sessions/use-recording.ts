import { useCallback, useEffect, useRef, useState } from 'react';
import { isAffectscopeError, errorMessage } from '../../core/errors';
import type { RecordingCodecChoice } from '../../io/recorder';
import type { SessionStore } from '../../io/session-store';
import type { PipelineController } from '../pipeline/controller';
import { SessionRecording, sessionModel } from '../pipeline/recording';
import { frameRecordOf } from '../pipeline/frame-record';
import { formatDurationMs } from './format';

export interface RecordingState {
  active: boolean;
  elapsedMs: number;
  /** media bytes saved in the library so far (refreshed every 2 s while recording) */
  savedBytes: number;
  error: string | null;
  /** the recording saved last in this visit, for the feedback beside the Record button */
  /** the recording Stop saved last (until the next Record) */
  lastSaved: { sessionId: string; name: string; durationMs: number } | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Records the live camera + microphone and every analysed frame into the session store. */
export function useRecording(controller: PipelineController | null, store: SessionStore | null, onSaved: () => void, codec: RecordingCodecChoice = 'auto'): RecordingState {
  const recording = useRef<SessionRecording | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);
  const [active, setActive] = useState(false);
  const [elapsedMs, setElapsedMs] = useState(0);
  const [savedBytes, setSavedBytes] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [lastSaved, setLastSaved] = useState<RecordingState['lastSaved']>(null);
  const name = useRef('');

  // Leaving the page mid-recording asks first (what was written is recovered anyway, up to its last second).
  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => { event.preventDefault(); event.returnValue = ''; };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setElapsedMs(recording.current?.elapsedMs(performance.now()) ?? 0), 250);
    // What is already saved, as the library counts it (media bytes in the store), every 2 s.
    const sizeTimer = setInterval(() => {
      const id = recording.current?.sessionId;
      if (!id || !store) return;
      void store.list().then((list) => setSavedBytes(list.find((s) => s.id === id)?.byteLength ?? 0), () => undefined);
    }, 2000);
    return () => { clearInterval(timer); clearInterval(sizeTimer); };
  }, [active, store]);

  const finish = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = null;
    recording.current = null;
    setActive(false);
    onSaved();
  }, [onSaved]);

  const start = useCallback(async () => {
    if (!controller || !store || recording.current) return;
    const model = controller.getSnapshot().model;
    const tracks = controller.mediaTracks();
    if (!model || tracks.length === 0) {
      setError('Nothing to record yet: the camera and the model must be running.');
      return;
    }
    setError(null);
    try {
      name.current = `Session ${new Date().toLocaleString()}`;
      setLastSaved(null);
      const started = await SessionRecording.start(store, tracks, sessionModel(model), name.current, (failure, savedMs) => {
        setError(isAffectscopeError(failure) ? failure.message : `Recording stopped: ${String(failure)}; ${formatDurationMs(savedMs)} saved.`);
        finish();
      }, codec);
      recording.current = started;
      unsubscribe.current = controller.onFrame((frame) => started.addFrame(frame.timestampMs, frameRecordOf(frame)));
      setElapsedMs(0);
      setSavedBytes(0);
      setActive(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [controller, store, finish, codec]);

  const stop = useCallback(async () => {
    const current = recording.current;
    if (!current) return;
    unsubscribe.current?.();
    try {
      const durationMs = await current.stop(performance.now());
      setLastSaved({ sessionId: current.sessionId, name: name.current, durationMs });
    } catch (e) {
      setError(errorMessage(e));
    }
    finish();
  }, [finish]);

  return { active, elapsedMs, savedBytes, error, lastSaved, start, stop };
}
