import { errorMessage } from '../core/errors';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { PipelineController, type PipelineSnapshot } from './pipeline/controller';
import { oncePerAnimationFrame } from './pipeline/snapshot-store';
import { loadPipelineStart } from './pipeline/init';
import type { ModelIndexEntry, PageSettings } from './settings';

export interface PipelineState {
  controller: PipelineController | null;
  snapshot: PipelineSnapshot | null;
  models: ModelIndexEntry[];
  /** the URL's settings, once read */
  settings: PageSettings | null;
  startupError: string | null;
}

const EMPTY = () => () => {};
const NULL_SNAPSHOT = () => null;

/** Creates the controller once the model index is read; disposes it on unmount. */
export function usePipeline(): PipelineState {
  const [controller, setController] = useState<PipelineController | null>(null);
  const [models, setModels] = useState<ModelIndexEntry[]>([]);
  const [settings, setSettings] = useState<PageSettings | null>(null);
  const [startupError, setStartupError] = useState<string | null>(null);

  useEffect(() => {
    let created: PipelineController | null = null;
    let cancelled = false;
    (async () => {
      const { settings, models: index, init } = await loadPipelineStart(window.location.search);
      if (cancelled) return;
      setModels(index);
      setSettings(settings);
      created = new PipelineController({ useMicrophone: settings.useMicrophone, maxFaces: settings.maxFaces, init });
      // Read-only handle for `npm run bench` and for debugging from the console.
      (window as unknown as { __affectscope?: PipelineController }).__affectscope = created;
      setController(created);
    })().catch((error: unknown) => setStartupError(errorMessage(error)));
    return () => {
      cancelled = true;
      void created?.dispose();
    };
  }, []);

  const subscribe = useMemo(() => (controller ? oncePerAnimationFrame(controller.subscribe) : EMPTY), [controller]);
  const snapshot = useSyncExternalStore(subscribe, controller?.getSnapshot ?? NULL_SNAPSHOT);
  return { controller, snapshot, models, settings, startupError };
}
