/** Start-up settings from the URL (`?backend=wasm&model=<id>&audio=off&record=vp8&faces=2`), so a set-up can be linked. */
import { LIVE_MAX_TRACKS } from '../core/tracking';
import type { RecordingCodecChoice } from '../io/recorder';
import type { BackendChoice } from '../workers/protocol';

export interface PageSettings {
  backend: BackendChoice;
  modelId: string | null;
  useMicrophone: boolean;
  /** the recording's video codec: 'auto' (H.264 where the browser records and plays it, else VP8) or forced */
  recordingCodec: RecordingCodecChoice;
  /** most faces tracked live, each with its own plots (1–4; default LIVE_MAX_TRACKS) */
  maxFaces: number;
}

const MAX_FACES_CHOICES = [1, 2, 3, 4];

const BACKENDS: BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const RECORDING_CODECS: RecordingCodecChoice[] = ['auto', 'h264', 'vp8'];

export function readPageSettings(search: string): PageSettings {
  const params = new URLSearchParams(search);
  const backend = params.get('backend') as BackendChoice | null;
  const recordingCodec = params.get('record') as RecordingCodecChoice | null;
  return {
    backend: backend && BACKENDS.includes(backend) ? backend : 'auto',
    modelId: params.get('model'),
    useMicrophone: params.get('audio') !== 'off',
    recordingCodec: recordingCodec && RECORDING_CODECS.includes(recordingCodec) ? recordingCodec : 'auto',
    maxFaces: MAX_FACES_CHOICES.includes(Number(params.get('faces'))) ? Number(params.get('faces')) : LIVE_MAX_TRACKS,
  };
}

/** The model list's entries and the default-model rule live in core (io/assets loads the list). */
export { chooseModel, type ModelIndexEntry } from '../core/model-index';
