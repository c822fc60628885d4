/** Messages between /tools.html and its worker: a call of one ToolsSession method, and its answer. */
import type { ToolsSession } from './tools-api';

export type ToolsMethod = 'initLandmarker' | 'prepareFaces' | 'loadModel' | 'evaluateFaces' | 'evaluateClip';

export interface ToolsCall<M extends ToolsMethod = ToolsMethod> {
  id: number;
  method: M;
  args: Parameters<ToolsSession[M]>;
}

export type ToolsAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: string; message: string };
