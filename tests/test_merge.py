"""Cross-article merge: the pair rules, blocking, the merged record, and the merge test set."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from eventcoder.model import Actor, Event, Place, Source, Span
from eventcoder.store.dedup import DedupIndex
from eventcoder.store.merge import (
    cluster_keys,
    compatible,
    event_from_dict,
    key_of,
    merge_cluster,
    merge_events,
)

MERGE_SET = Path(__file__).resolve().parent / "data" / "merge_set"

ARMY = Actor("Military Forces of Syria", "the army", "State forces", 1, "SYR", "MIL")
REBELS = Actor("Hayat Tahrir al-Sham", "HTS", "Rebel group", 2, "SYR", "REB")
IS = Actor("Islamic State (Iraq)", "IS", "Rebel group", 2, "IRQ", "REB")
POLICE_IQ = Actor("Police Forces of Iraq", "police", "State forces", 1, "IRQ", "COP")


def mention(
    aid: str,
    date: str = "2023-03-01",
    lat: float = 35.0,
    lon: float = 40.0,
    *,
    prec: int = 1,
    etype: str | None = "Battles",
    sub: str | None = "Armed clash",
    dprec: str = "day",
    dsrc: str = "text",
    a1: Actor | None = ARMY,
    a2: Actor | None = REBELS,
    admin1: str | None = "A1",
    admin2: str | None = None,
    iso3: str = "SYR",
    fat: int = 0,
    low: int | None = None,
    high: int | None = None,
    conf: float = 0.8,
    n: int = 0,
    place: str = "Town",
    loc_quote: str = "in Town",
    loc_start: int = 100,
) -> Event:
    def span(s: int, e: int, q: str) -> Span:
        return Span(aid, s, e, q)

    return Event(
        event_id=f"ev-{aid}-{n}", article_ids=(aid,), event_date=date, date_precision=dprec,
        date_source=dsrc, background=False, event_type=etype, sub_event_type=sub,
        disorder_type="Political violence", plover_type="FIGHT", plover_mode=(),
        cameo_root="19", actor1=a1, actor2=a2,
        location=Place(place, place, "city", admin1, admin2, "Syria", iso3, lat, lon, None, prec),
        fatalities=fat, fatalities_low=low, fatalities_high=high,
        fatalities_text=(f"{fat} killed",) if low is not None else (),
        sources=(Source(f"src-{aid}", "media", f"said {aid}"),), notes=f"note {aid}",
        confidence=conf,
        evidence={"event_type": (span(10, 15, "fight"),),
                  "location": (span(loc_start, loc_start + len(loc_quote), loc_quote),),
                  "fatalities": (span(30, 38, f"{fat} killed"),),
                  "actor1": (span(40, 44, "army"),)},
    )


@pytest.mark.parametrize(
    "b, same",
    [
        (mention("b"), True),
        (mention("a", n=1), False),  # the same article is never merged with itself
        (mention("b", etype="Explosions/Remote violence", sub="Air/drone strike"), True),
        (mention("b", etype="Protests", sub="Peaceful protest"), False),
        (mention("b", date="2023-03-02"), False),
        (mention("b", date="2023-03-02", dsrc="publication"), True),
        (mention("b", date="2023-03-04", dsrc="publication"), False),
        (mention("b", date="2023-03-03", dprec="week"), True),
        (mention("b", date="2023-03-15", dprec="month"), True),
        (mention("b", lat=35.1), True),  # about 11 km, towns: within 15 km
        (mention("b", lat=35.2), False),  # about 22 km
        (mention("b", lat=35.2, prec=2), True),  # near a town: 30 km
        (mention("b", lat=36.0, prec=3), True),  # a region: 150 km
        (mention("b", lat=37.5, prec=3, admin1="A1"), True),  # the same admin1
        (mention("b", lat=37.5, prec=3, admin1="B2"), False),
        (mention("b", lat=35.5, prec=2, admin2="D1"), True),  # same admin2, one place vague
        (mention("b", lat=35.5, prec=1, admin2="D1"), False),  # two towns 55 km apart
        (mention("b", iso3="IRQ"), False),
        (mention("b", a1=IS, a2=POLICE_IQ), False),  # clearly different actors
        (mention("b", a1=REBELS, a2=ARMY), True),  # sides swapped
        (mention("b", a1=None, a2=None), True),  # one side names nobody
        (mention("b", lat=33.5, lon=36.3, place="DAMASCUS", loc_quote="DAMASCUS",
                 loc_start=0), True),  # a dateline only fixes the country
    ],
)
def test_pair_rules(b, same):
    a = mention("a", admin2="D1" if b.location.admin2 else None)
    ka, kb = key_of(a), key_of(b)
    assert ka is not None and kb is not None
    assert compatible(ka, kb) is same
    assert compatible(kb, ka) is same
    clusters = cluster_keys([ka, kb])
    assert (len(clusters) == 1) is same


def test_unplaced_or_undated_mentions_stay_alone():
    a = mention("a")
    b = event_from_dict({**mention("b").to_dict(), "location": None})
    c = event_from_dict({**mention("c").to_dict(), "event_date": None})
    assert key_of(b) is None and key_of(c) is None
    assert len(merge_events([a, b, c])) == 3


def test_a_cluster_never_holds_two_records_of_one_article():
    # a-0 and a-1 are two events of one article; b is close to both.
    ms = [mention("a", lat=35.0, n=0), mention("a", lat=35.12, n=1), mention("b", lat=35.06)]
    sizes = sorted(len(c) for c in cluster_keys([key_of(m) for m in ms]))
    assert sizes == [1, 2]


def test_merged_record_rules():
    a = mention("a", fat=5, low=5, high=7, conf=0.9, place="Khusham", lat=35.0, prec=2)
    b = mention("b", fat=3, low=3, high=3, conf=0.6, place="Khusham", lat=35.0, prec=2)
    c = mention("c", fat=0, conf=0.5, place="Tabiyah", lat=35.01, prec=1,
                etype="Explosions/Remote violence", sub="Air/drone strike", a2=None)
    m = merge_cluster([a, b, c])
    e = m.event
    assert m.n_articles == 3 and m.n_independent == 3
    assert e.article_ids == ("a", "b", "c")
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (3, 3, 7)
    assert e.sub_event_type == "Armed clash"  # two of three reports, by confidence
    assert e.location is not None and e.location.name == "Tabiyah"  # the most precise place
    assert {s.name for s in e.sources} == {"src-a", "src-b", "src-c"}
    assert [s.article_id for s in e.evidence["event_type"]] == ["a", "b"]
    assert [s.article_id for s in e.evidence["location"]] == ["c"]
    assert [s.article_id for s in e.evidence["fatalities"]] == ["b"]
    assert e.actor1 == ARMY and e.actor2 == REBELS
    assert 0.9 < e.confidence <= 1.0
    assert e.event_id.startswith("ev-") and e.event_id == merge_cluster([c, b, a]).event.event_id


def test_duplicates_count_as_one_source():
    a, b, c = mention("a"), mention("b"), mention("c")
    m = merge_cluster([a, b, c], roots={"b": "a"})
    assert (m.n_articles, m.n_independent) == (3, 2)


def test_round_trip_through_dict():
    e = merge_cluster([mention("a", fat=2, low=2, high=4), mention("b")]).event
    assert event_from_dict(e.to_dict()) == e


def test_blocking_finds_the_same_clusters_as_all_pairs():
    rnd = random.Random(7)
    ms = []
    for i in range(400):
        ms.append(mention(f"x{i}", date=f"2023-03-{rnd.randint(1, 4):02d}",
                          lat=35 + rnd.random() * 3, lon=40 + rnd.random() * 3,
                          prec=rnd.choice((1, 2, 3)), admin1=rnd.choice(("A1", "B2")),
                          etype=rnd.choice(("Battles", "Protests"))))
    keys = [key_of(m) for m in ms]
    parent = list(range(len(ms)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(ms)), 2):
        if compatible(keys[i], keys[j]):  # type: ignore[arg-type]
            parent[find(j)] = find(i)
    brute: dict[int, list[int]] = {}
    for i in range(len(ms)):
        brute.setdefault(find(i), []).append(i)
    assert sorted(map(sorted, brute.values())) == sorted(cluster_keys(keys))
    assert any(len(c) > 2 for c in brute.values())


def _pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        g = gold[a] == gold[b]
        p = a in pred and b in pred and pred[a] == pred[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


@pytest.mark.model
def test_merge_set_pairwise_precision_and_recall(pipeline):
    from eventcoder.inputs.readers import read_inputs

    gold: dict[str, str] = json.loads((MERGE_SET / "gold.json").read_text())["clusters"]
    articles = [a for a in read_inputs([MERGE_SET / "articles.jsonl"])]
    assert len(articles) == len(gold) >= 90
    sizes = [list(gold.values()).count(c) for c in set(gold.values())]
    assert sum(s >= 2 for s in sizes) >= 30 and sizes.count(1) >= 10
    index = DedupIndex()
    roots = {a.id: r for a in articles if (r := index.add(a.id, a.text)) is not None}
    results = list(pipeline.process(articles))
    mentions = [e for r in results for e in r.events]
    main: dict[str, str] = {}
    for r in results:
        evs = [e for e in r.events if not e.background] or list(r.events)
        if evs:
            main[r.article_id] = max(evs, key=lambda e: e.confidence).event_id
    assert len(main) >= 0.9 * len(articles)
    merged = merge_events(mentions, roots)
    owner = {mid: m for m in merged for mid in m.mention_ids}
    pred = {aid: owner[mid].event.event_id for aid, mid in main.items()}
    precision, recall = _pairwise(gold, pred)
    assert precision >= 0.90, precision
    assert recall >= 0.90, recall
    # The syndicated copy and the spun rewrite are one source with their original.
    assert set(roots) == {"saada-prison-2", "saada-prison-3"}
    saada = owner[main["saada-prison-1"]]
    assert (saada.n_articles, saada.n_independent) == (4, 2)
