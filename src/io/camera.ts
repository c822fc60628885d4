/** Webcam capture via getUserMedia, with every failure turned into a typed, explained error. */
import { AffectscopeError } from '../core/errors';

export interface CameraOptions {
  /** a specific camera, or undefined for the default one */
  deviceId?: string;
  widthPx: number;
  heightPx: number;
  frameRateHz: number;
}

export const DEFAULT_CAMERA_OPTIONS: CameraOptions = { widthPx: 640, heightPx: 480, frameRateHz: 30 };

/** Maps a getUserMedia rejection for the camera onto the message a person can act on. */
export function cameraErrorFrom(error: unknown): AffectscopeError {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AffectscopeError(
        'camera-denied',
        'Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then press "Retry".',
        { cause: error },
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AffectscopeError(
        'camera-absent',
        'No camera was found. Connect a webcam (or pick another one in the camera list); affectscope will start as soon as it appears.',
        { cause: error },
      );
    case 'NotReadableError':
    case 'AbortError':
      return new AffectscopeError(
        'camera-busy',
        'The camera is in use by another application or could not be started. Close the other app, then press "Retry".',
        { cause: error },
      );
    default:
      return new AffectscopeError('camera-absent', `The camera could not be opened (${name || String(error)}).`, { cause: error });
  }
}

export async function openCamera(options: CameraOptions = DEFAULT_CAMERA_OPTIONS): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new AffectscopeError('camera-absent', 'This browser gives no camera access here (a secure origin such as http://localhost is required).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: {
        deviceId: options.deviceId ? { exact: options.deviceId } : undefined,
        width: { ideal: options.widthPx },
        height: { ideal: options.heightPx },
        frameRate: { ideal: options.frameRateHz },
      },
      audio: false,
    });
  } catch (error) {
    throw cameraErrorFrom(error);
  }
}

export const CAMERA_UNPLUGGED_MESSAGE =
  'The camera stopped (unplugged or taken by another application). Reconnect it; affectscope resumes when it is back.';

export interface MediaDeviceSummary {
  deviceId: string;
  label: string;
}

/** Cameras and microphones currently present (labels appear once permission is granted). */
export async function listMediaDevices(): Promise<{ cameras: MediaDeviceSummary[]; microphones: MediaDeviceSummary[] }> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  const pick = (kind: MediaDeviceKind, fallback: string) =>
    devices
      .filter((d) => d.kind === kind)
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
  return { cameras: pick('videoinput', 'Camera'), microphones: pick('audioinput', 'Microphone') };
}
