#!/usr/bin/env python3
"""The GPU bench, run from the kit (.cache/gpu-kit/, built by `npm run bench:gpu:kit`; docs/gpu.md).

Needs Python 3 and PyTorch only — no Node, no network: the kit brings a Node binary, Dawn, the bench bundled
into one file and the Vulkan loader as Debian packages, all unpacked under /tmp by this script.
  1. the engine's training step (forward, backward, AdamW) on WebGPU in Node (Dawn over Vulkan), per shape;
  2. the same step in PyTorch fp32 eager on the GPU (torch_engine.py --device=cuda), per shape;
  3. one table with the ratio; for each shape where WebGPU is under half of PyTorch, a per-kernel profile;
  4. the transformers check: the exported folders load in AutoModelForSequenceClassification and give the
     studio's probabilities within 1e-4 (hf_check.py).
Every stage runs in a subprocess with its own time limit, inside an overall budget (--budget, default 450 s),
so a slow or hung stage is reported and the rest still runs. Results also go to --out as JSON and Markdown.

Usage: python3 run.py [--quick] [--icd FILE] [--device cuda|cpu] [--only NAME] [--budget S] [--out DIR]
  --icd     the Vulkan driver's ICD JSON (default: $FTS_VK_ICD, else NVIDIA's, else $VK_ICD_FILENAMES, else
            Chromium's SwiftShader, which implies --quick)
  --quick   small batches and sequences, one step: for validating the kit on a software adapter
"""
import argparse
import hashlib
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time

KIT = os.path.dirname(os.path.abspath(__file__))
NVIDIA_ICD = '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'
SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'  # Debian's Chromium: a CPU Vulkan driver
SHAPES = [
    {'name': 'bert-mini', 'layers': 4, 'hidden': 256, 'heads': 4, 'ffn': 1024},
    {'name': 'MiniLM-L6', 'layers': 6, 'hidden': 384, 'heads': 12, 'ffn': 1536},
    {'name': 'bert-base', 'layers': 12, 'hidden': 768, 'heads': 12, 'ffn': 3072},
]
# batch, seq, timed steps, warm-up steps, seconds of timed loop, and each subprocess's limit (s)
FULL = {'batch': 32, 'seq': 128, 'steps': 20, 'warmup': 2, 'loop_s': 20, 'webgpu_s': 120, 'torch_s': 90, 'profile_s': 90, 'hf_s': 120}
# --quick: the same layers and widths, on a vocabulary of 2,000 (on a software adapter the embedding's gradient,
# a scatter-add into vocab × hidden, is most of a step) and a batch of one 32-token sequence.
QUICK = {'batch': 1, 'seq': 32, 'vocab': 2000, 'steps': 1, 'warmup': 1, 'loop_s': 1, 'webgpu_s': 300, 'torch_s': 60, 'profile_s': 300, 'hf_s': 180}
HALF = 0.5  # WebGPU under half of PyTorch's samples/s → profile that shape


def say(line):
    print(line, flush=True)


class Clock:
    """The overall budget: each stage gets the smaller of its own limit and what is left."""

    def __init__(self, budget):
        self.end = time.monotonic() + budget

    def limit(self, stage_limit):
        return max(0.0, min(stage_limit, self.end - time.monotonic()))


def run(cmd, limit, env=None):
    """(exit code or 'timeout', stdout, stderr); never raises for the command's own failure."""
    if limit < 5:
        return 'out of time', '', ''
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or '')
        err = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or '')
        return f'timeout after {limit:.0f} s', out, err


def json_lines(text):
    out = []
    for line in text.splitlines():
        if line.startswith('{'):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ''


# ---- unpacking -------------------------------------------------------------------------------------------

def check_kit():
    manifest = json.load(open(os.path.join(KIT, 'kit.json')))
    for name, meta in manifest['files'].items():
        h = hashlib.sha256()
        with open(os.path.join(KIT, name), 'rb') as f:
            for block in iter(lambda: f.read(1 << 20), b''):
                h.update(block)
        if h.hexdigest() != meta['sha256']:
            sys.exit(f'run.py: {name} in the kit is damaged (SHA-256 differs from kit.json); rebuild or re-copy the kit')
    return manifest


def unxz(src, dest, mode=0o644):
    with lzma.open(src) as f, open(dest + '.tmp', 'wb') as out:
        shutil.copyfileobj(f, out, 1 << 20)
    os.chmod(dest + '.tmp', mode)
    os.replace(dest + '.tmp', dest)


