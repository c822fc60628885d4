import { formatBytes, formatDurationMs } from './format';
import type { RecordingState } from './use-recording';

/**
 * Record / Stop, with what is happening in words: the elapsed time while recording, where the last recording went
 * after Stop, and a link to the session library (which may be far down the page on a phone).
 */
export function RecordButton({ recording, disabled, sessionIds }: { recording: RecordingState; disabled: boolean; sessionIds: readonly string[] }) {
  // once the saved session is deleted from the library, "Saved …" would point at nothing
  const saved = recording.lastSaved && sessionIds.includes(recording.lastSaved.sessionId) ? recording.lastSaved : null;
  return (
    <div className="record" data-testid="record-controls">
      {recording.active ? (
        <button className="recording" onClick={() => void recording.stop()} data-testid="record-button" data-state="recording">
          ■ Stop <span data-testid="recording-elapsed">{formatDurationMs(recording.elapsedMs)}</span>
        </button>
      ) : (
        <button onClick={() => void recording.start()} disabled={disabled} data-testid="record-button" data-state="idle">● Record</button>
      )}
      {recording.active && (
        <span className="recording-state small" role="status" data-testid="recording-state">
          <span className="rec-dot" aria-hidden="true" />
          <span>
            recording camera, microphone and predictions · <span data-testid="recording-size">{formatBytes(recording.savedBytes)}</span> saved so
            far (every second)
          </span>
        </span>
      )}
      {!recording.active && saved && (
        <span className="small" role="status" data-testid="recording-saved">
          Saved “{saved.name}” ({formatDurationMs(saved.durationMs)}) to the <a href="#sessions">session library</a>.
        </span>
      )}
      {!recording.active && !saved && (
        <a className="small" href="#sessions" data-testid="library-link">Sessions ({sessionIds.length})</a>
      )}
      {recording.error && <span className="message error small" data-testid="recording-error">{recording.error}</span>}
    </div>
  );
}
