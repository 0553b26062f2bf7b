"""A seeded database for the server tests: synthetic articles whose one event each is
parsed from the text by a fake pipeline, with evidence spans pointing at real words.

Every article carries markup (``<img onerror>``, ``<script>``) so that the tests can
check it is shown as text, never run as HTML.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventcoder.model import Actor, Article, ArticleResult, Event, Place, Source, Span
from eventcoder.store.ingest import ingest

# name, admin1, country, iso3, lat, lon
PLACES = [
    ("Alphaville", "North Province", "Syria", "SYR", 36.2, 37.1),
    ("Betatown", "East Province", "Syria", "SYR", 35.3, 40.1),
    ("Gammaburg", "River State", "Sudan", "SDN", 13.6, 25.3),
    ("Deltaport", "Coast Region", "Yemen", "YEM", 14.8, 42.9),
]
TYPES = [
    ("Battles", "Armed clash", "Political violence", "FIGHT", "attacked"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
     "FIGHT", "shelled"),
    ("Violence against civilians", "Attack", "Political violence", "ASSAULT", "raided"),
    ("Protests", "Peaceful protest", "Demonstrations", "PROTEST", "marched in"),
]
ACTORS = ["Northern Brigade", "Military Forces of Testland", "Unidentified Armed Group"]
INJECTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
START = dt.date(2024, 3, 1)


def parts(i: int) -> tuple[tuple, tuple, str, int, str]:
    """Article ``i``'s place, type, actor, fatalities and date (each cycles independently)."""
    return (PLACES[i % len(PLACES)], TYPES[(i // 3) % len(TYPES)], ACTORS[i % len(ACTORS)],
            (i * 7) % 13, (START + dt.timedelta(days=(i * 2) % 365)).isoformat())


def article_text(i: int) -> str:
    place, etype, actor, killed, _ = parts(i)
    verb = etype[4]
    return (f"Fighters of the {actor} {verb} the district near {place[0]} early on Monday,"
            f" killing {killed} people, the local council said. {INJECTION}"
            f" Residents of {place[0]} described the day. Report number {i}.")


def articles(n: int) -> list[Article]:
    return [Article(f"art-{i:04d}", article_text(i), f"Report {i} <b>bold</b>",
                    START + dt.timedelta(days=(i * 2) % 365), f"https://example.org/{i}",
                    ("Outlet A", "Outlet B", "Outlet C")[i % 3]) for i in range(n)]


def _span(a: Article, quote: str) -> Span:
    start = a.text.index(quote)
    return a.span(start, start + len(quote))


def fake_event(a: Article) -> Event:
    i = int(a.id.split("-")[1])
    place, kind, actor, killed, date = parts(i)
    name, admin1, country, iso3, lat, lon = place
    etype, sub, disorder, plover, verb = kind
    evidence = {
        "event_type": (_span(a, verb),),
        "actor1": (_span(a, actor),),
        "location": (_span(a, name),),
        "fatalities": (_span(a, f"killing {killed} people"),),
        "sources": (_span(a, "the local council said"),),
    }
    return Event(
        event_id=f"ev-{a.id}", article_ids=(a.id,), event_date=date, date_precision="day",
        date_source="text", background=False, event_type=etype, sub_event_type=sub,
        disorder_type=disorder, plover_type=plover, plover_mode=(), cameo_root="19",
        actor1=Actor(actor, actor, "Rebel group", 2, iso3, "REB"), actor2=None,
        location=Place(name, name, "city", admin1, None, country, iso3,
                       lat + (i % 5) * 0.01, lon + (i % 7) * 0.01, 1000 + i, 1),
        fatalities=killed, fatalities_low=killed, fatalities_high=killed,
        fatalities_text=(f"killing {killed} people",),
        sources=(Source("local council", "official", "the local council said"),),
        notes=f"Note {i}: {INJECTION}", confidence=0.8, evidence=evidence,
    )


class FakePipeline:
    """Stands in for the real pipeline: one event per seeded article, from its text."""

    def process(self, items: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in items:
            if a.id.startswith("art-"):
                yield ArticleResult(a.id, (fake_event(a),))
            else:
                yield ArticleResult(a.id, ())


def seed(path: str | Path, n: int = 40) -> Path:
    path = Path(path)
    ingest(path, articles(n), FakePipeline())
    return path


if __name__ == "__main__":  # python tests/_serve_seed.py OUT.duckdb [N]
    seed(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40)
