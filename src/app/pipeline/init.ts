/** What a pipeline starts with, from the page's URL: its settings, the model list, and the workers' init options. */
import type { PipelineInitOptions } from '../../workers/protocol';
import { chooseModel, readPageSettings, type ModelIndexEntry, type PageSettings } from '../settings';

export interface PipelineStart {
  settings: PageSettings;
  models: ModelIndexEntry[];
  init: PipelineInitOptions;
}

/** Reads /models/index.json and picks the model the URL asks for (the first, by default); throws with the fix. */
export async function loadPipelineStart(search: string): Promise<PipelineStart> {
  const settings = readPageSettings(search);
  const response = await fetch('/models/index.json').catch(() => null);
  if (!response?.ok) throw new Error('The model list /models/index.json is missing. Run `npm run setup` to generate the default model.');
  const models = (await response.json()) as ModelIndexEntry[];
  const model = chooseModel(models, settings.modelId);
  if (!model) throw new Error(`No model "${settings.modelId ?? '(default)'}" in /models/index.json.`);
  return {
    settings,
    models,
    init: {
      manifestUrl: `/models/${model.manifest}`,
      backend: settings.backend,
      mediapipeWasmBaseUrl: '/vendor/mediapipe/wasm',
      landmarkerUrl: '/vendor/mediapipe/face_landmarker.task',
      landmarkerSha256Url: '/vendor/mediapipe/face_landmarker.task.sha256',
      tfjsWasmPrefix: '/vendor/tfjs-wasm/',
    },
  };
}

/** The workers' init options alone (file analysis: the same model and backend as the live page would use). */
export async function pipelineInitFromUrl(search: string): Promise<PipelineInitOptions> {
  return (await loadPipelineStart(search)).init;
}
