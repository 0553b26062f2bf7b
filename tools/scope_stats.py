"""What the trigger screen keeps, and what the model costs per component.

    python tools/scope_stats.py ../shared/corpus/guardian_syria_2017_2019.jsonl [--limit 80]

Over the first ``--limit`` articles: the share of each stock spaCy component in the
model's time (each component run over all the articles in turn), the share of tokens the
screen gives the model, and the share of tokens in sentences where the full reading finds
an event (the least any screen must keep).
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", help="a JSONL file of articles")
    p.add_argument("--limit", type=int, default=80)
    args = p.parse_args(argv)

    import spacy

    from eventcoder.model import Article
    from eventcoder.nlp.scope import TriggerScreen, annotate_in_scope
    from eventcoder.pipeline import Pipeline
    from eventcoder.settings import Settings

    with open(args.corpus, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()][: args.limit]
    texts = [r["text"] for r in rows]

    stock = spacy.load(Settings().spacy_model)
    t0 = time.perf_counter()
    docs = [stock.make_doc(t) for t in texts]
    spent = {"tokenizer": time.perf_counter() - t0}
    for name, proc in stock.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32))  # type: ignore[attr-defined]
        spent[name] = time.perf_counter() - t0
    total = sum(spent.values())
    print(f"stock spaCy over {len(texts)} articles: {total:.1f} s")
    for name, sec in spent.items():
        print(f"  {name:<16} {sec:6.2f} s  {sec / total:.3f}")

    full = Pipeline(Settings(full_parse=True))
    screen = TriggerScreen.for_model(full.resources.nlp)
    scoped = list(annotate_in_scope(full.resources.nlp, texts, screen))
    kept = sum(1 for d in scoped for t in d if t.tag_)
    tokens = sum(len(d) for d in scoped)
    print(f"tokens the screen gives the model: {kept} of {tokens} ({kept / tokens:.3f})")

    sents = event_sents = event_tokens = 0
    for wd in full.annotated(Article(str(i), t) for i, t in enumerate(texts)):
        wd = full.run_stages(wd)
        with_event = {m.sent_index for m in wd.mentions}
        for k, sent in enumerate(wd.sentences()):
            sents += 1
            if k in with_event:
                event_sents += 1
                event_tokens += len(sent)
    print(f"sentences with an event (full reading): {event_sents} of {sents}; their tokens "
          f"{event_tokens} of {tokens} ({event_tokens / tokens:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
