import type React from 'react';
import type { VideoClock } from './use-video-clock';

export const PLAYBACK_RATES = [0.5, 1, 1.5, 2] as const;

/** m:ss.t, e.g. 83 400 ms → "1:23.4". */
export function formatReplayTime(ms: number): string {
  const tenths = Math.max(0, Math.floor(ms / 100));
  const minutes = Math.floor(tenths / 600);
  const seconds = Math.floor((tenths % 600) / 10);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${tenths % 10}`;
}

/** One video frame at 30 fps (the ABAW grid), ms: what an arrow key steps. */
const FRAME_STEP_MS = 1000 / 30;

/**
 * Play/pause, a scrub slider over the session's duration (ms), the speed, and the time readout. Keyboard, with the
 * focus anywhere in the controls: Space plays or pauses, ←/→ step one frame (with Shift one second).
 */
export function ReplayControls({ clock, durationMs }: { clock: VideoClock; durationMs: number }) {
  const shownMs = Math.min(clock.currentTimeMs, durationMs);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === ' ' && target.tagName !== 'BUTTON' && target.tagName !== 'SELECT') {
      event.preventDefault();
      clock.togglePlay();
    } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && target.tagName !== 'SELECT') {
      event.preventDefault();
      const stepMs = (event.shiftKey ? 1000 : FRAME_STEP_MS) * (event.key === 'ArrowLeft' ? -1 : 1);
      clock.seek(Math.min(durationMs, Math.max(0, shownMs + stepMs)));
    }
  };
  return (
    <div className="replay-controls" onKeyDown={onKeyDown}>
      <button onClick={clock.togglePlay} disabled={!clock.ready} data-testid="replay-play" data-state={clock.playing ? 'playing' : 'paused'}>
        {clock.playing ? 'Pause' : 'Play'}
      </button>
      <input
        type="range" className="replay-seek" min={0} max={durationMs} step={1} value={shownMs} disabled={!clock.ready}
        onChange={(e) => clock.seek(Number(e.target.value))} aria-label="position in the recording, ms (← → one frame, Shift one second, Space plays or pauses)" data-testid="replay-seek"
      />
      <span className="replay-time" data-testid="replay-time" data-current-ms={shownMs} data-duration-ms={durationMs}>
        {formatReplayTime(shownMs)} / {formatReplayTime(durationMs)}
      </span>
      <label className="small">
        speed{' '}
        <select value={clock.playbackRate} onChange={(e) => clock.setPlaybackRate(Number(e.target.value))} data-testid="replay-speed">
          {PLAYBACK_RATES.map((rate) => <option key={rate} value={rate}>{rate}×</option>)}
        </select>
      </label>
    </div>
  );
}
