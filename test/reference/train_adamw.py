"""PyTorch reference for the trainer's optimizer: torch.optim.AdamW with two param groups (decay / no
decay, as Hugging Face's Trainer builds them) and torch.nn.utils.clip_grad_norm_.

stdin JSON: {params: {name: {shape, data}}, steps: [{grads: {name: [..]}}], lr, weight_decay,
             no_decay: [names], max_norm (0 = off), lrs: [lr per step] (optional, overrides lr)}
stdout JSON: {params: {name: [..]}, norms: [pre-clip global norm per step], exp_avg: {...}, exp_avg_sq: {...}}
Run with Debian's /usr/bin/python3 (python3-torch).
"""
import json
import sys

import torch

torch.set_num_threads(1)
spec = json.load(sys.stdin)
params = {n: torch.nn.Parameter(torch.tensor(p["data"], dtype=torch.float32).reshape(p["shape"]))
          for n, p in spec["params"].items()}
no_decay = set(spec["no_decay"])
groups = [
    {"params": [p for n, p in params.items() if n not in no_decay], "weight_decay": spec["weight_decay"]},
    {"params": [p for n, p in params.items() if n in no_decay], "weight_decay": 0.0},
]
opt = torch.optim.AdamW(groups, lr=spec["lr"], betas=(0.9, 0.999), eps=1e-8)
norms = []
for i, step in enumerate(spec["steps"]):
    for n, p in params.items():
        # A weight without a gradient this step (frozen) is skipped by AdamW, state and all.
        p.grad = torch.tensor(step["grads"][n], dtype=torch.float32).reshape(p.shape) if n in step["grads"] else None
    if spec["max_norm"] > 0:
        norms.append(float(torch.nn.utils.clip_grad_norm_([p for p in params.values() if p.grad is not None], spec["max_norm"])))
    if "lrs" in spec:
        for g in opt.param_groups:
            g["lr"] = spec["lrs"][i]
    opt.step()
state = {n: opt.state[p] for n, p in params.items()}
json.dump({
    "params": {n: p.detach().reshape(-1).tolist() for n, p in params.items()},
    "norms": norms,
    "exp_avg": {n: s["exp_avg"].reshape(-1).tolist() for n, s in state.items()},
    "exp_avg_sq": {n: s["exp_avg_sq"].reshape(-1).tolist() for n, s in state.items()},
}, sys.stdout)
