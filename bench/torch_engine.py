#!/usr/bin/env python3
"""PyTorch CPU baseline for bench/engine.ts: one training step (forward with dropout, cross-entropy,
backward, AdamW update) of a randomly initialised BERT with HF shapes, on ONE thread (the fair setting on
these 2-core machines; --threads=N gives BLAS N threads, PyTorch's fastest setting on N cores here). Prints one JSON line per shape: {"name", "samples_per_s", "ms_per_step"}.
With --gemm, times only the step's matrix products instead (bench/engine-gemm.ts lists them) and prints
{"ms_per_step"}.

One thread means one thread for BLAS too: torch.set_num_threads does not reach Debian's OpenBLAS (torch
does not know which BLAS libblas.so.3 is), whose pthreads pool takes every core unless
OPENBLAS_NUM_THREADS is set before the library loads. Measured here: 2-D products at 115-130 GFLOP/s on
one thread, 230-400 with the default pool of two.

Usage: /usr/bin/python3 bench/torch_engine.py [--threads=N] '[{"name":..., "layers":..., "hidden":..., "heads":..., "ffn":..., "batch":..., "seq":..., "steps":...}]'
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
    def __init__(self, layers, h, heads, ffn, labels=2):
        super().__init__()
        self.word, self.pos, self.tok_type = nn.Embedding(VOCAB, h), nn.Embedding(512, h), nn.Embedding(2, h)
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
    model = Bert(s['layers'], s['hidden'], s['heads'], s['ffn']).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    ids = torch.randint(1000, VOCAB, (s['batch'], s['seq']))
    attn = torch.ones_like(ids)
    labels = torch.randint(0, 2, (s['batch'],))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(ids, attn), labels)
        loss.backward()
        opt.step()
        return loss.item()
    for _ in range(2):
        step()
    t = time.perf_counter()
    for _ in range(s['steps']):
        step()
    dt = (time.perf_counter() - t) / s['steps']
    return {'name': s['name'], 'samples_per_s': s['batch'] / dt, 'ms_per_step': dt * 1000}


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
