import { errorMessage } from '../core/errors';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { PipelineController, type PipelineSnapshot } from './pipeline/controller';
import { chooseModel, readPageSettings, type ModelIndexEntry } from './settings';

export interface PipelineState {
  controller: PipelineController | null;
  snapshot: PipelineSnapshot | null;
  models: ModelIndexEntry[];
  startupError: string | null;
}

const EMPTY = () => () => {};
const NULL_SNAPSHOT = () => null;

/** Creates the controller once the model index is read; disposes it on unmount. */
export function usePipeline(): PipelineState {
  const [controller, setController] = useState<PipelineController | null>(null);
  const [models, setModels] = useState<ModelIndexEntry[]>([]);
  const [startupError, setStartupError] = useState<string | null>(null);

  useEffect(() => {
    let created: PipelineController | null = null;
    let cancelled = false;
    const settings = readPageSettings(window.location.search);
    (async () => {
      const response = await fetch('/models/index.json').catch(() => null);
      if (!response?.ok) throw new Error('The model list /models/index.json is missing. Run `npm run setup` to generate the default model.');
      const index = (await response.json()) as ModelIndexEntry[];
      const model = chooseModel(index, settings.modelId);
      if (!model) throw new Error(`No model "${settings.modelId ?? '(default)'}" in /models/index.json.`);
      if (cancelled) return;
      setModels(index);
      created = new PipelineController({
        useMicrophone: settings.useMicrophone,
        init: {
          manifestUrl: `/models/${model.manifest}`,
          backend: settings.backend,
          mediapipeWasmBaseUrl: '/vendor/mediapipe/wasm',
          landmarkerUrl: '/vendor/mediapipe/face_landmarker.task',
          landmarkerSha256Url: '/vendor/mediapipe/face_landmarker.task.sha256',
          tfjsWasmPrefix: '/vendor/tfjs-wasm/',
        },
      });
      // Read-only handle for `npm run bench` and for debugging from the console.
      (window as unknown as { __affectscope?: PipelineController }).__affectscope = created;
      setController(created);
    })().catch((error: unknown) => setStartupError(errorMessage(error)));
    return () => {
      cancelled = true;
      void created?.dispose();
    };
  }, []);

  const snapshot = useSyncExternalStore(controller?.subscribe ?? EMPTY, controller?.getSnapshot ?? NULL_SNAPSHOT);
  return { controller, snapshot, models, startupError };
}
