"""Quick geoparsing check on a gold file with toponyms (shared/eval/geowebnews.jsonl).

    .venv/bin/python tools/geo_check.py ../shared/eval/geowebnews.jsonl [--limit N] [--misses]

Span P/R/F1 (a gold toponym is found when a predicted span overlaps it), Accuracy@161km
over found gold toponyms and end to end (misses wrong), and the time spent in spaCy vs
geoparsing. Also `--ucdp FILE`: event location within 25 km of the gold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

from eventcoder.document import WorkDoc
from eventcoder.facts.distance import haversine_km
from eventcoder.geo.locations import Geoparser
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.pipeline import Pipeline, Resources
from eventcoder.settings import Settings
from eventcoder.stages.clean import Cleaner


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--ucdp", default="")
    args = ap.parse_args()
    settings = Settings()
    res = Resources.load(settings)
    docs = [json.loads(line) for line in Path(args.gold).read_text().splitlines() if line]
    if args.limit:
        docs = docs[: args.limit]
    ann, geo, clean = Annotator(res.nlp), Geoparser(res.gazetteer), Cleaner()
    t_nlp = t_geo = 0.0
    tp_pred = n_pred = found = n_gold = acc = 0
    adj_gold = adj_found = 0  # demonyms ("Syrian"): gold here, not toponyms by contract
    errors: list[float] = []
    for d in docs:
        wd = clean(WorkDoc(article=Article(d["doc_id"], d["text"], None, None)))
        t0 = time.perf_counter()
        wd = ann(wd)
        t1 = time.perf_counter()
        wd = geo(wd)
        t2 = time.perf_counter()
        t_nlp += t1 - t0
        t_geo += t2 - t1
        preds = wd.toponyms
        gold = d["toponyms"]
        n_pred += len(preds)
        if args.misses:
            for p in preds:
                if not any(p.start < g["end"] and g["start"] < p.end for g in gold):
                    print("FP", repr(p.text), p.name, p.country, p.feature)
        tp_pred += sum(any(p.start < g["end"] and g["start"] < p.end for g in gold) for p in preds)
        for g in gold:
            if g.get("lat") is None:
                continue
            n_gold += 1
            hit = [p for p in preds if p.start < g["end"] and g["start"] < p.end]
            if g.get("gwn_modifier") == "Adjective":
                adj_gold += 1
                adj_found += bool(hit)
            if not hit:
                if args.misses:
                    print("MISS", repr(g["text"]), g.get("gwn_type"))
                continue
            found += 1
            p = hit[0]
            if p.lat is None:
                err = 20000.0
            else:
                err = haversine_km(p.lat, p.lon, g["lat"], g["lon"])
            errors.append(err)
            if err <= 161:
                acc += 1
            elif args.misses:
                print("WRONG", repr(g["text"]), "->", p.name, p.country, p.feature, int(err))
    prec = tp_pred / max(n_pred, 1)
    rec = found / max(n_gold, 1)
    f1 = 2 * prec * rec / max(prec + rec, 1e-9)
    print(f"docs {len(docs)} gold {n_gold} predicted {n_pred}")
    print(f"span P {prec:.3f} R {rec:.3f} F1 {f1:.3f}")
    print(f"Acc@161 over found {acc / max(found, 1):.3f}  end-to-end {acc / max(n_gold, 1):.3f}"
          f"  median error km {statistics.median(errors) if errors else 0:.1f}")
    rec2 = (found - adj_found) / max(n_gold - adj_gold, 1)
    f2 = 2 * prec * rec2 / max(prec + rec2, 1e-9)
    print(f"without the {adj_gold} adjectival (demonym) gold toponyms: R {rec2:.3f} F1 {f2:.3f}")
    print(f"time spaCy {t_nlp:.2f}s geoparse {t_geo:.2f}s ratio {t_geo / max(t_nlp, 1e-9):.3f}")
    if args.ucdp:
        ucdp(args.ucdp, settings, res)


def ucdp(path: str, settings: Settings, res: Resources) -> None:
    pipe = Pipeline(settings, res)
    docs = [json.loads(line) for line in Path(path).read_text().splitlines() if line]
    n = ok = located = 0
    for d in docs:
        gold = [e for e in d.get("events") or [] if e.get("location", {}).get("lat") is not None]
        if not gold:
            continue
        pub = dt.date.fromisoformat(d["published"]) if d.get("published") else None
        art = Article(d["doc_id"], d["text"], d.get("title"), pub)
        result = next(pipe.process([art]))
        n += 1
        locs = [e.location for e in result.events if e.location and e.location.lat is not None]
        if locs:
            located += 1
        g = gold[0]["location"]
        if any(haversine_km(p.lat, p.lon, g["lat"], g["lon"]) <= 25 for p in locs
               if p.lat is not None and p.lon is not None):
            ok += 1
    print(f"UCDP docs with gold place {n}, with a located event {located}, "
          f"within 25 km {ok} ({ok / max(n, 1):.3f})")


if __name__ == "__main__":
    main()
