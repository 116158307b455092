#!/usr/bin/env python3
"""PyTorch baseline for bench/engine.ts and the GPU bench (bench/gpu/run.py): one training step (forward with
dropout, cross-entropy, backward, AdamW update) of a randomly initialised BERT with HF shapes, fp32 eager.
On the CPU it runs on ONE thread (the fair setting on these 2-core machines; --threads=N gives BLAS N
threads, PyTorch's fastest setting on N cores here); --device=cuda runs it on the GPU in true fp32 (TF32
off), timed with the GPU synchronised, and fails with a clear message when CUDA is not there.
Prints one JSON line per shape: {"name", "samples_per_s", "ms_per_step", "steps", "device"}.
--max-seconds=S stops a shape's timed loop after S seconds (at least one step).
With --gemm, times only the step's matrix products instead (bench/engine-gemm.ts lists them) and prints
{"ms_per_step"}.

One thread means one thread for BLAS too: torch.set_num_threads does not reach Debian's OpenBLAS (torch
does not know which BLAS libblas.so.3 is), whose pthreads pool takes every core unless
OPENBLAS_NUM_THREADS is set before the library loads. Measured here: 2-D products at 115-130 GFLOP/s on
one thread, 230-400 with the default pool of two.

Usage: /usr/bin/python3 bench/torch_engine.py [--threads=N] [--device=cpu|cuda] [--max-seconds=S] '[{"name":..., "layers":..., "hidden":..., "heads":..., "ffn":..., "batch":..., "seq":..., "steps":...}]'
       /usr/bin/python3 bench/torch_engine.py [--threads=N] --gemm '[{"m":..., "k":..., "n":..., "batch":..., "count":...}]'
"""
import os
import sys

# --threads=N (first argument, default 1): BLAS threads, set before torch loads. torch's own ops stay on one
# thread: with N its OpenMP pool and OpenBLAS's fight over the cores (2 cores, bert-tiny / bert-mini:
# 98 / 27 samples/s with both at 2, 273 / 54 with BLAS at 2 and torch at 1, 201 / 36 with both at 1).
THREADS = int(sys.argv.pop(1).split('=')[1]) if len(sys.argv) > 1 and sys.argv[1].startswith('--threads=') else 1
for _var in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[_var] = str(THREADS)

import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(0)
VOCAB = 30522


def _option(name, default):
    """--name=value anywhere after the thread count, removed from argv."""
    for i, a in enumerate(sys.argv[1:], 1):
        if a.startswith(f'--{name}='):
            return sys.argv.pop(i).split('=', 1)[1]
    return default


DEVICE = torch.device(_option('device', 'cpu'))
MAX_SECONDS = float(_option('max-seconds', 'inf'))
if DEVICE.type == 'cuda':
    if not torch.cuda.is_available():
        sys.exit(f'torch_engine.py: --device=cuda but this PyTorch ({torch.__version__}) sees no CUDA device')
    # fp32 means fp32: no TF32 tensor-core products (PyTorch's default for matmul, not for cuDNN).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision('highest')


def _sync():
    if DEVICE.type == 'cuda':
        torch.cuda.synchronize()


class Layer(nn.Module):
    def __init__(self, h, heads, ffn):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(h, eps=1e-12), nn.LayerNorm(h, eps=1e-12)
        self.i, self.out = nn.Linear(h, ffn), nn.Linear(ffn, h)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, mask):
        B, S, H = x.shape
        d = H // self.heads

        def split(t):
            return t.view(B, S, self.heads, d).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        probs = self.drop(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + mask, dim=-1))
        ctx = (probs @ v).transpose(1, 2).reshape(B, S, H)
        a = self.ln1(self.drop(self.o(ctx)) + x)
        return self.ln2(self.drop(self.out(F.gelu(self.i(a)))) + a)


class Bert(nn.Module):
    def __init__(self, layers, h, heads, ffn, labels=2, vocab=VOCAB):
        super().__init__()
        self.word, self.pos, self.tok_type = nn.Embedding(vocab, h), nn.Embedding(512, h), nn.Embedding(2, h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, heads, ffn) for _ in range(layers))
        self.pool, self.cls = nn.Linear(h, h), nn.Linear(h, labels)
        self.drop = nn.Dropout(0.1)

    def forward(self, ids, attn):
        S = ids.shape[1]
        x = self.drop(self.ln(self.word(ids) + self.pos.weight[:S] + self.tok_type.weight[0]))
        mask = (1.0 - attn[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask)
        return self.cls(self.drop(torch.tanh(self.pool(x[:, 0]))))


def bench(s):
    vocab = s.get('vocab', VOCAB)
    model = Bert(s['layers'], s['hidden'], s['heads'], s['ffn'], vocab=vocab).to(DEVICE).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)  # PyTorch's defaults (foreach on CUDA)
    ids = torch.randint(min(1000, vocab // 2), vocab, (s['batch'], s['seq'])).to(DEVICE)
    attn = torch.ones_like(ids)
    labels = torch.randint(0, 2, (s['batch'],)).to(DEVICE)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(ids, attn), labels)
        loss.backward()
        opt.step()
        return loss.item()
    for _ in range(2):
        step()
    _sync()
    t = time.perf_counter()
    done = 0
    while done < max(1, s['steps']) and (done == 0 or time.perf_counter() - t < MAX_SECONDS):
        step()  # loss.item() waits for the GPU every step, as the studio's trainer reads its loss
        done += 1
    _sync()
    dt = (time.perf_counter() - t) / done
    name = torch.cuda.get_device_name(DEVICE) if DEVICE.type == 'cuda' else 'cpu'
    return {'name': s['name'], 'samples_per_s': s['batch'] / dt, 'ms_per_step': dt * 1000, 'steps': done, 'device': name}


def bench_gemms(gemms, repeats=3):
    """Milliseconds per step for the products alone: best of `repeats` per kind, times its count."""
    total = 0.0
    for g in gemms:
        best = float('inf')
        for r in range(repeats + 1):
            if g['batch'] == 1:
                a, b = torch.randn(g['m'], g['k']), torch.randn(g['k'], g['n'])
            else:
                a, b = torch.randn(g['batch'], g['m'], g['k']), torch.randn(g['batch'], g['k'], g['n'])
            t = time.perf_counter()
            torch.matmul(a, b)
            if r > 0:
                best = min(best, time.perf_counter() - t)
        total += best * 1000 * g['count']
    return {'ms_per_step': total}


if __name__ == '__main__':
    if sys.argv[1] == '--gemm':
        print(json.dumps(bench_gemms(json.loads(sys.argv[2]))), flush=True)
    else:
        for shape in json.loads(sys.argv[1]):
            print(json.dumps(bench(shape)), flush=True)
