/**
 * The CLI on WebGPU in Node through the `webgpu` npm package (Dawn), here on Chromium's SwiftShader Vulkan driver
 * (no GPU on the build machines): the same per-step losses as wasm, and no WebGPU validation error on the way
 * (an invalid pipeline silently drops a whole command buffer, so wrong numbers would follow).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tinyBert = path.join(root, 'test/fixtures/hub/ftstudio-fixtures/tiny-bert');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-cli-webgpu-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';

function train(backend: string) {
  const data = path.join(tmp, 'tiny.csv');
  fs.writeFileSync(data, 'text,label\n' + [
    'free prize call now,spam', 'hello how are you,ham', 'win cash now text,spam', 'see you at lunch,ham',
    'claim your reward,spam', 'ok thanks mate,ham', 'urgent you won,spam', 'are we meeting today,ham',
  ].join('\n') + '\n');
  const r = spawnSync(process.execPath, [
    path.join(root, 'bin/finetune-studio.js'), 'train', '--data', data, '--text-column', 'text', '--label-column', 'label',
    '--model', tinyBert, '--out', path.join(tmp, backend), '--epochs', '2', '--batch-size', '4', '--max-length', '16',
    '--backend', backend,
  ], {
    cwd: root, encoding: 'utf8', timeout: 280_000,
    env: { ...process.env, VK_ICD_FILENAMES: swiftshader, LD_LIBRARY_PATH: '/usr/lib/chromium' },
  });
  const losses = [...r.stdout.matchAll(/^step \d+\/\d+ epoch [\d.]+ loss ([\d.]+)/gm)].map((m) => Number(m[1]));
  return { code: r.status, out: r.stdout, err: r.stderr, losses };
}

describe.skipIf(!fs.existsSync(swiftshader))('finetune-studio CLI on WebGPU (Dawn in Node)', () => {
  it('trains with the same losses as wasm and no WebGPU validation errors', () => {
    const gpu = train('webgpu');
    expect(gpu.code, gpu.err).toBe(0);
    expect(gpu.out).toMatch(/started on webgpu \(chosen with --backend on .*swiftshader.*software/i);
    expect(gpu.err + gpu.out).not.toMatch(/\[Invalid |^validation:|exceeds the maximum/m);
    const cpuSide = train('wasm');
    expect(cpuSide.code, cpuSide.err).toBe(0);
    expect(gpu.losses.length).toBeGreaterThanOrEqual(3);
    expect(gpu.losses).toHaveLength(cpuSide.losses.length);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpuSide.losses[i]), `step ${i + 1}`).toBeLessThanOrEqual(1e-4));
  });
});
