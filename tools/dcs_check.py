"""Measure the dates, casualties and sources stages on the shared gold sets.

Independent of the event detector: each document gets one Mention in its first sentence
with the sentence's root verb as trigger (other sentences attach to it by the stages' own
rules). Usage:

    .venv/bin/python tools/dcs_check.py plover   # fatalities / injured exact on plover_gsr
    .venv/bin/python tools/dcs_check.py ucdp     # date exact, deaths exact on ucdp
    .venv/bin/python tools/dcs_check.py khasham  # the worked example, real detector
    add -v to print the misses; --force to process texts the cleaner would skip
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from eventcoder.document import Mention, WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import load_nlp
from eventcoder.settings import Settings
from eventcoder.stages.casualties import CasualtyCounter
from eventcoder.stages.clean import Cleaner
from eventcoder.stages.dates import DateResolver
from eventcoder.stages.sources import SourceFinder

SHARED = Path(__file__).resolve().parents[2] / "shared"
FORCE = "--force" in sys.argv


def workdoc(nlp, text: str, published: str | None, aid: str = "x") -> WorkDoc:
    pub = dt.date.fromisoformat(published) if published else None
    wd = Cleaner()(WorkDoc(article=Article(aid, text, None, pub)))
    if wd.skipped is not None and FORCE:
        # measure the stages even where the cleaner would skip the text (not English...)
        wd.skipped, wd.clean_text = None, wd.clean_text if wd.clean_text.strip() else text
    return Annotator(nlp)(wd)


def one_mention(wd: WorkDoc) -> WorkDoc:
    sents = wd.sentences()
    if not sents:
        return wd
    s = sents[0]
    root = s.root
    wd.mentions = [Mention(0, (s.start_char, s.end_char), (root.idx, root.idx + len(root)),
                           root.lemma_, plover_type="ASSAULT", confidence=0.9)]
    return wd


def stages(wd: WorkDoc) -> WorkDoc:
    for st in (DateResolver(), CasualtyCounter(), SourceFinder()):
        wd = st(wd)
    return wd


def plover(nlp, verbose: bool) -> None:
    docs = [json.loads(x) for x in open(SHARED / "eval/plover_gsr.jsonl")]
    n = ok = 0
    for d in docs:
        for field, attr in (("fatalities", "fatalities"), ("injured", "injured")):
            if field not in d["labels"]:
                continue
            wd = stages(one_mention(workdoc(nlp, d["text"], d["published"])))
            gold = d["events"][0].get(field) if d["events"] else None
            pred = getattr(wd.mentions[0], attr) if wd.mentions else None
            gold = gold if gold is not None else (0 if field == "fatalities" else None)
            n += 1
            ok += pred == gold
            if verbose and pred != gold:
                print(f"MISS {field} gold={gold} pred={pred} | {d['text'][:160]}")
    print(f"plover_gsr fatalities+injured exact: {ok}/{n} = {ok / max(n, 1):.3f}")


def ucdp(nlp, verbose: bool) -> None:
    docs = [json.loads(x) for x in open(SHARED / "eval/ucdp.jsonl")]
    nd = od = nf = of = 0
    for d in docs:
        want_date, want_f = "date" in d["labels"], "fatalities" in d["labels"]
        if not (want_date or want_f) or not d["events"]:
            continue
        wd = stages(one_mention(workdoc(nlp, d["text"], d["published"])))
        m = wd.mentions[0] if wd.mentions else None
        g = d["events"][0]
        if want_date:
            pred = m.event_date.isoformat() if m and m.event_date else None
            nd += 1
            od += pred == g.get("date")
            if verbose and pred != g.get("date"):
                print(f"MISS date gold={g.get('date')} pred={pred} pub={d['published']} | "
                      f"{d['text'][:120]!r}")
        if want_f:
            pred_f = m.fatalities if m else 0
            nf += 1
            of += pred_f == g.get("fatalities")
            if verbose and pred_f != g.get("fatalities"):
                print(f"MISS deaths gold={g.get('fatalities')} pred={pred_f} "
                      f"{m.fatalities_text if m else ''} | {d['text'][:140]!r}")
    print(f"ucdp date exact: {od}/{nd} = {od / max(nd, 1):.3f}")
    print(f"ucdp deaths exact: {of}/{nf} = {of / max(nf, 1):.3f}")


def khasham(nlp) -> None:
    from eventcoder.stages.classify import EventClassifier
    from eventcoder.stages.detect import EventDetector
    from eventcoder.stages.notes import write_note

    text = (SHARED / "examples/khasham.txt").read_text(encoding="utf-8")
    wd = workdoc(nlp, text, "2018-02-08", "khasham")
    wd = EventClassifier()(EventDetector()(wd))
    wd = stages(wd)
    for m in wd.mentions:
        print(m.sent_index, m.event_date, m.date_precision, m.date_source, m.background,
              m.fatalities, m.fatalities_low, m.fatalities_high, m.fatalities_text, m.injured,
              [(s.name, s.kind) for s in m.sources])
        print("   ", write_note(m))


def main() -> None:
    nlp = load_nlp(Settings().spacy_model)
    verbose = "-v" in sys.argv
    what = [a for a in sys.argv[1:] if not a.startswith("-")] or ["plover", "ucdp"]
    for w in what:
        {"plover": lambda: plover(nlp, verbose), "ucdp": lambda: ucdp(nlp, verbose),
         "khasham": lambda: khasham(nlp)}[w]()


if __name__ == "__main__":
    main()