def unpack_deb(deb, dest):
    """A .deb is an `ar` archive; its data.tar.* holds the files (what `dpkg -x` does, without dpkg)."""
    with open(deb, 'rb') as f:
        if f.read(8) != b'!<arch>\n':
            raise ValueError(f'{deb} is not a Debian package')
        while True:
            header = f.read(60)
            if len(header) < 60:
                raise ValueError(f'{deb} has no data.tar member')
            name, size = header[:16].decode().strip().rstrip('/'), int(header[48:58].decode().strip())
            if name.startswith('data.tar'):
                if name.endswith('.zst'):
                    raise ValueError(f'{deb}: zstd-compressed data, which Python cannot read; rebuild the kit on Debian 12')
                with tarfile.open(fileobj=_Slice(f, size), mode='r|*') as t:
                    t.extractall(dest, filter='tar') if hasattr(tarfile, 'data_filter') else t.extractall(dest)
                return
            f.seek(size + (size & 1), 1)


class _Slice:
    """A read-only window on an open file, for tarfile's stream mode."""

    def __init__(self, f, size):
        self.f, self.left = f, size

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


def unpack(manifest):
    """Into /tmp/fts-gpu-kit-<hash>/, once per kit (a second run reuses it)."""
    key = hashlib.sha256(json.dumps(manifest['files'], sort_keys=True).encode()).hexdigest()[:12]
    work = f'/tmp/fts-gpu-kit-{key}'
    if os.path.exists(os.path.join(work, '.done')):
        return work
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    t = time.monotonic()
    with tarfile.open(os.path.join(KIT, 'app.tar.xz')) as tar:
        tar.extractall(work, filter='tar') if hasattr(tarfile, 'data_filter') else tar.extractall(work)
    unxz(os.path.join(KIT, 'node.xz'), os.path.join(work, 'node'), 0o755)
    unxz(os.path.join(KIT, 'dawn.node.xz'), os.path.join(work, 'app/node_modules/webgpu/dist/linux-x64/dawn.node'))
    for deb in sorted(os.listdir(os.path.join(work, 'app/debs'))):
        unpack_deb(os.path.join(work, 'app/debs', deb), os.path.join(work, 'root'))
    open(os.path.join(work, '.done'), 'w').close()
    say(f'unpacked the kit into {work} in {time.monotonic() - t:.1f} s')
    return work


def node_env(work, icd):
    env = dict(os.environ)
    libs = [os.path.join(work, 'root/usr/lib/x86_64-linux-gnu')]
    libs += [d for d in ('/usr/local/nvidia/lib64', '/usr/local/nvidia/lib') if os.path.isdir(d)]
    env['LD_LIBRARY_PATH'] = ':'.join(libs + [p for p in env.get('LD_LIBRARY_PATH', '').split(':') if p])
    env['VK_ICD_FILENAMES'] = env['VK_DRIVER_FILES'] = icd
    return env


# ---- the stages ------------------------------------------------------------------------------------------

def webgpu(node, work, env, shape, p, clock, profile=False):
    cmd = [node, os.path.join(work, 'app/webgpu-bench.mjs'), json.dumps(shape), f'--max-seconds={p["loop_s"]}', f'--warmup={p["warmup"]}']
    code, out, err = run(cmd + (['--profile'] if profile else []), clock.limit(p['profile_s' if profile else 'webgpu_s']), env)
    lines = json_lines(out)
    found = {k: v for line in lines for k, v in line.items()}
    # Dawn's words for an invalid pipeline or a lost device (an invalid command buffer is dropped silently).
    problems = [line for line in (err + out).splitlines() if re.search(r'\[Invalid |^validation:|exceeds the maximum|device (was )?lost', line, re.I)]
    if isinstance(code, str) and 'adapter' in found and 'result' not in found:
        found['error'] = f'{code}: the adapter started, no timed step finished'
    elif code != 0:
        found['error'] = f'{code}: {last_line(err) or last_line(out)}'
    elif problems:
        found['error'] = f'Dawn reported: {problems[0][:300]}'
    return found


def torch_bench(shape, device, p, clock):
    cmd = [sys.executable, os.path.join(KIT, 'torch_engine.py'), f'--device={device}', f'--max-seconds={p["loop_s"]}', json.dumps([shape])]
    code, out, err = run(cmd, clock.limit(p['torch_s']))
    lines = json_lines(out)
    return lines[0] if code == 0 and lines else {'error': f'{code}: {last_line(err)}'}


