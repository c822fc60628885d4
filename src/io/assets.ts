/**
 * Where the app's own files are served: the MediaPipe and tfjs WebAssembly binaries and face_landmarker.task
 * that setup copies into public/vendor/ (never a CDN), and the model list public/models/index.json.
 */
import { AffectscopeError } from '../core/errors';
import { validateModelIndex, type ModelIndexEntry } from '../core/model-index';

/** folder of the MediaPipe tasks-vision wasm files */
export const MEDIAPIPE_WASM_BASE_URL = '/vendor/mediapipe/wasm';
/** MediaPipe Face Landmarker model, and the sha256 (hex text) setup recorded for it */
export const LANDMARKER_URL = '/vendor/mediapipe/face_landmarker.task';
export const LANDMARKER_SHA256_URL = '/vendor/mediapipe/face_landmarker.task.sha256';
/** prefix of the tfjs-backend-wasm binaries, ending in '/' */
export const TFJS_WASM_PREFIX = '/vendor/tfjs-wasm/';
export const MODEL_INDEX_URL = '/models/index.json';

/** The landmarker's files, in io/landmarker's option names. */
export const LANDMARKER_ASSETS = {
  wasmBaseUrl: MEDIAPIPE_WASM_BASE_URL,
  modelUrl: LANDMARKER_URL,
  modelSha256Url: LANDMARKER_SHA256_URL,
} as const;

/** URL of a listed model's manifest.json */
export function modelManifestUrl(entry: Pick<ModelIndexEntry, 'manifest'>): string {
  return `/models/${entry.manifest}`;
}

export type IndexFetch = (url: string) => Promise<Pick<Response, 'ok' | 'json'>>;

/**
 * Fetches and validates /models/index.json. Throws AffectscopeError 'model-missing' (absent or unreachable:
 * with the fix) or 'model-manifest' (not a list of models).
 */
export async function loadModelIndex(fetchFn: IndexFetch = (url) => fetch(url)): Promise<ModelIndexEntry[]> {
  const response = await fetchFn(MODEL_INDEX_URL).catch(() => null);
  if (!response?.ok) throw new AffectscopeError('model-missing', 'The model list /models/index.json is missing. Run `npm run setup` to generate the default model.');
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new AffectscopeError('model-manifest', `/models/index.json: expected JSON, got ${(error as Error).message}`, { cause: error });
  }
  return validateModelIndex(json);
}
