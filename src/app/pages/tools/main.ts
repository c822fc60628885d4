/**
 * /tools.html: the live page's preprocessing and model, offered to the data scripts
 * (`npm run prepare-data`, `npm run evaluate`) as window.affectscopeTools.call(method, ...args),
 * which runs a ToolsSession method in the tools worker. Nothing runs until they call it.
 */
import type { ToolsSession } from './tools-api';
import type { ToolsAnswer, ToolsCall, ToolsMethod } from './tools-protocol';

export interface ToolsClient {
  call<M extends ToolsMethod>(method: M, ...args: Parameters<ToolsSession[M]>): Promise<Awaited<ReturnType<ToolsSession[M]>>>;
}

declare global {
  interface Window {
    affectscopeTools?: ToolsClient;
  }
}

const worker = new Worker(new URL('./tools.worker.ts', import.meta.url), { type: 'module', name: 'affectscope-tools' });
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

worker.onmessage = (event: MessageEvent<ToolsAnswer>) => {
  const answer = event.data;
  const waiting = pending.get(answer.id);
  if (!waiting) return;
  pending.delete(answer.id);
  if (answer.ok) waiting.resolve(answer.result);
  else waiting.reject(Object.assign(new Error(answer.message), { code: answer.code }));
};
worker.onerror = (event) => {
  for (const waiting of pending.values()) waiting.reject(new Error(`tools worker failed: ${event.message}`));
  pending.clear();
};

window.affectscopeTools = {
  call(method, ...args) {
    const id = nextId++;
    const message: ToolsCall = { id, method, args } as ToolsCall;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(message);
    });
  },
};
const container = document.querySelector<HTMLElement>('[data-testid="tools"]');
if (container) container.dataset.state = 'ready';
