/** The live page's two workers, started for one file analysis: face (MediaPipe + alignment) → model (DSP + tfjs). */
import type { FromFaceWorker, FromModelWorker, PipelineInitOptions, ToFaceWorker, ToModelWorker } from '../../workers/protocol';

export interface PipelineWorkers {
  sendFace(message: ToFaceWorker, transfer?: Transferable[]): void;
  sendModel(message: ToModelWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

export function startPipelineWorkers(
  init: PipelineInitOptions,
  onFace: (message: FromFaceWorker) => void,
  onModel: (message: FromModelWorker) => void,
  onCrash: (text: string) => void,
): PipelineWorkers {
  const face = new Worker(new URL('../../workers/face.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-file-face' });
  const model = new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-file-model' });
  face.onmessage = (event: MessageEvent<FromFaceWorker>) => onFace(event.data);
  model.onmessage = (event: MessageEvent<FromModelWorker>) => onModel(event.data);
  face.onerror = (event) => onCrash(`The face worker failed: ${event.message}`);
  model.onerror = (event) => onCrash(`The model worker failed: ${event.message}`);
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