def hf_check(work, p, clock):
    folders = sorted(os.path.join(work, 'app/hf-check', d) for d in os.listdir(os.path.join(work, 'app/hf-check')))
    folders = [f for f in folders if os.path.exists(os.path.join(f, 'studio.json'))]
    cmd = [sys.executable, os.path.join(KIT, 'hf_check.py'), *folders, '--reference', os.path.join(KIT, 'export_ref.py')]
    code, out, err = run(cmd, clock.limit(p['hf_s']))
    lines = json_lines(out)
    if not lines:
        return [{'name': 'all', 'ok': False, 'error': f'{code}: {last_line(err)}'}]
    return lines


# ---- the report ------------------------------------------------------------------------------------------

def fmt(x, digits=1):
    """`digits` decimals, or three significant digits for the small numbers of a software adapter."""
    if not isinstance(x, (int, float)):
        return 'n/a'
    return f'{x:.3g}' if 0 < abs(x) < 10 ** -digits * 100 else f'{x:.{digits}f}'


def table(rows, adapter, device_name, p, quick):
    mode = ' (--quick: validation sizes, not a measurement)' if quick else ''
    lines = [
        f'GPU bench{mode}: training step (forward + dropout, CE, backward, AdamW), fp32, vocab {p.get("vocab", 30522):,}, '
        f'batch {p["batch"]} × seq {p["seq"]}',
        f'WebGPU: {adapter}; PyTorch: {device_name}, fp32 eager (TF32 off)',
        '',
        '| shape | WebGPU samples/s (ms/step) | PyTorch samples/s (ms/step) | WebGPU ÷ PyTorch |',
        '|---|---|---|---|',
    ]
    for r in rows:
        w, t = r['webgpu'], r['torch']
        ws = (f'{fmt(w.get("samples_per_s"))} ({fmt(w.get("ms_per_step"), 0)})' if 'samples_per_s' in w
              else f'skipped: {w["skipped"]}' if 'skipped' in w else f'failed: {w.get("error", "?")}')
        ts = f'{fmt(t.get("samples_per_s"))} ({fmt(t.get("ms_per_step"), 0)})' if 'samples_per_s' in t else f'failed: {t.get("error", "?")}'
        ratio = 'n/a'
        if 'samples_per_s' in w and 'samples_per_s' in t:
            x = w['samples_per_s'] / t['samples_per_s']
            ratio = f'{x:.2f}×' if x >= 0.1 else f'{x:.2g}×'
        s = r['shape']
        lines.append(f'| {s["name"]} ({s["layers"]}L, H{s["hidden"]}, {s["heads"]} heads) | {ws} | {ts} | {ratio} |')
    return lines


def profile_lines(name, prof):
    if 'rows' not in prof:
        return [f'profile {name}: failed: {prof.get("error", "?")}']
    total = prof['kernel_ms'] or 1
    lines = [f'profile {name}: one step {prof["wall_ms"]:.0f} ms wall, {prof["kernel_ms"]:.0f} ms in {prof["calls"]} kernel calls (GPU timestamps)',
             '| kernel | GPU ms | share | calls |', '|---|---|---|---|']
    for row in prof['rows'][:15]:
        lines.append(f'| {row["key"]} | {row["ms"]:.2f} | {100 * row["ms"] / total:.1f} % | {row["n"]} |')
    return lines


