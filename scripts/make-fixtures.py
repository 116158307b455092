#!/usr/bin/env python3
"""Generates tiny BERT/DistilBERT repositories in the exact Hugging Face Hub layout under test/fixtures/hub/.

Deterministic (fixed seeds) and idempotent: a stamp holding this script's hash makes a second run a no-op.
Weights are random normal with std 0.05 (LayerNorm weights 1 + noise, biases noise) so logits and
gradients are far from trivial. The vocabulary is the real bert-base-uncased one (30,522 tokens), copied
with the tokenizer files from ../shared/models/bert-base-uncased-tokenizer.

Repos (names are a contract with the other parts of the project):
  ftstudio-fixtures/tiny-bert                   BertModel names (no prefix), pooler, no head, + position_ids buffer
  ftstudio-fixtures/tiny-bert-classifier        BertForSequenceClassification names, 2 labels ham/spam
  ftstudio-fixtures/tiny-distilbert             DistilBertModel names (no prefix), no head
  ftstudio-fixtures/tiny-distilbert-classifier  DistilBertForSequenceClassification names, 2 labels ham/spam
  ftstudio-fixtures/tiny-bert-f16               tiny-bert's weights stored as F16
  ftstudio-fixtures/tiny-bert-bin-only          tiny-bert as pytorch_model.bin only (no safetensors)
  ftstudio-fixtures/tiny-roberta-classifier     RobertaForSequenceClassification names, vocabulary 1,000, numeric
                                                tests only (config + weights, no tokenizer: RoBERTa's is BPE)

Run with Debian's Python (numpy; torch only for the .bin): /usr/bin/python3 scripts/make-fixtures.py
"""
import hashlib
import json
import os
import shutil
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HUB = os.path.join(ROOT, 'test', 'fixtures', 'hub')
TOKENIZER = os.path.join(ROOT, '..', 'shared', 'models', 'bert-base-uncased-tokenizer')
ORG = 'ftstudio-fixtures'
VOCAB = 30522
HIDDEN, LAYERS, HEADS, FFN, MAXPOS = 32, 2, 4, 64, 512
STAMP = os.path.join(HUB, '.stamp')

DTYPES = {np.dtype('float32'): 'F32', np.dtype('float16'): 'F16', np.dtype('int64'): 'I64'}


