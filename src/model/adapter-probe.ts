/** What a GPU backend would run on, found by feature detection before tfjs touches it. */
export type AdapterReport =
  | { available: false; reason: string }
  | { available: true; /** a CPU rasteriser (SwiftShader, llvmpipe, …) */ software: boolean; description: string };

export interface AdapterProbes {
  webgpu(): Promise<AdapterReport>;
  webgl(): AdapterReport;
}

// Minimal shapes of the WebGPU objects read here (the DOM lib of TS 5.9 has no WebGPU types).
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

async function probeWebGpu(): Promise<AdapterReport> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is missing' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { available: false, reason: `navigator.gpu.requestAdapter() failed: ${(error as Error).message}` };
  }
  if (!adapter) return { available: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  const software = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE_RENDERER.test(description);
  return { available: true, software, description };
}

function probeWebGl(): AdapterReport {
  let canvas: OffscreenCanvas | HTMLCanvasElement;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(1, 1);
  else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
  else return { available: false, reason: 'no canvas to draw on (OffscreenCanvas and document are missing)' };
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return { available: false, reason: 'WebGL is unavailable (getContext returned null)' };
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, software: SOFTWARE_RENDERER.test(renderer), description: renderer };
}

/** Probes that read navigator.gpu and a throw-away WebGL context. */
export const BROWSER_ADAPTER_PROBES: AdapterProbes = { webgpu: probeWebGpu, webgl: probeWebGl };
