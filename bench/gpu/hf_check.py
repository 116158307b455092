#!/usr/bin/env python3
"""Does Python `transformers` load the studio's exported folders and give the studio's probabilities?

For each folder holding a studio.json (bench/gpu/hf-check-data.ts wrote it: texts, the studio's token ids and
probabilities), loads the folder with AutoTokenizer and AutoModelForSequenceClassification (fp32, CPU, eval)
and compares:
  - the token ids AutoTokenizer makes from the texts (truncation at the studio's max length) with the studio's;
  - the probabilities on the studio's ids, and on transformers' own tokenization, with the studio's (≤ 1e-4);
  - id2label with the studio's labels.
Where transformers is not installed (the build machines), it checks the probabilities on the studio's ids
with the repository's independent PyTorch reference (export_ref.py) instead, and says so.
Prints one JSON line per folder: {"name", "loader", "tokens_equal", "max_abs_diff", "max_abs_diff_own_tokens",
"labels_equal", "ok"}.

Usage: python3 hf_check.py <folder>... [--reference path/to/export_ref.py]
"""
import json
import os
import subprocess
import sys
import tempfile

TOLERANCE = 1e-4


def max_abs_diff(a, b):
    return max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb))


def strip_padding(ids, mask):
    return [i for i, m in zip(ids, mask) if m]


def check_with_transformers(folder, studio):
    import torch
    import transformers
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).float().eval()
    enc = tok(studio['texts'], truncation=True, max_length=studio['max_length'], padding=True, return_tensors='pt')
    ours = [strip_padding(i, m) for i, m in zip(studio['input_ids'], studio['attention_mask'])]
    theirs = [strip_padding(i, m) for i, m in zip(enc['input_ids'].tolist(), enc['attention_mask'].tolist())]
    inputs = {'input_ids': torch.tensor(studio['input_ids']), 'attention_mask': torch.tensor(studio['attention_mask'])}
    if 'token_type_ids' in tok.model_input_names:
        inputs['token_type_ids'] = torch.tensor(studio['token_type_ids'])
    with torch.no_grad():
        on_ours = torch.softmax(model(**inputs).logits.double(), -1).tolist()
        on_theirs = torch.softmax(model(**enc).logits.double(), -1).tolist()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    return {
        'loader': f'transformers {transformers.__version__} ({type(model).__name__})',
        'tokens_equal': ours == theirs,
        'max_abs_diff': max_abs_diff(on_ours, studio['probabilities']),
        'max_abs_diff_own_tokens': max_abs_diff(on_theirs, studio['probabilities']),
        'labels_equal': labels == studio['labels'],
    }


def check_with_reference(folder, studio, reference):
    import math
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
        json.dump({k: studio[k] for k in ('input_ids', 'attention_mask', 'token_type_ids')}, f)
    try:
        out = subprocess.run([sys.executable, reference, folder, f.name], capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f'exit {out.returncode}')
    probs = []
    for row in json.loads(out.stdout)['logits']:
        m = max(row)
        e = [math.exp(x - m) for x in row]
        probs.append([x / sum(e) for x in e])
    config = json.load(open(os.path.join(folder, 'config.json')))
    labels = [config['id2label'][str(i)] for i in range(len(config['id2label']))]
    return {
        'loader': 'transformers not installed: the independent PyTorch reference (export_ref.py) on the studio\'s ids',
        'tokens_equal': None, 'max_abs_diff': max_abs_diff(probs, studio['probabilities']), 'max_abs_diff_own_tokens': None,
        'labels_equal': labels == studio['labels'],
    }


def main(argv):
    reference = None
    if '--reference' in argv:
        i = argv.index('--reference')
        reference = argv[i + 1]
        del argv[i:i + 2]
    try:
        import transformers  # noqa: F401
        have_transformers = True
    except ImportError:
        have_transformers = False
    ok_all = True
    for folder in argv:
        studio = json.load(open(os.path.join(folder, 'studio.json')))
        name = os.path.basename(os.path.normpath(folder))
        try:
            if have_transformers:
                r = check_with_transformers(folder, studio)
            elif reference:
                r = check_with_reference(folder, studio, reference)
            else:
                raise RuntimeError('transformers is not installed and no --reference was given')
            diffs = [d for d in (r['max_abs_diff'], r['max_abs_diff_own_tokens']) if d is not None]
            r['ok'] = all(d <= TOLERANCE for d in diffs) and r['tokens_equal'] is not False and r['labels_equal']
        except Exception as e:  # one folder's failure is reported, the others still run
            r = {'loader': 'failed', 'error': f'{type(e).__name__}: {e}', 'ok': False}
        r = {'name': name, 'model_type': studio['model_type'], 'texts': len(studio['texts']), **r}
        ok_all = ok_all and r['ok']
        print(json.dumps(r), flush=True)
    return 0 if ok_all else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
