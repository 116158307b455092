"""Independent PyTorch reference for the studio's glove-cnn model (Kim 2014 CNN over word vectors).

Reads <folder>/config.json and <folder>/model.safetensors (export_ref.py's reader: json + numpy) and
computes, text by text with torch.nn.functional.conv1d — sharing no code and no formulation with the
studio's batched unfold + matMul — the logits, the mean cross-entropy loss and the gradient of that loss
for every weight:

    each text's n token vectors, zero-padded on its own to max(n, k) for every filter width k
    → conv1d (weight [maps, embedding, k]) + bias → ReLU → max over time
    → concatenated over the widths → classifier (Linear) → logits.

Input: a JSON file {input_ids, attention_mask, labels} (padded int lists; only the first sum(mask) ids of a
row are the text). Output: JSON {logits, loss, grads: {name: flat list}, embedding_rows: {row: list}}
(the embedding gradient's non-zero rows) on stdout, float64 math on
float32 weights (so the reference's own rounding is far below the tolerances tested).

Usage: /usr/bin/python3 test/reference/glove_cnn_ref.py <folder> <inputs.json>
"""
import json
import sys

import torch
import torch.nn.functional as F

from export_ref import load_safetensors

torch.set_num_threads(1)


def load_weights(path):
    """Every tensor of a safetensors file as a float64 leaf that collects its gradient."""
    return {name: t.double().requires_grad_() for name, t in load_safetensors(path).items()}


def text_features(cfg, w, ids):
    """Pooled features of one text (its real token ids only)."""
    x = w["embeddings.word_embeddings.weight"][ids].T[None]  # [1, embedding, n]
    pooled = []
    for i, k in enumerate(sorted(cfg.get("filter_sizes", [3, 4, 5]))):
        if x.shape[2] < k:
            x_k = F.pad(x, (0, k - x.shape[2]))
        else:
            x_k = x
        conv = F.conv1d(x_k, w[f"convs.{i}.weight"], w[f"convs.{i}.bias"])  # [1, maps, n - k + 1]
        pooled.append(F.relu(conv).max(dim=2).values[0])
    return torch.cat(pooled)


def main():
    folder, inputs_path = sys.argv[1], sys.argv[2]
    cfg = json.load(open(f"{folder}/config.json"))
    assert cfg["model_type"] == "glove-cnn", cfg["model_type"]
    w = load_weights(f"{folder}/model.safetensors")
    inp = json.load(open(inputs_path))
    feats = []
    for ids, mask in zip(inp["input_ids"], inp["attention_mask"]):
        n = sum(mask)
        feats.append(text_features(cfg, w, torch.tensor(ids[:n], dtype=torch.long)))
    logits = torch.stack(feats) @ w["classifier.weight"].T + w["classifier.bias"]
    loss = F.cross_entropy(logits, torch.tensor(inp["labels"], dtype=torch.long))
    loss.backward()
    emb = w.pop("embeddings.word_embeddings.weight").grad
    used = torch.nonzero(emb.abs().sum(1)).flatten().tolist()
    json.dump({
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grads": {name: t.grad.flatten().tolist() for name, t in w.items()},
        # The embedding gradient only where it is not zero (the rows of the tokens in the batch).
        "embedding_rows": {str(r): emb[r].tolist() for r in used},
    }, sys.stdout)


if __name__ == "__main__":
    main()
