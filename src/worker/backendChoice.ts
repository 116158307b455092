/**
 * Which tfjs backend a training job runs on, and why — decided in the worker, shown in the UI.
 *
 * Rule: WebGPU when a real (hardware) adapter exists; otherwise the fastest CPU path, which on these
 * machines is wasm (measured: wasm 44–57 steps/s vs software WebGPU 5–25, see shared notes). The user
 * may override; an override that cannot be honoured falls back along the same order and says so.
 * Pure functions over a small probe result, so the rule is unit-testable without a browser.
 */

import type { BackendName } from '../core/model/backends/names';
import type { BackendPreference } from '../core/spec/jobSpec';

export { BACKEND_NAMES, type BackendName } from '../core/model/backends/names';
export type { BackendPreference } from '../core/spec/jobSpec';

/** What the WebGPU adapter told us; null fields when the browser does not say. */
export interface AdapterSummary {
  isFallback: boolean;
  vendor: string;
  architecture: string;
  description: string;
}

/** What the environment offers, probed once in the worker. */
export interface BackendProbe {
  /** null: no navigator.gpu or requestAdapter() gave nothing. */
  webgpu: AdapterSummary | null;
  wasm: boolean;
  webgl: boolean;
}

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the UI: why this backend. */
  reason: string;
  preference: BackendPreference;
  adapter: AdapterSummary | null;
  /** The backends to try next, in order, if this one fails or its device is lost. */
  fallbacks: BackendName[];
}

/** The minimum of the WebGPU API we read; declared here so no global GPU types are needed. */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export async function probeWebGpu(gpu: GpuLike | undefined): Promise<AdapterSummary | null> {
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      // Chromium moved the flag from the adapter to adapter.info; read both.
      isFallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
    };
  } catch {
    return null;
  }
}

function available(name: BackendName, probe: BackendProbe): boolean {
  switch (name) {
    case 'webgpu': return probe.webgpu !== null;
    case 'wasm': return probe.wasm;
    case 'webgl': return probe.webgl;
    case 'cpu': return true;
    default: {
      const never: never = name;
      throw new Error(`unknown backend ${String(never)}`);
    }
  }
}

function describeAdapter(a: AdapterSummary): string {
  const name = [a.vendor, a.architecture, a.description].filter(Boolean).join(' ');
  return name || 'unnamed adapter';
}

/** The automatic order: real GPU first, then the measured CPU ranking wasm > webgl > cpu. */
function autoOrder(probe: BackendProbe): BackendName[] {
  const realGpu = probe.webgpu !== null && !probe.webgpu.isFallback;
  const order: BackendName[] = realGpu ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'webgpu', 'cpu'];
  return order.filter((b) => available(b, probe));
}

export function chooseBackend(preference: BackendPreference, probe: BackendProbe): BackendChoice {
  const auto = autoOrder(probe);
  if (preference !== 'auto') {
    if (available(preference, probe)) {
      const rest = auto.filter((b) => b !== preference);
      const extra = preference === 'webgpu' && probe.webgpu
        ? ` (${describeAdapter(probe.webgpu)}${probe.webgpu.isFallback ? ', software adapter' : ''})` : '';
      return { backend: preference, preference, adapter: probe.webgpu, fallbacks: rest,
        reason: `${preference} chosen in the job form${extra}.` };
    }
    const [first, ...rest] = auto;
    return { backend: first, preference, adapter: probe.webgpu, fallbacks: rest,
      reason: `${preference} was requested but is not available in this browser; using ${first}.` };
  }
  const [first, ...rest] = auto;
  let reason: string;
  if (first === 'webgpu' && probe.webgpu) reason = `WebGPU on a hardware adapter (${describeAdapter(probe.webgpu)}).`;
  else if (probe.webgpu?.isFallback) reason = `The only WebGPU adapter is a software fallback (${describeAdapter(probe.webgpu)}), slower than ${first} on the CPU.`;
  else reason = `No WebGPU adapter in this browser; ${first} is the fastest available.`;
  return { backend: first, preference, adapter: probe.webgpu, fallbacks: rest, reason };
}

/** The next backend after `failed` in a choice's fallback list, or null when none is left. */
export function nextBackend(choice: BackendChoice, failed: BackendName): BackendChoice | null {
  const rest = choice.fallbacks.filter((b) => b !== failed);
  if (rest.length === 0) return null;
  const [backend, ...fallbacks] = rest;
  return { ...choice, backend, fallbacks, reason: `${failed} failed (device lost or error); continuing on ${backend}.` };
}
