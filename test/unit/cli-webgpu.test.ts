/**
 * The CLI on WebGPU in Node through the `webgpu` npm package (Dawn), here on Chromium's SwiftShader Vulkan driver
 * (no GPU on the build machines): the same per-step losses as wasm, and no WebGPU validation error on the way
 * (an invalid pipeline silently drops a whole command buffer, so wrong numbers would follow). The losses come
 * from the run's last checkpoint, which holds every step's: the log lines are throttled by time, so how many
 * of them a run prints depends on how busy the machine is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileCheckpointStore } from '../../src/cli/files';
import { CLI_TEST_OPTIONS, root, runCli } from './cli-helpers';

const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-webgpu-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Every optimizer step's loss, from the newest checkpoint the run left in `out`/checkpoints. */
async function stepLosses(out: string): Promise<number[]> {
  const store = createFileCheckpointStore(path.join(out, 'checkpoints'));
  const newest = (await store.list('cli')).at(-1);
  expect(newest, `no checkpoint in ${out}`).toBeDefined();
  const { history } = (await store.load(newest!.id))!;
  expect(history.steps.map((s) => s.step)).toEqual(Array.from({ length: newest!.step }, (_, i) => i + 1));
  return history.steps.map((s) => s.loss);
}

async function train(backend: string) {
  const data = path.join(tmp, 'tiny.csv');
  fs.writeFileSync(data, 'text,label\n' + [
    'free prize call now,spam', 'hello how are you,ham', 'win cash now text,spam', 'see you at lunch,ham',
    'claim your reward,spam', 'ok thanks mate,ham', 'urgent you won,spam', 'are we meeting today,ham',
  ].join('\n') + '\n');
  const r = await runCli([
    'train', '--data', data, '--text-column', 'text', '--label-column', 'label', '--model', tinyBert,
    '--out', path.join(tmp, backend), '--epochs', '2', '--batch-size', '4', '--max-length', '16', '--backend', backend,
  ], { VK_ICD_FILENAMES: swiftshader, LD_LIBRARY_PATH: '/usr/lib/chromium' });
  return { ...r, dir: path.join(tmp, backend) };
}

describe.skipIf(!fs.existsSync(swiftshader))('finetune-studio CLI on WebGPU (Dawn in Node)', () => {
  it('trains with the same losses as wasm and no WebGPU validation errors', CLI_TEST_OPTIONS, async () => {
    const gpu = await train('webgpu');
    expect(gpu.code, gpu.err).toBe(0);
    expect(gpu.out).toMatch(/started on webgpu \(chosen with --backend on .*swiftshader.*software/i);
    expect(gpu.err + gpu.out).not.toMatch(/\[Invalid |^validation:|exceeds the maximum/m);
    const cpuSide = await train('wasm');
    expect(cpuSide.code, cpuSide.err).toBe(0);
    const [gpuLosses, cpuLosses] = [await stepLosses(gpu.dir), await stepLosses(cpuSide.dir)];
    expect(gpuLosses.length).toBeGreaterThanOrEqual(3);
    expect(gpuLosses).toHaveLength(cpuLosses.length);
    gpuLosses.forEach((l, i) => expect(Math.abs(l - cpuLosses[i]), `step ${i + 1}`).toBeLessThanOrEqual(1e-4));
  });
});
