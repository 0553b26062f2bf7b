"""How merge time grows with the number of mentions (synthetic, seeded).

    .venv/bin/python benchmarks/merge_scale.py --sizes 10000 100000 1000000 [--records 100000]

Each synthetic event is reported by 1 to 4 articles (mean 2) with jittered places (up to
about 5 km) and, for a fifth of the reports, week precision; events are spread over a span
of days that grows with the size (constant density; ``--days`` fixes it) and a 60 x 100
degree area with a denser "hot spot" a tenth of the size taking half
of them, so that blocks are uneven as in real data. ``cluster`` times the blocking and
union-find over merge keys; ``--records`` also times building full merged records from
``Event`` objects (the whole ``merge_events``) at that size. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
import tracemalloc

from eventcoder.model import Actor, Event, Place, Span
from eventcoder.store.merge import Key, cluster_keys, merge_events

FAMILIES = ("violence", "demonstrations", "strategic")
ACTORS = [(f"Group {i}", f"C{i % 40:02d}", "Rebel group") for i in range(400)]


def _events(n: int, seed: int = 1, days: int = 0) -> list[tuple[int, int, float, float, int, int,
                                                                 int]]:
    """(event no, day, lat, lon, family, actor, reports) until ``n`` reports in total.

    ``days``: the span of dates; 0 scales it with ``n`` (about 137 mentions a day, so the
    density of every block stays that of 100,000 mentions over two years)."""
    rnd = random.Random(seed)
    days = days or max(1, n // 137)
    out, total, i = [], 0, 0
    while total < n:
        hot = rnd.random() < 0.5
        lat = rnd.uniform(30, 36) if hot else rnd.uniform(-10, 50)
        lon = rnd.uniform(36, 46) if hot else rnd.uniform(-20, 80)
        k = min(rnd.randint(1, 4) if rnd.random() < 0.8 else 1, n - total)
        out.append((i, rnd.randint(0, days - 1), lat, lon, rnd.randrange(3), rnd.randrange(400), k))
        total += k
        i += 1
    return out


def synthetic_keys(n: int, seed: int = 1, days: int = 0) -> tuple[list[Key | None], list[int]]:
    rnd = random.Random(seed + 1)
    keys: list[Key | None] = []
    truth: list[int] = []
    base = 738000
    for ev, day, lat, lon, fam, actor, k in _events(n, seed, days):
        name, country, atype = ACTORS[actor]
        for r in range(k):
            week = rnd.random() < 0.2
            lo, hi = (base + day - 3, base + day + 3) if week else (base + day, base + day)
            keys.append(Key(f"a{ev}-{r}", FAMILIES[fam], lo, hi,
                            lat + rnd.uniform(-0.04, 0.04), lon + rnd.uniform(-0.04, 0.04),
                            rnd.choice((1, 1, 2)), country, f"adm{int(lat)}", None,
                            frozenset({name.lower()}), frozenset({(country, atype)})))
            truth.append(ev)
    return keys, truth


def synthetic_events(n: int, seed: int = 1) -> list[Event]:
    import datetime as dt

    rnd = random.Random(seed + 2)
    out = []
    for ev, day, lat, lon, fam, actor, k in _events(n, seed):
        name, country, atype = ACTORS[actor]
        date = (dt.date(2022, 1, 1) + dt.timedelta(days=day)).isoformat()
        etype = ("Battles", "Protests", "Strategic developments")[fam]
        for r in range(k):
            aid = f"a{ev}-{r}"
            fat = rnd.randint(0, 20)
            out.append(Event(
                event_id=f"ev-{aid}", article_ids=(aid,), event_date=date,
                date_precision="day", date_source="text", background=False, event_type=etype,
                sub_event_type=None, disorder_type=None, plover_type="FIGHT", plover_mode=(),
                cameo_root="19", actor1=Actor(name, name, atype, 2, country, "REB"),
                actor2=None,
                location=Place(f"P{ev}", f"P{ev}", "city", f"adm{int(lat)}", None, country,
                               country, lat + rnd.uniform(-0.04, 0.04),
                               lon + rnd.uniform(-0.04, 0.04), None, 1),
                fatalities=fat, fatalities_low=fat, fatalities_high=fat,
                confidence=0.7,
                evidence={"event_type": (Span(aid, 0, 4, "kill"),)},
            ))
    return out


def pairwise(clusters: list[list[int]], truth: list[int]) -> tuple[float, float]:
    pred = [0] * len(truth)
    for c, members in enumerate(clusters):
        for i in members:
            pred[i] = c
    from collections import Counter

    def pairs(labels: list[int]) -> int:
        return sum(v * (v - 1) // 2 for v in Counter(labels).values())

    both = pairs([hash((p, t)) for p, t in zip(pred, truth, strict=True)])
    return both / max(pairs(pred), 1), both / max(pairs(truth), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--records", type=int, default=0, help="also time merge_events at this size")
    ap.add_argument("--days", type=int, default=0,
                    help="span of dates (default: grows with the size, constant density)")
    ap.add_argument("--memory", action="store_true", help="trace peak Python memory (slower)")
    args = ap.parse_args()
    for n in args.sizes:
        keys, truth = synthetic_keys(n, days=args.days)
        gc.collect()
        if args.memory:
            tracemalloc.start()
        t = time.perf_counter()
        clusters = cluster_keys(keys)
        seconds = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] if args.memory else None
        if args.memory:
            tracemalloc.stop()
        p, r = pairwise(clusters, truth)
        print(json.dumps({"step": "cluster", "mentions": n, "days": args.days or n // 137,
                          "seconds": round(seconds, 2),
                          "per_1000": round(1000 * seconds / n, 3), "clusters": len(clusters),
                          "true_events": len(set(truth)), "pairwise_precision": round(p, 4),
                          "pairwise_recall": round(r, 4),
                          "peak_mib": round(peak / 2**20) if peak else None}), flush=True)
        del keys, truth, clusters
    if args.records:
        events = synthetic_events(args.records)
        gc.collect()
        t = time.perf_counter()
        merged = merge_events(events)
        seconds = time.perf_counter() - t
        print(json.dumps({"step": "merge_events", "mentions": len(events),
                          "seconds": round(seconds, 2), "events": len(merged)}), flush=True)


if __name__ == "__main__":
    main()
