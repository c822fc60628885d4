/** The two analysis workers, wired: face (MediaPipe + alignment) → crops over a MessageChannel → model (DSP + tfjs). */
import type { FromFaceWorker, FromModelWorker, PipelineInitOptions, ToFaceWorker, ToModelWorker } from '../../workers/protocol';

export interface PipelineWorkers {
  sendFace(message: ToFaceWorker, transfer?: Transferable[]): void;
  sendModel(message: ToModelWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

export interface WorkerHandlers {
  onFace(message: FromFaceWorker): void;
  onModel(message: FromModelWorker): void;
  /** a worker threw outside its own error handling (its script failed to load, say) */
  onCrash(worker: 'face' | 'model', message: string): void;
}

/** Starts both workers and sends them `init`; `namePrefix` names them in the browser's task manager and devtools. */
export function startPipelineWorkers(init: PipelineInitOptions, handlers: WorkerHandlers, namePrefix: string): PipelineWorkers {
  const face = new Worker(new URL('../../workers/face.worker.ts', import.meta.url), { type: 'module', name: `${namePrefix}-face` });
  const model = new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: `${namePrefix}-model` });
  face.onmessage = (event: MessageEvent<FromFaceWorker>) => handlers.onFace(event.data);
  model.onmessage = (event: MessageEvent<FromModelWorker>) => handlers.onModel(event.data);
  face.onerror = (event) => handlers.onCrash('face', event.message);
  model.onerror = (event) => handlers.onCrash('model', event.message);
  const crops = new MessageChannel();
  const workers: PipelineWorkers = {
    sendFace: (message, transfer = []) => face.postMessage(message, transfer),
    sendModel: (message, transfer = []) => model.postMessage(message, transfer),
    terminate: () => {
      face.terminate();
      model.terminate();
    },
  };
  workers.sendFace({ type: 'model-port', port: crops.port1 }, [crops.port1]);
  workers.sendModel({ type: 'face-port', port: crops.port2 }, [crops.port2]);
  workers.sendFace({ type: 'init', options: init });
  workers.sendModel({ type: 'init', options: init });
  return workers;
}
