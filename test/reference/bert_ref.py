#!/usr/bin/env python3
"""Independent PyTorch reference for BERT / DistilBERT / RoBERTa sequence classification (HF semantics).

Shares no code with the tfjs engine. Reads config.json + model.safetensors (json + numpy, no extra
packages), weights named as in BertForSequenceClassification / DistilBertForSequenceClassification
state dicts, computes logits, the task loss (transformers' problem_type rules) and the gradient of
the loss for every parameter, in float64 so it is the "true" value our fp32 engine is compared to.

Usage: /usr/bin/python3 test/reference/bert_ref.py request.json
request.json: a list of cases {config, weights, input_ids, attention_mask, token_type_ids|null, task,
labels, class_weights|null, out}. Each case writes a safetensors file at `out` with tensors
"logits" [B, L], "loss" [1] and "grad.<parameter name>" (all F32).
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
DT = torch.float64
MASK_MIN = torch.finfo(torch.float32).min
NP = {'F32': np.float32, 'F16': np.float16, 'BF16': None, 'F64': np.float64, 'I64': np.int64}


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], 'little')
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        b, e = info['data_offsets']
        buf = raw[base + b: base + e]
        if info['dtype'] == 'BF16':
            u = np.frombuffer(buf, dtype='<u2').astype(np.uint32) << 16
            arr = u.view(np.float32)
        else:
            arr = np.frombuffer(buf, dtype=np.dtype(NP[info['dtype']]).newbyteorder('<'))
        out[name] = arr.reshape(info['shape'])
    return out


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr, dtype='<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(arr.shape), 'data_offsets': [off, off + len(data)]}
        off += len(data)
        blobs.append(data)
    raw = json.dumps(header).encode()
    raw += b' ' * ((8 - (8 + len(raw)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(len(raw).to_bytes(8, 'little'))
        f.write(raw)
        for b in blobs:
            f.write(b)


def gelu(x, act):
    if act == 'relu':
        return F.relu(x)
    if act == 'gelu_new':
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def attention(x, P, q, k, v, heads, mask, scale_query_first):
    B, S, H = x.shape
    d = H // heads

    def split(t):
        return t.view(B, S, heads, d).transpose(1, 2)
    Q = split(F.linear(x, P[q + '.weight'], P[q + '.bias']))
    K = split(F.linear(x, P[k + '.weight'], P[k + '.bias']))
    V = split(F.linear(x, P[v + '.weight'], P[v + '.bias']))
    if scale_query_first:  # DistilBERT: q / sqrt(d), then masked_fill with the dtype minimum
        scores = (Q / math.sqrt(d)) @ K.transpose(-1, -2)
        scores = scores.masked_fill((mask == 0)[:, None, None, :], MASK_MIN)
    else:  # BERT: scores / sqrt(d) + (1 - mask) * min
        scores = (Q @ K.transpose(-1, -2)) / math.sqrt(d)
        scores = scores + (1.0 - mask[:, None, None, :].to(DT)) * MASK_MIN
    probs = torch.softmax(scores, dim=-1)
    return (probs @ V).transpose(1, 2).reshape(B, S, H)


def bert_encoder(c, P, ids, mask, tt, prefix, pos_ids):
    eps = c.get('layer_norm_eps', 1e-12)
    H = c['hidden_size']
    if tt is None:
        tt = torch.zeros_like(ids)
    x = P[prefix + 'embeddings.word_embeddings.weight'][ids] + P[prefix + 'embeddings.position_embeddings.weight'][pos_ids] \
        + P[prefix + 'embeddings.token_type_embeddings.weight'][tt]
    x = F.layer_norm(x, (H,), P[prefix + 'embeddings.LayerNorm.weight'], P[prefix + 'embeddings.LayerNorm.bias'], eps)
    for i in range(c['num_hidden_layers']):
        p = f'{prefix}encoder.layer.{i}.'
        ctx = attention(x, P, p + 'attention.self.query', p + 'attention.self.key', p + 'attention.self.value',
                        c['num_attention_heads'], mask, False)
        a = F.layer_norm(F.linear(ctx, P[p + 'attention.output.dense.weight'], P[p + 'attention.output.dense.bias']) + x,
                         (H,), P[p + 'attention.output.LayerNorm.weight'], P[p + 'attention.output.LayerNorm.bias'], eps)
        inter = gelu(F.linear(a, P[p + 'intermediate.dense.weight'], P[p + 'intermediate.dense.bias']), c.get('hidden_act', 'gelu'))
        x = F.layer_norm(F.linear(inter, P[p + 'output.dense.weight'], P[p + 'output.dense.bias']) + a,
                         (H,), P[p + 'output.LayerNorm.weight'], P[p + 'output.LayerNorm.bias'], eps)
    return x


def bert_logits(c, P, ids, mask, tt):
    x = bert_encoder(c, P, ids, mask, tt, 'bert.', torch.arange(ids.shape[1])[None].expand_as(ids))
    pooled = torch.tanh(F.linear(x[:, 0], P['bert.pooler.dense.weight'], P['bert.pooler.dense.bias']))
    return F.linear(pooled, P['classifier.weight'], P['classifier.bias'])


def roberta_logits(c, P, ids, mask, tt):
    pad = c.get('pad_token_id', 1)
    # transformers' create_position_ids_from_input_ids
    m = ids.ne(pad).int()
    pos = (torch.cumsum(m, dim=1).type_as(m) * m).long() + pad
    x = bert_encoder(c, P, ids, mask, tt, 'roberta.', pos)
    h = torch.tanh(F.linear(x[:, 0], P['classifier.dense.weight'], P['classifier.dense.bias']))
    return F.linear(h, P['classifier.out_proj.weight'], P['classifier.out_proj.bias'])


def distilbert_logits(c, P, ids, mask, _tt):
    D = c['dim']
    S = ids.shape[1]
    x = P['distilbert.embeddings.word_embeddings.weight'][ids] + P['distilbert.embeddings.position_embeddings.weight'][torch.arange(S)][None]
    x = F.layer_norm(x, (D,), P['distilbert.embeddings.LayerNorm.weight'], P['distilbert.embeddings.LayerNorm.bias'], 1e-12)
    for i in range(c['n_layers']):
        p = f'distilbert.transformer.layer.{i}.'
        ctx = attention(x, P, p + 'attention.q_lin', p + 'attention.k_lin', p + 'attention.v_lin', c['n_heads'], mask, True)
        sa = F.layer_norm(F.linear(ctx, P[p + 'attention.out_lin.weight'], P[p + 'attention.out_lin.bias']) + x,
                          (D,), P[p + 'sa_layer_norm.weight'], P[p + 'sa_layer_norm.bias'], 1e-12)
        h = gelu(F.linear(sa, P[p + 'ffn.lin1.weight'], P[p + 'ffn.lin1.bias']), c.get('activation', 'gelu'))
        ffn = F.linear(h, P[p + 'ffn.lin2.weight'], P[p + 'ffn.lin2.bias'])
        x = F.layer_norm(ffn + sa, (D,), P[p + 'output_layer_norm.weight'], P[p + 'output_layer_norm.bias'], 1e-12)
    pre = F.relu(F.linear(x[:, 0], P['pre_classifier.weight'], P['pre_classifier.bias']))
    return F.linear(pre, P['classifier.weight'], P['classifier.bias'])


def task_loss(task, logits, labels, class_weights):
    if task == 'single_label_classification':
        w = None if class_weights is None else torch.tensor(class_weights, dtype=DT)
        return F.cross_entropy(logits, torch.tensor(labels, dtype=torch.long), weight=w)
    y = torch.tensor(labels, dtype=DT)
    if task == 'multi_label_classification':
        return F.binary_cross_entropy_with_logits(logits, y)
    if logits.shape[1] == 1:
        return F.mse_loss(logits.squeeze(), y.squeeze())
    return F.mse_loss(logits, y)


def run(case):
    with open(case['config']) as f:
        c = json.load(f)
    P = {k: torch.tensor(v.astype(np.float64), requires_grad=True)
         for k, v in read_safetensors(case['weights']).items() if v.dtype.kind == 'f'}
    ids = torch.tensor(case['input_ids'], dtype=torch.long)
    mask = torch.tensor(case['attention_mask'], dtype=torch.long)
    tt = None if case.get('token_type_ids') is None else torch.tensor(case['token_type_ids'], dtype=torch.long)
    fwd = {'bert': bert_logits, 'distilbert': distilbert_logits, 'roberta': roberta_logits}[c['model_type']]
    logits = fwd(c, P, ids, mask, tt)
    loss = task_loss(case['task'], logits, case['labels'], case.get('class_weights'))
    loss.backward()
    out = {'logits': logits.detach().numpy(), 'loss': np.array([loss.item()])}
    for k, v in P.items():
        out['grad.' + k] = (v.grad if v.grad is not None else torch.zeros_like(v)).numpy()
    write_safetensors(case['out'], out)


if __name__ == '__main__':
    with open(sys.argv[1]) as f:
        for case in json.load(f):
            run(case)
