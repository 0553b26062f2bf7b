"""Measure event detection/classification on the shared gold sets (detect + classify +
within-article aggregation; the other stages are not run, so actors/places/dates are None).

Usage: .venv/bin/python tools/event_check.py [case|plover|both] [--errors N] [--half 0|1]
(--half: only the even (0) or odd (1) plover documents; --errors lists the plover docs
with no mention of the gold type)
Document label (CASE 2021 Task 2 style): sub-type of the highest-confidence ACLED mention with
confidence >= 0.3, else NONE. PLOVER: type of the highest-confidence mention ("main"), and
whether any mention has the gold type ("any", how the pairing scorer sees it).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import load_nlp
from eventcoder.settings import Settings
from eventcoder.stages.assemble import aggregate
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.clean import Cleaner
from eventcoder.stages.detect import EventDetector

EVAL = Path("/work/shared/eval")


def run(nlp, texts):
    det, cls = EventDetector(), EventClassifier()
    ann = Annotator(nlp)
    out = []
    for i, t in enumerate(texts):
        wd = Cleaner()(WorkDoc(article=Article(f"d{i}", t, None, None)))
        wd = ann(wd)
        out.append(aggregate(cls(det(wd)).mentions))
    return out


def weighted_f1(gold, pred):
    labels = set(gold)
    total, f1sum = len(gold), 0.0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=False) if p == lab and g != lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=False) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1sum += f1 * gold.count(lab)
    return f1sum / total


def label(ms, attr):
    ms = [m for m in ms if m.event_type and m.confidence >= 0.3]
    if not ms:
        return "NONE"
    return getattr(max(ms, key=lambda m: m.confidence), attr)


def case(nlp, nerr):
    docs = [json.loads(x) for x in open(EVAL / "case2021_task2.jsonl")]
    res = run(nlp, [d["text"] for d in docs])
    gs = [d["events"][0]["acled_sub_event_type"] if d["events"] else "NONE" for d in docs]
    gt = [d["events"][0]["acled_event_type"] if d["events"] else "NONE" for d in docs]
    ps = [label(ms, "sub_event_type") for ms in res]
    pt = [label(ms, "event_type") for ms in res]
    acc_t = sum(a == b for a, b in zip(gt, pt, strict=False)) / len(gt)
    acc_s = sum(a == b for a, b in zip(gs, ps, strict=False)) / len(gs)
    print(f"CASE2021 n={len(docs)} sub-type weighted F1={weighted_f1(gs, ps):.3f} "
          f"sub-type acc={acc_s:.3f} event-type acc={acc_t:.3f}")
    tconf = Counter((g, p) for g, p in zip(gt, pt, strict=False) if g != p)
    print("   event-type confusions:", tconf.most_common(12))
    conf = Counter((g, p) for g, p in zip(gs, ps, strict=False) if g != p)
    for (g, p), n in conf.most_common(25):
        print(f"   {n:3d}  gold={g}  pred={p}")
    shown = 0
    for d, g, p in zip(docs, gs, ps, strict=False):
        if g != p and shown < nerr:
            shown += 1
            print(f"-- gold={g} pred={p}: {d['text'][:220]!r}")


def plover(nlp, nerr):
    docs = [json.loads(x) for x in open(EVAL / "plover_gsr.jsonl")]
    if HALF is not None:  # tune on one half, verify on the other
        docs = [d for i, d in enumerate(docs) if i % 2 == HALF]
    res = run(nlp, [d["text"] for d in docs])
    main_ok = any_ok = found = 0
    conf = Counter()
    shown = 0
    for d, ms in zip(docs, res, strict=False):
        g = d["events"][0]["plover_event_type"]
        ms = [m for m in ms if m.confidence >= 0.3]
        if ms:
            found += 1
        p = max(ms, key=lambda m: m.confidence).plover_type if ms else "NONE"
        main_ok += p == g
        any_ok += any(m.plover_type == g for m in ms)
        if p != g:
            conf[(g, p)] += 1
            if shown < nerr and not any(m.plover_type == g for m in ms):
                shown += 1
                types = [m.plover_type for m in ms]
                print(f"-- gold={g} pred={p} all={types}: {d['text'][:200]!r}")
    n = len(docs)
    print(f"PLOVER n={n} detection recall={found / n:.3f} main-type acc={main_ok / n:.3f} "
          f"any-mention acc={any_ok / n:.3f}")
    for (g, p), k in conf.most_common(20):
        print(f"   {k:3d}  gold={g}  pred={p}")


HALF: int | None = None


def main() -> None:
    global HALF
    if "--half" in sys.argv:
        HALF = int(sys.argv[sys.argv.index("--half") + 1])
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    nerr = int(sys.argv[sys.argv.index("--errors") + 1]) if "--errors" in sys.argv else 0
    nlp = load_nlp(Settings().spacy_model)
    if which in ("case", "both"):
        case(nlp, nerr)
    if which in ("plover", "both"):
        plover(nlp, nerr)


if __name__ == "__main__":
    main()
