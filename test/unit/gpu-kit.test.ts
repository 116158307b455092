/**
 * The GPU kit's Python side on this machine (no GPU, no transformers): bench/gpu/run.py unpacks a Debian package
 * without dpkg exactly as `dpkg -x` does, and bench/torch_engine.py refuses --device=cuda clearly where PyTorch has
 * no CUDA. (The whole kit runs end to end with `npm run bench:gpu`, on SwiftShader here: docs/gpu.md.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftstudio-gpu-kit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const python = '/usr/bin/python3';
const hasDpkgDeb = spawnSync('dpkg-deb', ['--version']).status === 0;

function py(code: string, ...args: string[]) {
  const r = spawnSync(python, ['-c', code, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!hasDpkgDeb)('run.py unpacks Debian packages without dpkg', () => {
  it('gives the same files and links as dpkg -x, for xz and gzip data', () => {
    const pkg = path.join(tmp, 'pkg');
    const lib = path.join(pkg, 'usr/lib/x86_64-linux-gnu');
    fs.mkdirSync(path.join(pkg, 'DEBIAN'), { recursive: true });
    fs.mkdirSync(lib, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'DEBIAN/control'), 'Package: libfts-test1\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: test\n');
    fs.writeFileSync(path.join(lib, 'libfts.so.1.2.3'), Buffer.from(Array.from({ length: 4097 }, (_, i) => i % 251))); // odd size: ar padding
    fs.symlinkSync('libfts.so.1.2.3', path.join(lib, 'libfts.so.1'));
    for (const z of ['xz', 'gzip']) {
      const deb = path.join(tmp, `libfts-${z}.deb`);
      const built = spawnSync('dpkg-deb', [`-Z${z}`, '--root-owner-group', '--build', pkg, deb], { encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      const ours = path.join(tmp, `ours-${z}`);
      const theirs = path.join(tmp, `theirs-${z}`);
      expect(spawnSync('dpkg-deb', ['-x', deb, theirs]).status).toBe(0);
      const r = py('import sys; sys.path.insert(0, "bench/gpu"); import run; run.unpack_deb(sys.argv[1], sys.argv[2])', deb, ours);
      expect(r.code, r.err).toBe(0);
      const rel = 'usr/lib/x86_64-linux-gnu';
      expect(fs.readFileSync(path.join(ours, rel, 'libfts.so.1'))).toEqual(fs.readFileSync(path.join(theirs, rel, 'libfts.so.1')));
      expect(fs.readlinkSync(path.join(ours, rel, 'libfts.so.1'))).toBe('libfts.so.1.2.3');
      expect(fs.readdirSync(path.join(ours, rel)).sort()).toEqual(fs.readdirSync(path.join(theirs, rel)).sort());
    }
  });

  it('names the file that is not a Debian package', () => {
    const bad = path.join(tmp, 'not-a.deb');
    fs.writeFileSync(bad, 'hello');
    const r = py('import sys; sys.path.insert(0, "bench/gpu"); import run; run.unpack_deb(sys.argv[1], sys.argv[2])', bad, path.join(tmp, 'x'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not-a\.deb is not a Debian package/);
  });
});

describe('torch_engine.py --device', () => {
  const hasCuda = py('import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)').code === 0;
  it.skipIf(hasCuda)('refuses cuda where PyTorch sees none, and times the CPU step with a bounded loop', () => {
    const shape = JSON.stringify([{ name: 't', layers: 1, hidden: 32, heads: 2, ffn: 64, batch: 2, seq: 16, steps: 1000 }]);
    const cuda = spawnSync(python, ['bench/torch_engine.py', '--device=cuda', shape], { cwd: root, encoding: 'utf8' });
    expect(cuda.status).toBe(1);
    expect(cuda.stderr).toMatch(/--device=cuda but this PyTorch \(.*\) sees no CUDA device/);
    const cpu = spawnSync(python, ['bench/torch_engine.py', '--device=cpu', '--max-seconds=0.2', shape], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(cpu.status, cpu.stderr).toBe(0);
    const r = JSON.parse(cpu.stdout.trim()) as { steps: number; device: string; samples_per_s: number };
    expect(r.device).toBe('cpu');
    expect(r.steps).toBeGreaterThanOrEqual(1);
    expect(r.steps).toBeLessThan(1000); // the 0.2 s limit stopped the loop
    expect(r.samples_per_s).toBeGreaterThan(0);
  });
});
