/**
 * The tools page's worker: the ToolsSession runs here, in a module worker like the live page's face and
 * model workers (MediaPipe's module loader needs one), one call at a time in arrival order.
 */
import { errorMessage, isAffectscopeError } from '../../../core/errors';
import { downgradeInformationalStderr, installOffOriginFetchGuard } from '../../../io/network-guard';
import { ToolsSession } from './tools-api';
import type { ToolsAnswer, ToolsCall } from './tools-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
installOffOriginFetchGuard(scope);
downgradeInformationalStderr();

const session = new ToolsSession();
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToolsCall>) => {
  const { id, method, args } = event.data;
  queue = queue.then(async () => {
    let answer: ToolsAnswer;
    try {
      const fn = session[method] as (...a: unknown[]) => unknown;
      answer = { id, ok: true, result: await fn.apply(session, args) };
    } catch (error) {
      answer = { id, ok: false, code: isAffectscopeError(error) ? error.code : 'internal', message: errorMessage(error) };
    }
    scope.postMessage(answer);
  });
};
