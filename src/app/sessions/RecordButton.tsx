import { formatDurationMs } from './format';
import type { RecordingState } from './useRecording';

export function RecordButton({ recording, disabled }: { recording: RecordingState; disabled: boolean }) {
  return (
    <div className="record">
      {recording.active ? (
        <button className="recording" onClick={() => void recording.stop()} data-testid="record-button" data-state="recording">
          ■ Stop <span data-testid="recording-elapsed">{formatDurationMs(recording.elapsedMs)}</span>
        </button>
      ) : (
        <button onClick={() => void recording.start()} disabled={disabled} data-testid="record-button" data-state="idle">● Record</button>
      )}
      {recording.error && <span className="message error small" data-testid="recording-error">{recording.error}</span>}
    </div>
  );
}
