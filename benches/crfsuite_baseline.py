#!/usr/bin/env python3
"""CRFsuite baseline for `examples/learn_kaznerd.rs`: the sklearn-crfsuite tutorial's
features (word, affixes, case and shape, +-2 neighbours), L-BFGS c1=0.1 c2=0.1, 100
iterations, on the same fixed split (every tenth sentence held out). Not run by tests.

    pip install python-crfsuite
    /usr/bin/time -v python3 benches/crfsuite_baseline.py ../shared/data/kaznerd/IOB2_valid.txt [N]
"""
import sys
import time

import pycrfsuite


def read(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sents.append((words, tags))
    return sents


def word2features(sent, i):
    word = sent[i]
    f = {
        "bias": 1.0,
        "word.lower()": word.lower(),
        "word[-3:]": word[-3:],
        "word[-2:]": word[-2:],
        "word.isupper()": word.isupper(),
        "word.istitle()": word.istitle(),
        "word.isdigit()": word.isdigit(),
    }
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(sent):
            w = sent[j]
            f.update({
                "%+d:word.lower()" % d: w.lower(),
                "%+d:word.istitle()" % d: w.istitle(),
                "%+d:word.isupper()" % d: w.isupper(),
            })
    if i == 0:
        f["BOS"] = True
    if i == len(sent) - 1:
        f["EOS"] = True
    return f


def sent2features(sent):
    return [word2features(sent, i) for i in range(len(sent))]


def spans(tags):
    """seqeval's default: an I- after O or another label starts an entity."""
    out, open_ = [], None
    for i, t in enumerate(list(tags) + ["O"]):
        p, _, l = t.partition("-")
        cont = p == "I" and open_ is not None and open_[1] == l
        if not cont and open_ is not None:
            out.append((open_[0], i, open_[1]))
            open_ = None
        if p == "B" or (p == "I" and not cont):
            open_ = (i, l)
    return out


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    sents = read(path)
    train = [s for i, s in enumerate(sents) if i % 10 != 9][:limit]
    test = [s for i, s in enumerate(sents) if i % 10 == 9]
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(sent2features(words), tags)
    trainer.set_params({"c1": 0.1, "c2": 0.1, "max_iterations": 100,
                        "feature.possible_transitions": True})
    trainer.train("/tmp/crfsuite_baseline.model")
    train_s = time.perf_counter() - t0
    tagger = pycrfsuite.Tagger()
    tagger.open("/tmp/crfsuite_baseline.model")
    t1 = time.perf_counter()
    per = {}
    for words, tags in test:
        gold = set(spans(tags))
        pred = set(spans(tagger.tag(sent2features(words))))
        for s in gold | pred:
            c = per.setdefault(s[2], [0, 0, 0])
            c[0] += s in gold and s in pred
            c[1] += s in pred
            c[2] += s in gold
    pred_s = time.perf_counter() - t1
    tp, np_, ng = (sum(c[k] for c in per.values()) for k in range(3))

    def f1(tp, np_, ng):
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    p, r, f = f1(tp, np_, ng)
    print(f"crfsuite train={len(train)} test={len(test)} P={p:.4f} R={r:.4f} F1={f:.4f} "
          f"train_s={train_s:.2f} predict_sent_per_s={len(test) / pred_s:.0f}")
    for label in sorted(per):
        c = per[label]
        print(f"  {label:12} F1={f1(*c)[2]:.4f} support={c[2]}")


if __name__ == "__main__":
    main()
