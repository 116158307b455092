"""The classical baseline for bench:quality: TF-IDF (word 1-2 grams, sublinear tf) + logistic regression.

C is chosen on the validation split from {1, 3, 10, 30, 100, 300, 1000}, the model refitted is the one
with that C, and the test split is scored once. Input: a JSON file {texts, labels, split} written by
bench/quality.ts from the studio's own split (split codes 0 train, 1 validation, 2 test), so both sides
see exactly the same rows. Output: JSON {macro_f1, accuracy, C, seconds, cpu_seconds} on stdout.

Usage: /usr/bin/python3 bench/tfidf_baseline.py <split.json>
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

C_GRID = [1, 3, 10, 30, 100, 300, 1000]


def main():
    data = json.load(open(sys.argv[1]))
    started, started_cpu = time.perf_counter(), time.process_time()
    rows = {code: [i for i, s in enumerate(data["split"]) if s == code] for code in (0, 1, 2)}
    texts, labels = data["texts"], data["labels"]
    pick = lambda code: ([texts[i] for i in rows[code]], [labels[i] for i in rows[code]])
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = pick(0), pick(1), pick(2)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    train = vectorizer.fit_transform(x_train)
    val, test = vectorizer.transform(x_val), vectorizer.transform(x_test)
    best = None
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=3000).fit(train, y_train)
        score = f1_score(y_val, model.predict(val), average="macro")
        if best is None or score > best[0]:
            best = (score, c, model)
    _, c, model = best
    predicted = model.predict(test)
    json.dump({
        "macro_f1": f1_score(y_test, predicted, average="macro"),
        "accuracy": accuracy_score(y_test, predicted),
        "C": c,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - started_cpu,
    }, sys.stdout)


if __name__ == "__main__":
    main()
