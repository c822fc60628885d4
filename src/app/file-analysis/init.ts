/** The pipeline's start-up options for a file analysis: the model and backend the page's URL asks for (as the live page). */
import type { PipelineInitOptions } from '../../workers/protocol';
import { chooseModel, readPageSettings, type ModelIndexEntry } from '../settings';

export async function pipelineInitFromUrl(search: string): Promise<PipelineInitOptions> {
  const settings = readPageSettings(search);
  const response = await fetch('/models/index.json').catch(() => null);
  if (!response?.ok) throw new Error('The model list /models/index.json is missing. Run `npm run setup` to generate the default model.');
  const model = chooseModel((await response.json()) as ModelIndexEntry[], settings.modelId);
  if (!model) throw new Error(`No model "${settings.modelId ?? '(default)'}" in /models/index.json.`);
  return {
    manifestUrl: `/models/${model.manifest}`,
    backend: settings.backend,
    mediapipeWasmBaseUrl: '/vendor/mediapipe/wasm',
    landmarkerUrl: '/vendor/mediapipe/face_landmarker.task',
    landmarkerSha256Url: '/vendor/mediapipe/face_landmarker.task.sha256',
    tfjsWasmPrefix: '/vendor/tfjs-wasm/',
  };
}