def hf_lines(results):
    lines = ['', 'transformers check (AutoModelForSequenceClassification on the exported folders, tolerance 1e-4):']
    for r in results:
        if 'error' in r:
            lines.append(f'- {r["name"]}: FAILED ({r["error"]})')
            continue
        tokens = {True: 'same token ids', False: 'DIFFERENT token ids', None: 'token ids not compared'}[r['tokens_equal']]
        own = f', on its own tokens {r["max_abs_diff_own_tokens"]:.2e}' if r.get('max_abs_diff_own_tokens') is not None else ''
        lines.append(f'- {r["name"]} ({r["model_type"]}, {r["texts"]} texts): {"ok" if r["ok"] else "FAILED"} — {r["loader"]}; '
                     f'{tokens}; max |Δp| on the studio\'s ids {r["max_abs_diff"]:.2e}{own}; labels {"equal" if r["labels_equal"] else "DIFFER"}')
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--icd', default=None)
    ap.add_argument('--device', default=None, help='PyTorch device (default: cuda when available, else cpu)')
    ap.add_argument('--only', default=None)
    ap.add_argument('--budget', type=float, default=None, help='seconds for the whole run (default 450; 1800 with --quick)')
    ap.add_argument('--out', default=None)
    ap.add_argument('--no-profile', action='store_true')
    args = ap.parse_args()
    if not args.icd:
        args.icd = os.environ.get('FTS_VK_ICD') or (NVIDIA_ICD if os.path.exists(NVIDIA_ICD) else os.environ.get('VK_ICD_FILENAMES'))
    if not args.icd and os.path.exists(SWIFTSHADER_ICD):
        args.icd, args.quick = SWIFTSHADER_ICD, True
        say(f'no GPU Vulkan driver found: using SwiftShader ({SWIFTSHADER_ICD}) with --quick sizes')
    p = QUICK if args.quick else FULL
    args.budget = args.budget or (1800 if args.quick else 450)
    clock = Clock(args.budget)
    if not args.icd or not os.path.exists(args.icd):
        sys.exit(f'run.py: no Vulkan driver ICD file ({args.icd or "none given"}); pass --icd or set FTS_VK_ICD')
    import torch
    device = args.device or ('cuda' if torch.cuda.is_available() else 'cpu')
    device_name = torch.cuda.get_device_name(0) if device == 'cuda' else f'CPU (no CUDA device: PyTorch {torch.__version__})'
    say(f'kit: {KIT}; Vulkan ICD: {args.icd}; PyTorch {torch.__version__} on {device_name}; budget {args.budget:.0f} s')

    manifest = check_kit()
    say(f'kit built {manifest["built"]} from commit {manifest["commit"]}{" (uncommitted changes)" if manifest["dirty"] else ""}; '
        f'Node {manifest["node"]}, webgpu {manifest["webgpu"]}, tfjs {manifest["tfjs"]}')
    try:
        work = unpack(manifest)
    except (OSError, ValueError, tarfile.TarError, lzma.LZMAError) as e:
        sys.exit(f'run.py: cannot unpack the kit: {e}')
    node = os.path.join(work, 'node')
    env = node_env(work, args.icd)
    code, out, err = run([node, '--version'], 30, env)
    if code != 0:
        sys.exit(f'run.py: the kit\'s Node does not start here: {last_line(err)}')

    sizes = {k: p[k] for k in ('batch', 'seq', 'steps', 'vocab') if k in p}
    shapes = [dict(s, **sizes) for s in SHAPES if not args.only or s['name'] == args.only]
    rows, adapter = [], 'no adapter'
    for s in shapes:
        t = time.monotonic()
        w = webgpu(node, work, env, s, p, clock)
        adapter = w.get('adapter', adapter)
        tr = torch_bench(s, device, p, clock)
        if args.quick and 'result' not in w and str(w.get('error', '')).startswith('timeout'):
            w = {'skipped': f'over its {p["webgpu_s"]} s limit on this adapter (--quick: not a failure)'}
        rows.append({'shape': s, 'webgpu': w.get('result', w), 'torch': tr, 'timestamp_query': w.get('timestamp_query')})
        note = w.get('error') or w.get('skipped')
        say(f'{s["name"]}: WebGPU {fmt(rows[-1]["webgpu"].get("samples_per_s"))} samples/s, PyTorch {fmt(tr.get("samples_per_s"))} '
            f'({time.monotonic() - t:.0f} s){" — " + note if note else ""}')

    profiles = {}
    for r in rows if not args.no_profile else []:
        w, t = r['webgpu'], r['torch']
        if args.quick and profiles:
            break  # validating the profile path needs one shape, and a software adapter is slow
        if 'samples_per_s' in w and 'samples_per_s' in t and w['samples_per_s'] < HALF * t['samples_per_s']:
            one = dict(r['shape'], steps=1)
            got = webgpu(node, work, env, one, dict(p, warmup=1, loop_s=1), clock, profile=True)
            profiles[r['shape']['name']] = got.get('profile', got)
    hf = hf_check(work, p, clock)

    report = table(rows, adapter, device_name, p, args.quick)
    for name, prof in profiles.items():
        report += [''] + profile_lines(name, prof)
    report += hf_lines(hf)
    say('\n' + '\n'.join(report))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, 'gpu-bench.md'), 'w') as f:
            f.write('\n'.join(report) + '\n')
        with open(os.path.join(args.out, 'gpu-bench.json'), 'w') as f:
            json.dump({'kit': manifest, 'device': device_name, 'adapter': adapter, 'params': p, 'rows': rows, 'profiles': profiles, 'hf_check': hf}, f, indent=1)
    ok = all(('samples_per_s' in r['webgpu'] or 'skipped' in r['webgpu']) and 'samples_per_s' in r['torch'] for r in rows)
    ok = ok and all(h.get('ok') for h in hf)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
