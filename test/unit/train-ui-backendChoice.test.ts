import { describe, expect, it } from 'vitest';
import { chooseBackend, nextBackend, probeWebGpu, type BackendProbe } from '../../src/worker/backendChoice';

const hw = { isFallback: false, vendor: 'nvidia', architecture: 'hopper', description: '' };
const sw = { isFallback: true, vendor: 'google', architecture: 'swiftshader', description: '' };

describe('chooseBackend', () => {
  it('picks WebGPU on a hardware adapter, wasm next', () => {
    const c = chooseBackend('auto', { webgpu: hw, wasm: true, webgl: true });
    expect(c.backend).toBe('webgpu');
    expect(c.fallbacks).toEqual(['wasm', 'webgl', 'cpu']);
    expect(c.reason).toContain('nvidia hopper');
  });
  it('prefers wasm over a software WebGPU adapter and says why', () => {
    const c = chooseBackend('auto', { webgpu: sw, wasm: true, webgl: true });
    expect(c.backend).toBe('wasm');
    expect(c.fallbacks).toEqual(['webgl', 'webgpu', 'cpu']);
    expect(c.reason).toMatch(/software fallback/);
  });
  it('honours an override, even the software adapter', () => {
    const c = chooseBackend('webgpu', { webgpu: sw, wasm: true, webgl: false });
    expect(c.backend).toBe('webgpu');
    expect(c.fallbacks).toEqual(['wasm', 'cpu']);
    expect(c.reason).toMatch(/software adapter/);
  });
  it('falls back when the override is unavailable', () => {
    const probe: BackendProbe = { webgpu: null, wasm: false, webgl: true };
    const c = chooseBackend('webgpu', probe);
    expect(c.backend).toBe('webgl');
    expect(c.reason).toMatch(/not available/);
  });
  it('walks the fallback list after a device loss and ends at null', () => {
    let c = chooseBackend('webgpu', { webgpu: hw, wasm: true, webgl: false });
    const seen = [c.backend];
    for (let n = nextBackend(c, c.backend); n; n = nextBackend(c, c.backend)) { c = n; seen.push(c.backend); }
    expect(seen).toEqual(['webgpu', 'wasm', 'cpu']);
  });
});

describe('probeWebGpu', () => {
  it('reads isFallbackAdapter from adapter.info or the adapter', async () => {
    expect(await probeWebGpu(undefined)).toBeNull();
    expect(await probeWebGpu({ requestAdapter: async () => null })).toBeNull();
    const a = await probeWebGpu({ requestAdapter: async () => ({ info: { vendor: 'v', isFallbackAdapter: true } }) });
    expect(a).toEqual({ isFallback: true, vendor: 'v', architecture: '', description: '' });
    const b = await probeWebGpu({ requestAdapter: async () => ({ isFallbackAdapter: false }) });
    expect(b?.isFallback).toBe(false);
    expect(await probeWebGpu({ requestAdapter: async () => { throw new Error('x'); } })).toBeNull();
  });
});