def write_safetensors(path, tensors, metadata=None):
    """tensors: ordered dict name -> numpy array (little-endian). Same layout the Hub's files have."""
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    offset = 0
    blobs = []
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr)
        data = arr.astype(arr.dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': DTYPES[arr.dtype], 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header, separators=(',', ':')).encode()
    raw += b' ' * ((8 - (8 + len(raw)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(len(raw).to_bytes(8, 'little'))
        f.write(raw)
        for b in blobs:
            f.write(b)


class Init:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def normal(self, *shape, std=0.05):
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def ln_weight(self, n):
        return (1 + self.rng.standard_normal(n) * 0.1).astype(np.float32)

    def linear(self, w, name, out, inp, std=0.1):
        """Adds a linear layer's `name.weight` [out, inp] and `name.bias` to `w` (weight drawn first)."""
        w[name + '.weight'] = self.normal(out, inp, std=std)
        w[name + '.bias'] = self.normal(out)

    def layer_norm(self, w, name, n=HIDDEN):
        """Adds a LayerNorm's `name.weight` (around 1) and `name.bias` to `w`."""
        w[name + '.weight'] = self.ln_weight(n)
        w[name + '.bias'] = self.normal(n)


def bert_weights(seed, with_head, num_labels=2):
    r = Init(seed)
    w = {}
    p = 'bert.' if with_head else ''
    w[p + 'embeddings.word_embeddings.weight'] = r.normal(VOCAB, HIDDEN)
    w[p + 'embeddings.position_embeddings.weight'] = r.normal(MAXPOS, HIDDEN)
    w[p + 'embeddings.token_type_embeddings.weight'] = r.normal(2, HIDDEN)
    r.layer_norm(w, p + 'embeddings.LayerNorm')
    for i in range(LAYERS):
        q = f'{p}encoder.layer.{i}.'
        for name, out, inp in [('attention.self.query', HIDDEN, HIDDEN), ('attention.self.key', HIDDEN, HIDDEN),
                               ('attention.self.value', HIDDEN, HIDDEN), ('attention.output.dense', HIDDEN, HIDDEN)]:
            r.linear(w, q + name, out, inp)
        r.layer_norm(w, q + 'attention.output.LayerNorm')
        r.linear(w, q + 'intermediate.dense', FFN, HIDDEN)
        r.linear(w, q + 'output.dense', HIDDEN, FFN)
        r.layer_norm(w, q + 'output.LayerNorm')
    r.linear(w, p + 'pooler.dense', HIDDEN, HIDDEN)
    if with_head:
        r.linear(w, 'classifier', num_labels, HIDDEN, std=0.2)
    return w


def distilbert_weights(seed, with_head, num_labels=2):
    r = Init(seed)
    w = {}
    p = 'distilbert.' if with_head else ''
    w[p + 'embeddings.word_embeddings.weight'] = r.normal(VOCAB, HIDDEN)
    w[p + 'embeddings.position_embeddings.weight'] = r.normal(MAXPOS, HIDDEN)
    r.layer_norm(w, p + 'embeddings.LayerNorm')
    for i in range(LAYERS):
        q = f'{p}transformer.layer.{i}.'
        for name, out, inp in [('attention.q_lin', HIDDEN, HIDDEN), ('attention.k_lin', HIDDEN, HIDDEN),
                               ('attention.v_lin', HIDDEN, HIDDEN), ('attention.out_lin', HIDDEN, HIDDEN)]:
            r.linear(w, q + name, out, inp)
        r.layer_norm(w, q + 'sa_layer_norm')
        r.linear(w, q + 'ffn.lin1', FFN, HIDDEN)
        r.linear(w, q + 'ffn.lin2', HIDDEN, FFN)
        r.layer_norm(w, q + 'output_layer_norm')
    if with_head:
        r.linear(w, 'pre_classifier', HIDDEN, HIDDEN)
        r.linear(w, 'classifier', num_labels, HIDDEN, std=0.2)
    return w


def roberta_weights(seed, num_labels=2, vocab=1000, maxpos=130):
    r = Init(seed)
    bert = bert_weights(seed, with_head=True, num_labels=num_labels)
    w = {}
    for k, v in bert.items():
        if k.startswith('bert.pooler') or k.startswith('classifier'):
            continue
        w['roberta.' + k[len('bert.'):]] = v
    w['roberta.embeddings.word_embeddings.weight'] = r.normal(vocab, HIDDEN)
    w['roberta.embeddings.position_embeddings.weight'] = r.normal(maxpos, HIDDEN)
    w['roberta.embeddings.token_type_embeddings.weight'] = r.normal(1, HIDDEN)
    r.linear(w, 'classifier.dense', HIDDEN, HIDDEN)
    r.linear(w, 'classifier.out_proj', num_labels, HIDDEN, std=0.2)
    return w


def roberta_config():
    return {
        'architectures': ['RobertaForSequenceClassification'], 'model_type': 'roberta', 'vocab_size': 1000,
        'hidden_size': HIDDEN, 'num_hidden_layers': LAYERS, 'num_attention_heads': HEADS, 'intermediate_size': FFN,
        'max_position_embeddings': 130, 'type_vocab_size': 1, 'layer_norm_eps': 1e-5, 'hidden_dropout_prob': 0.1,
        'attention_probs_dropout_prob': 0.1, 'initializer_range': 0.02, 'pad_token_id': 1, 'bos_token_id': 0,
        'eos_token_id': 2, 'hidden_act': 'gelu', 'position_embedding_type': 'absolute', 'classifier_dropout': None,
        'torch_dtype': 'float32', 'transformers_version': '4.44.0', **LABELS,
    }


LABELS = {'id2label': {'0': 'ham', '1': 'spam'}, 'label2id': {'ham': 0, 'spam': 1}}


def bert_config(classifier):
    c = {
        'architectures': ['BertForSequenceClassification' if classifier else 'BertModel'],
        'model_type': 'bert', 'vocab_size': VOCAB, 'hidden_size': HIDDEN, 'num_hidden_layers': LAYERS,
        'num_attention_heads': HEADS, 'intermediate_size': FFN, 'max_position_embeddings': MAXPOS,
        'type_vocab_size': 2, 'layer_norm_eps': 1e-12, 'hidden_dropout_prob': 0.1,
        'attention_probs_dropout_prob': 0.1, 'initializer_range': 0.02, 'pad_token_id': 0, 'hidden_act': 'gelu',
        'position_embedding_type': 'absolute', 'classifier_dropout': None, 'torch_dtype': 'float32',
        'transformers_version': '4.44.0',
    }
    if classifier:
        c.update(LABELS)
        c['problem_type'] = 'single_label_classification'
    return c


def distilbert_config(classifier):
    c = {
        'architectures': ['DistilBertForSequenceClassification' if classifier else 'DistilBertModel'],
        'model_type': 'distilbert', 'vocab_size': VOCAB, 'dim': HIDDEN, 'n_layers': LAYERS, 'n_heads': HEADS,
        'hidden_dim': FFN, 'max_position_embeddings': MAXPOS, 'dropout': 0.1, 'attention_dropout': 0.1,
        'activation': 'gelu', 'initializer_range': 0.02, 'qa_dropout': 0.1, 'seq_classif_dropout': 0.2,
        'sinusoidal_pos_embds': False, 'tie_weights_': True, 'pad_token_id': 0, 'torch_dtype': 'float32',
        'transformers_version': '4.44.0',
    }
    if classifier:
        c.update(LABELS)
        c['problem_type'] = 'single_label_classification'
    return c


def write_repo(name, config, weights=None, dtype=np.float32, bin_only=False, extra=None, tokenizer=True):
    d = os.path.join(HUB, ORG, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'config.json'), 'w') as f:
        json.dump(config, f, indent=2)
    if tokenizer:
        for fname in ('tokenizer.json', 'tokenizer_config.json', 'vocab.txt'):
            shutil.copyfile(os.path.join(TOKENIZER, fname), os.path.join(d, fname))
        with open(os.path.join(d, 'special_tokens_map.json'), 'w') as f:
            json.dump({'cls_token': '[CLS]', 'mask_token': '[MASK]', 'pad_token': '[PAD]', 'sep_token': '[SEP]',
                       'unk_token': '[UNK]'}, f, indent=2)
    tensors = {k: v.astype(dtype) for k, v in weights.items()}
    if extra:
        tensors.update(extra)
    if bin_only:
        import torch  # only this repo needs torch
        torch.save({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()}, os.path.join(d, 'pytorch_model.bin'))
    else:
        write_safetensors(os.path.join(d, 'model.safetensors'), tensors, {'format': 'pt'})


def main():
    with open(os.path.abspath(__file__), 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    repos = ['tiny-bert', 'tiny-bert-classifier', 'tiny-distilbert', 'tiny-distilbert-classifier', 'tiny-bert-f16',
             'tiny-bert-bin-only', 'tiny-roberta-classifier']
    complete = all(os.path.exists(os.path.join(HUB, ORG, r, 'config.json')) for r in repos)
    if complete and os.path.exists(STAMP) and open(STAMP).read().strip() == digest and '--force' not in sys.argv:
        print('fixtures are up to date:', HUB)
        return
    shutil.rmtree(os.path.join(HUB, ORG), ignore_errors=True)
    position_ids = {'embeddings.position_ids': np.arange(MAXPOS, dtype=np.int64)[None, :]}
    base = bert_weights(1, with_head=False)
    write_repo('tiny-bert', bert_config(False), base, extra=position_ids)
    write_repo('tiny-bert-classifier', bert_config(True), bert_weights(2, with_head=True))
    write_repo('tiny-distilbert', distilbert_config(False), distilbert_weights(3, with_head=False))
    write_repo('tiny-distilbert-classifier', distilbert_config(True), distilbert_weights(4, with_head=True))
    f16 = bert_config(False)
    f16['torch_dtype'] = 'float16'
    write_repo('tiny-bert-f16', f16, base, dtype=np.float16)
    write_repo('tiny-bert-bin-only', bert_config(False), base, bin_only=True)
    write_repo('tiny-roberta-classifier', roberta_config(), roberta_weights(5), tokenizer=False)
    with open(STAMP, 'w') as f:
        f.write(digest + '\n')
    print('fixtures written:', HUB)


if __name__ == '__main__':
    main()
