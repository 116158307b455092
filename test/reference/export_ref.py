"""Independent PyTorch reference for exported FineTune Studio folders.

Reads <folder>/config.json and <folder>/model.safetensors (parsed with json + numpy, no safetensors package)
and computes the logits of Bert/Roberta/DistilBertForSequenceClassification exactly as
Hugging Face transformers does (post-LN encoder, erf GELU, additive mask with the float32 minimum), sharing
no code with the studio. Input: a JSON file {input_ids, attention_mask, token_type_ids?} of padded int lists.
Output: JSON {logits: [[...], ...]} on stdout.

Usage: /usr/bin/python3 test/reference/export_ref.py <folder> <inputs.json>
"""
import json
import math
import struct
import sys

import numpy as np
import torch

torch.set_num_threads(1)
DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        arr = np.frombuffer(raw[8 + n + b:8 + n + e], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.astype(np.float32) if arr.dtype != np.int64 else arr.copy())
    return out


def gelu(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def act_fn(name):
    if name == "gelu":
        return gelu
    if name in ("gelu_new", "gelu_pytorch_tanh"):
        return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    if name == "relu":
        return torch.relu
    raise ValueError(name)


def linear(w, name, x):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def layer_norm(w, name, x, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w[name + ".weight"], w[name + ".bias"], eps)


def attention(w, names, x, mask_add, heads):
    b, s, h = x.shape
    d = h // heads
    split = lambda t: t.view(b, s, heads, d).transpose(1, 2)
    q, k, v = (split(linear(w, names[i], x)) for i in range(3))
    scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask_add
    ctx = torch.softmax(scores, dim=-1) @ v
    return linear(w, names[3], ctx.transpose(1, 2).reshape(b, s, h))


def encoder(cfg, w, p, x, mask, eps):
    """BERT's embedding LayerNorm and encoder layers (RoBERTa's too) under prefix `p`, on summed embeddings `x`."""
    act = act_fn(cfg.get("hidden_act", "gelu"))
    x = layer_norm(w, p + "embeddings.LayerNorm", x, eps)
    mask_add = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(cfg["num_hidden_layers"]):
        l = f"{p}encoder.layer.{i}"
        a = attention(w, [f"{l}.attention.self.query", f"{l}.attention.self.key", f"{l}.attention.self.value",
                          f"{l}.attention.output.dense"], x, mask_add, cfg["num_attention_heads"])
        a = layer_norm(w, f"{l}.attention.output.LayerNorm", a + x, eps)
        f = linear(w, f"{l}.output.dense", act(linear(w, f"{l}.intermediate.dense", a)))
        x = layer_norm(w, f"{l}.output.LayerNorm", f + a, eps)
    return x


def bert(cfg, w, ids, mask, types):
    p = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
    s = ids.shape[1]
    x = (w[p + "embeddings.word_embeddings.weight"][ids] + w[p + "embeddings.position_embeddings.weight"][:s][None]
         + w[p + "embeddings.token_type_embeddings.weight"][types])
    x = encoder(cfg, w, p, x, mask, cfg.get("layer_norm_eps", 1e-12))
    pooled = torch.tanh(linear(w, p + "pooler.dense", x[:, 0]))
    return linear(w, "classifier", pooled)


def roberta(cfg, w, ids, mask):
    pad = cfg.get("pad_token_id", 1)
    not_pad = (ids != pad).long()
    positions = torch.cumsum(not_pad, dim=1) * not_pad + pad
    x = (w["roberta.embeddings.word_embeddings.weight"][ids] + w["roberta.embeddings.position_embeddings.weight"][positions]
         + w["roberta.embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)])
    x = encoder(cfg, w, "roberta.", x, mask, cfg.get("layer_norm_eps", 1e-5))
    return linear(w, "classifier.out_proj", torch.tanh(linear(w, "classifier.dense", x[:, 0])))


def distilbert(cfg, w, ids, mask):
    act = act_fn(cfg.get("activation", "gelu"))
    s = ids.shape[1]
    x = w["distilbert.embeddings.word_embeddings.weight"][ids] + w["distilbert.embeddings.position_embeddings.weight"][:s][None]
    x = layer_norm(w, "distilbert.embeddings.LayerNorm", x, 1e-12)
    mask_add = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(cfg["n_layers"]):
        l = f"distilbert.transformer.layer.{i}"
        a = attention(w, [f"{l}.attention.q_lin", f"{l}.attention.k_lin", f"{l}.attention.v_lin", f"{l}.attention.out_lin"],
                      x, mask_add, cfg["n_heads"])
        a = layer_norm(w, f"{l}.sa_layer_norm", a + x, 1e-12)
        f = linear(w, f"{l}.ffn.lin2", act(linear(w, f"{l}.ffn.lin1", a)))
        x = layer_norm(w, f"{l}.output_layer_norm", f + a, 1e-12)
    return linear(w, "classifier", torch.relu(linear(w, "pre_classifier", x[:, 0])))


def main():
    folder, inputs_path = sys.argv[1], sys.argv[2]
    cfg = json.load(open(f"{folder}/config.json"))
    w = load_safetensors(f"{folder}/model.safetensors")
    inp = json.load(open(inputs_path))
    ids = torch.tensor(inp["input_ids"], dtype=torch.long)
    mask = torch.tensor(inp["attention_mask"], dtype=torch.long)
    with torch.no_grad():
        if cfg["model_type"] == "bert":
            types = torch.tensor(inp.get("token_type_ids") or [[0] * ids.shape[1]] * ids.shape[0], dtype=torch.long)
            logits = bert(cfg, w, ids, mask, types)
        elif cfg["model_type"] == "roberta":
            logits = roberta(cfg, w, ids, mask)
        elif cfg["model_type"] == "distilbert":
            logits = distilbert(cfg, w, ids, mask)
        else:
            raise SystemExit(f"unsupported model_type {cfg['model_type']}")
    json.dump({"logits": logits.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
