/**
 * WebGPU in Node through the `webgpu` npm package (Dawn). tfjs-backend-webgpu registers itself at import time
 * only when `navigator.gpu` exists, so this must run before setupBackend('webgpu').
 *
 * Dawn finds a Vulkan (or, with `backend=opengles`, OpenGL ES) driver on the machine. On a machine without a GPU
 * there may be no adapter at all; point VK_ICD_FILENAMES at a software driver (e.g. Chromium's
 * /usr/lib/chromium/vk_swiftshader_icd.json with LD_LIBRARY_PATH=/usr/lib/chromium) to use SwiftShader.
 */
export interface NodeWebGpu {
  /** e.g. "nvidia · ampere" or "google · swiftshader (fallback)" */
  adapter: string;
  isFallbackAdapter: boolean;
}

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
}

export async function installNodeWebGpu(): Promise<NodeWebGpu> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const dawnOptions = process.env.FTS_DAWN_OPTIONS ? process.env.FTS_DAWN_OPTIONS.split(',') : [];
  const gpu = create(dawnOptions);
  const adapter = (await gpu.requestAdapter()) as AdapterLike | null;
  if (!adapter) {
    throw new Error(
      'webgpu: no WebGPU adapter found by Dawn (no Vulkan driver?). Use --backend wasm, or set VK_ICD_FILENAMES to a Vulkan driver.',
    );
  }
  const nav = (globalThis as { navigator?: object }).navigator;
  Object.defineProperty(globalThis, 'navigator', { value: { ...(nav ?? {}), gpu }, configurable: true, writable: true });
  const info = adapter.info ?? {};
  const fallback = adapter.isFallbackAdapter === true || /swiftshader|llvmpipe/i.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
  const name = [info.vendor, info.architecture || info.device || info.description].filter(Boolean).join(' · ') || 'unknown adapter';
  return { adapter: fallback ? `${name} (software fallback)` : name, isFallbackAdapter: fallback };
}
