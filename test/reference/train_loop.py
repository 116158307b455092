"""PyTorch reference trainer for the learning check (test/unit/train-torch.test.ts).

Hugging Face Trainer semantics written independently of the TypeScript trainer: param groups by
HF name (embeddings / encoder layer i / pooler / classifier head) with head lr = lr x multiplier and
layer-wise lr decay, no weight decay on biases and LayerNorm weights, torch.optim.AdamW, the linear
warmup schedule of transformers.get_linear_schedule_with_warmup (LambdaLR), gradient accumulation
(loss / accumulation steps), clip_grad_norm_, balanced class weights in CrossEntropyLoss. No dropout.
The model is test/reference/bert_ref.py's BERT (float64), read from the same initial safetensors.

Usage: /usr/bin/python3 test/reference/train_loop.py request.json  → JSON on stdout:
  {losses: [per optimizer step], norms: [pre-clip global grad norm per step], lrs: [head lr per step]}
request.json: {config, weights, lr, head_lr_multiplier, layer_decay, weight_decay, warmup_steps,
               total_steps, max_norm, class_weights: 'balanced'|null, train_labels: [...],
               steps: [[{ids: [[...]], labels: [...]}, ...micro-batches], ...]}
"""
import json
import os
import re
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_ref import bert_logits, read_safetensors  # noqa: E402

torch.set_num_threads(1)
DT = torch.float64

with open(sys.argv[1]) as f:
    req = json.load(f)
with open(req['config']) as f:
    config = json.load(f)
P = {k: torch.nn.Parameter(torch.tensor(v.astype('float64'))) for k, v in read_safetensors(req['weights']).items()}
L = config['num_hidden_layers']


def peak_lr(name):
    lr, decay = req['lr'], req['layer_decay']
    if name.startswith('classifier.'):
        return lr * req['head_lr_multiplier']
    m = re.match(r'bert\.encoder\.layer\.(\d+)\.', name)
    if m:
        return lr * decay ** (L - 1 - int(m.group(1)))
    if name.startswith('bert.embeddings.'):
        return lr * decay ** L
    return lr  # pooler


def no_decay(name):
    return name.endswith('.bias') or 'LayerNorm' in name


groups = [{'params': [p], 'lr': peak_lr(n), 'weight_decay': 0.0 if no_decay(n) else req['weight_decay']} for n, p in P.items()]
opt = torch.optim.AdamW(groups, betas=(0.9, 0.999), eps=1e-8)
warm, total = req['warmup_steps'], req['total_steps']


def linear_with_warmup(step):
    if step < warm:
        return step / max(1, warm)
    return max(0.0, (total - step) / max(1, total - warm))


sched = torch.optim.lr_scheduler.LambdaLR(opt, linear_with_warmup)
weight = None
if req['class_weights'] == 'balanced':
    labels = torch.tensor(req['train_labels'])
    k = int(labels.max()) + 1
    counts = torch.bincount(labels, minlength=k).to(DT)
    weight = len(labels) / (k * counts)

losses, norms, lrs = [], [], []
for micro_batches in req['steps']:
    total_loss = 0.0
    for mb in micro_batches:
        width = max(len(x) for x in mb['ids'])
        ids = torch.tensor([x + [0] * (width - len(x)) for x in mb['ids']])
        mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in mb['ids']])
        logits = bert_logits(config, P, ids, mask, None)
        loss = F.cross_entropy(logits, torch.tensor(mb['labels']), weight=weight) / len(micro_batches)
        loss.backward()
        total_loss += loss.item()
    norms.append(float(torch.nn.utils.clip_grad_norm_(list(P.values()), req['max_norm'])))
    lrs.append(opt.param_groups[[n for n in P].index('classifier.weight')]['lr'])
    opt.step()
    sched.step()
    opt.zero_grad()
    losses.append(total_loss)

json.dump({'losses': losses, 'norms': norms, 'lrs': lrs}, sys.stdout)
