/** What the page tells the user, one slot per concern so a newer message replaces an older one. */
import type { ErrorCode } from '../../core/errors';

export type MessageSlot = 'camera' | 'microphone' | 'face' | 'model' | 'backend' | 'landmarker' | 'audio';
export type Severity = 'info' | 'warning' | 'error';

export interface UiMessage {
  slot: MessageSlot;
  code: ErrorCode | 'no-face' | 'multiple-faces' | 'audio-suspended' | 'video-only' | 'untrained-model';
  severity: Severity;
  text: string;
}

export const NO_FACE_TEXT = 'No face in view: move into the frame and face the camera. The plots pause instead of showing old values.';
/** `n` faces found, at most `maxTracks` of them tracked (the `faces` URL setting, 1–4). */
export const MULTIPLE_FACES_TEXT = (n: number, maxTracks: number) => n <= maxTracks
  ? `${n} faces in view: each is tracked, with plots of its own (pick a face above the plots).`
  : maxTracks === 1
    ? `${n} faces in view: tracking one (add ?faces=${Math.min(n, 4)} to the address to track each with plots of its own).`
    : `${n} faces in view: tracking ${maxTracks} of them, each with plots of its own (add ?faces=${Math.min(n, 4)} to the address to track more).`;
export const UNTRAINED_TEXT =
  'This model is UNTRAINED (random initial weights, for testing the pipeline). Its outputs are not predictions of affect.';
export const AUDIO_SUSPENDED_TEXT = 'Audio is paused by the browser until you interact: click anywhere on the page to start it.';

export function slotForCode(code: string): MessageSlot {
  if (code.startsWith('camera')) return 'camera';
  if (code.startsWith('microphone')) return 'microphone';
  if (code.startsWith('landmarker')) return 'landmarker';
  if (code.startsWith('model')) return 'model';
  if (code === 'backend-unavailable' || code === 'webgpu-missing') return 'backend';
  return 'model';
}
