"""Cost of the event stage (detect + classify + within-article aggregation) beside spaCy's
own time on the same texts (issue 3: at most a quarter of spaCy's time).

Usage: .venv/bin/python tools/event_speed.py [CORPUS.jsonl] [--limit N] [--repeat R]
Default corpus: /work/shared/corpus/guardian_syria_2017_2019.jsonl, first 40 articles.
spaCy runs once over the cleaned texts (``nlp.pipe``, batch 32, as the Annotator does);
the event stage runs R times over the parsed documents and its best run is reported.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.loading import load_nlp
from eventcoder.settings import Settings
from eventcoder.stages.assemble import aggregate
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.clean import Cleaner
from eventcoder.stages.detect import EventDetector

CORPUS = Path("/work/shared/corpus/guardian_syria_2017_2019.jsonl")


def main() -> None:
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 40
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
    paths = [a for a in args if a.endswith(".jsonl")]
    path = Path(paths[0]) if paths else CORPUS
    rows = [json.loads(x) for x, _ in zip(path.open(encoding="utf-8"), range(limit),
                                          strict=False)]
    nlp = load_nlp(Settings().spacy_model)
    det, cls = EventDetector(), EventClassifier()
    clean = Cleaner()
    wds = [clean(WorkDoc(article=Article(str(i), r["text"], None, None)))
           for i, r in enumerate(rows)]
    wds = [wd for wd in wds if wd.skipped is None]
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe((wd.clean_text for wd in wds), batch_size=32))
    spacy_s = time.perf_counter() - t0
    best = float("inf")
    n_mentions = n_records = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n_mentions = n_records = 0
        for wd, doc in zip(wds, docs, strict=True):
            wd.doc, wd.mentions = doc, []
            det(wd)
            cls(wd)
            n_mentions += len(wd.mentions)
            n_records += len(aggregate(wd.mentions))
        best = min(best, time.perf_counter() - t0)
    chars = sum(len(wd.article.text) for wd in wds)
    print(f"{len(wds)} articles, {chars} chars; mentions {n_mentions}, records {n_records}")
    print(f"spaCy nlp.pipe: {spacy_s:.2f} s; event stage (best of {repeat}): {best:.3f} s; "
          f"ratio {best / spacy_s:.3f} (target <= 0.25)")


if __name__ == "__main__":
    main()
