import * as tf from '@tensorflow/tfjs-core';
import { AffectscopeError, errorMessage } from '../core/errors';
import type { AdapterProbes, AdapterReport } from './adapter-probe';
import { BROWSER_ADAPTER_PROBES } from './adapter-probe';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface ResolveBackendOptions {
  /**
   * Use a WebGPU fallback adapter or a SwiftShader/llvmpipe WebGL renderer. Off by default: they are
   * 20–80× slower than wasm (NOTES.md); pass true when the user picked that backend themselves.
   */
  allowSoftwareAdapter?: boolean;
  /** where the tfjs-backend-wasm .wasm files are served, ending in '/' (the app uses '/vendor/tfjs-wasm/') */
  wasmPathPrefix?: string;
  /** feature detection; replaced in tests */
  probes?: AdapterProbes;
}

export interface ResolvedBackend {
  name: BackendName;
  /** every backend tried before `name`, with why it was not used */
  skipped: SkippedBackend[];
}

function gpuRefusal(report: AdapterReport, allowSoftwareAdapter: boolean): string | null {
  if (!report.available) return report.reason;
  if (report.software && !allowSoftwareAdapter) {
    return `adapter is a software fallback (${report.description}), 20–80× slower than wasm; choose this backend explicitly to use it anyway`;
  }
  return null;
}

/** Imports the backend package and sets its flags; returns why it cannot be used, or null. */
async function prepare(name: BackendName, options: ResolveBackendOptions): Promise<string | null> {
  const probes = options.probes ?? BROWSER_ADAPTER_PROBES;
  const allowSoftware = options.allowSoftwareAdapter ?? false;
  switch (name) {
    case 'webgpu': {
      const refusal = gpuRefusal(await probes.webgpu(), allowSoftware);
      if (refusal) return refusal;
      await import('@tensorflow/tfjs-backend-webgpu');
      // <video> cannot be imported as an external texture on the measured machines (NOTES.md).
      tf.env().set('WEBGPU_IMPORT_EXTERNAL_TEXTURE', false);
      return null;
    }
    case 'webgl': {
      const refusal = gpuRefusal(probes.webgl(), allowSoftware);
      if (refusal) return refusal;
      await import('@tensorflow/tfjs-backend-webgl');
      return null;
    }
    case 'wasm': {
      if (typeof WebAssembly === 'undefined') return 'WebAssembly is missing';
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Paths can only be set before the backend first initialises.
      if (options.wasmPathPrefix && !tf.findBackend('wasm')) wasm.setWasmPaths(options.wasmPathPrefix);
      // The threaded wasm worker breaks in Vite production builds; single-thread SIMD is as fast on 2 cores.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      return null;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return null;
  }
}

/**
 * Tries `preferred` in order and makes the first that works the tf backend, recording why each earlier one
 * was skipped. Throws AffectscopeError('backend-unavailable') "no available backend found. ERR: [webgpu] …, …".
 */
export async function resolveBackend(
  preferred: readonly BackendName[] = BACKEND_NAMES,
  options: ResolveBackendOptions = {},
): Promise<ResolvedBackend> {
  if (preferred.length === 0 || preferred.some((name) => !BACKEND_NAMES.includes(name))) {
    throw new AffectscopeError('invalid-options', `resolveBackend: expected a non-empty list of ${BACKEND_NAMES.join(' | ')}, got ${JSON.stringify(preferred)}`);
  }
  const skipped: SkippedBackend[] = [];
  for (const name of preferred) {
    let reason: string | null;
    try {
      reason = await prepare(name, options);
      // setBackend only warns and returns false when the backend's factory fails.
      if (reason === null && !(await tf.setBackend(name))) reason = `tf.setBackend('${name}') failed to initialise`;
      if (reason === null) await tf.ready();
    } catch (error) {
      // e.g. tfjs-backend-webgpu: "Cannot read properties of null (reading 'features')" when there is no adapter.
      reason = errorMessage(error);
    }
    if (reason === null) return { name, skipped };
    skipped.push({ name, reason });
  }
  const details = skipped.map((s) => `[${s.name}] ${s.reason}`).join(', ');
  const onlyWebGpu = preferred.length === 1 && preferred[0] === 'webgpu';
  throw new AffectscopeError(onlyWebGpu ? 'webgpu-missing' : 'backend-unavailable', `no available backend found. ERR: ${details}`);
}
