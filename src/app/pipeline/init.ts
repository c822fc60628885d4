/** What a pipeline starts with, from the page's URL: its settings, the model list, and the workers' init options. */
import { requireModel } from '../../core/model-index';
import { LANDMARKER_SHA256_URL, LANDMARKER_URL, loadModelIndex, MEDIAPIPE_WASM_BASE_URL, modelManifestUrl, TFJS_WASM_PREFIX } from '../../io/assets';
import type { PipelineInitOptions } from '../../workers/protocol';
import { readPageSettings, type ModelIndexEntry, type PageSettings } from '../settings';

export interface PipelineStart {
  settings: PageSettings;
  models: ModelIndexEntry[];
  init: PipelineInitOptions;
}

/** Reads /models/index.json and picks the model the URL asks for (the default otherwise); throws with the fix. */
export async function loadPipelineStart(search: string): Promise<PipelineStart> {
  const settings = readPageSettings(search);
  const models = await loadModelIndex();
  const model = requireModel(models, settings.modelId);
  return {
    settings,
    models,
    init: {
      manifestUrl: modelManifestUrl(model),
      backend: settings.backend,
      mediapipeWasmBaseUrl: MEDIAPIPE_WASM_BASE_URL,
      landmarkerUrl: LANDMARKER_URL,
      landmarkerSha256Url: LANDMARKER_SHA256_URL,
      tfjsWasmPrefix: TFJS_WASM_PREFIX,
    },
  };
}

/** The workers' init options alone (file analysis: the same model and backend as the live page would use). */
export async function pipelineInitFromUrl(search: string): Promise<PipelineInitOptions> {
  return (await loadPipelineStart(search)).init;
}
