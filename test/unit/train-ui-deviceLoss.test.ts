import { describe, expect, it } from 'vitest';
import { chooseBackend, type BackendChoice } from '../../src/worker/backendChoice';
import { runWithDeviceLossFallback, type FallbackSteps } from '../../src/worker/deviceLossFallback';

const gpu = { isFallback: false, vendor: 'nvidia', architecture: '', description: '' };

/** Scripted steps: `plan[i]` says what attempt i does ('ok', 'lose' the device mid-run, or 'fail'). */
function scripted(plan: ('ok' | 'lose' | 'fail' | 'lose-late')[], checkpoints: (string | undefined)[]) {
  const log: string[] = [];
  let lossHandlers: ((why: string) => void)[] = [];
  let attempt = 0;
  let stops = 0;
  const steps: FallbackSteps = {
    startBackend: async (c: BackendChoice) => { log.push(`start ${c.backend}`); return c; },
    announce: (c) => log.push(`announce ${c.backend}: ${c.reason}`),
    watchLoss: (h) => { lossHandlers.push(h); },
    stopCurrent: () => { stops++; },
    latestCheckpointId: async () => checkpoints.shift(),
    run: async (c, from, lost) => {
      const what = plan[attempt++];
      log.push(`run ${c.backend} from ${from ?? 'scratch'}`);
      if (what === 'lose') {
        lossHandlers.at(-1)!('gpu reset');
        expect(lost()).toBe(true);
        throw new Error('device is gone');
      }
      if (what === 'lose-late') {
        // An earlier attempt's device reports its loss only now: it must not stop this run.
        lossHandlers[0]('old device destroyed');
        expect(lost()).toBe(false);
        return;
      }
      if (what === 'fail') throw new Error('NaN in the loss');
    },
  };
  return { steps, log, get stops() { return stops; }, reset: () => { lossHandlers = []; } };
}

describe('runWithDeviceLossFallback', () => {
  it('continues on the next backend from the newest checkpoint after a device loss', async () => {
    const s = scripted(['lose', 'ok'], ['job/step-6']);
    await runWithDeviceLossFallback(chooseBackend('auto', { webgpu: gpu, wasm: true, webgl: false }), s.steps, 'job/step-2');
    expect(s.log.filter((l) => l.startsWith('run'))).toEqual(['run webgpu from job/step-2', 'run wasm from job/step-6']);
    expect(s.log.find((l) => l.startsWith('announce wasm'))).toMatch(/webgpu device was lost; continuing on wasm from the last checkpoint/);
    expect(s.stops).toBe(1);
  });

  it('keeps the original resume point when no checkpoint was written yet', async () => {
    const s = scripted(['lose', 'ok'], [undefined]);
    await runWithDeviceLossFallback(chooseBackend('webgpu', { webgpu: gpu, wasm: true, webgl: false }), s.steps);
    expect(s.log.filter((l) => l.startsWith('run'))).toEqual(['run webgpu from scratch', 'run wasm from scratch']);
  });

  it('passes other errors through and ignores a stale loss signal', async () => {
    const failing = scripted(['fail'], []);
    await expect(runWithDeviceLossFallback(chooseBackend('auto', { webgpu: gpu, wasm: true, webgl: false }), failing.steps)).rejects.toThrow('NaN in the loss');
    const stale = scripted(['lose', 'lose-late'], ['c1']);
    await runWithDeviceLossFallback(chooseBackend('auto', { webgpu: gpu, wasm: true, webgl: false }), stale.steps);
    expect(stale.stops).toBe(1);
  });

  it('gives up with a clear message when no backend is left', async () => {
    const s = scripted(['lose', 'lose'], ['c1', 'c2']);
    const choice = chooseBackend('webgpu', { webgpu: gpu, wasm: false, webgl: false });
    await expect(runWithDeviceLossFallback(choice, s.steps)).rejects.toThrow('the cpu device was lost and no other backend is left');
  });
});
