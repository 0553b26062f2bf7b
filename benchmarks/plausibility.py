"""Label-free plausibility of the records ``eventcoder extract`` makes from real articles.

    python benchmarks/plausibility.py --shared ../shared [--limit N | --all] [--workers N]
        [--json OUT] [--records OUT.jsonl] [--from-records EXTRACT.jsonl]

No gold labels: the figures are things a correct extractor cannot get wildly wrong on the
Guardian corpus (``<shared>/corpus/guardian_syria_2017_2019.jsonl``, file order), the first
``--limit`` articles (120) or ``--all``:

- records per article: median, p90 (nearest rank), the largest and its article; articles
  with no record count as 0;
- share of records without an ACLED ``event_type``; share of ``background`` records;
- fatalities: the sum over all records and over non-background records, how many records
  carry 500 or more, and the ten largest figures with their article, types,
  ``fatalities_text`` and the evidence quote of the ``fatalities`` field;
- near-duplicates: a record is one when an earlier record of the same article has the same
  type (``event_type``; ``plover_type`` for records with no ACLED type) and the same place
  (``location.geonameid``, else its name), whatever the dates (records with no place are
  never near-duplicates; pairs of those are counted apart);
- actor1 values that cannot be actors: a news outlet or agency (``benchmarks/outlets.txt``
  plus the article's own ``outlet``; name or text), a date (month or weekday names, years,
  "yesterday"; name or text; a bare "May" is not counted: Theresa May), a number (digits or
  number words; name or text), or a bare place name: the name equals the record's location
  (name or text as written), a country name (pycountry and common short forms) or the
  location of another record of the same article; the text counts too when the actor was
  not resolved (no type), so "Turkey" standing for the Government of Turkey is not counted.

The pipeline runs through ``eventcoder.batch.parallel.process_parallel`` with ``--workers``
processes (default 2); ``--from-records`` scores an existing extract instead (records of
articles outside the selection are ignored). ``--records`` saves the records as JSONL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
OUTLETS_FILE = HERE / "outlets.txt"
CORPUS_NAME = "guardian_syria_2017_2019.jsonl"
DEFAULT_LIMIT = 120
BIG_FATALITIES = 500
TOP_FATALITIES = 10
EXAMPLES = 5

Record = dict[str, Any]


# ---------------------------------------------------------------- text folding


def fold(value: str) -> str:
    """Case, accents, hyphens, a leading "the" and a trailing possessive folded away."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("\u2019", "'").replace("-", " ")
    text = re.sub(r"['\"`]s$", "", text.strip())
    text = re.sub(r"[.,;:!?()\[\]\"']", " ", text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


# ---------------------------------------------------------------- word lists

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_SHORT = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = ("yesterday", "today", "tomorrow", "tonight")
DATE_ANCHORS = frozenset(MONTHS + MONTH_SHORT + WEEKDAYS + RELATIVE_DAYS)
DATE_FILLERS = frozenset((
    "on", "in", "by", "since", "until", "last", "next", "this", "early", "late", "mid",
    "the", "of", "week", "weeks", "month", "months", "year", "years", "weekend", "night",
    "morning", "afternoon", "evening", "day", "days", "ago", "st", "nd", "rd", "th",
))
YEAR = re.compile(r"(1[89]|20)\d\d(s)?")
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
DAY_NUMBER = re.compile(r"\d{1,2}(st|nd|rd|th)?")

NUMBER_WORDS = frozenset((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "billion", "dozen", "dozens",
    "hundreds", "thousands", "millions", "tens", "scores",
))
NUMBER_FILLERS = frozenset(("a", "and", "of", "some", "about", "around", "nearly", "almost",
                            "more", "than", "at", "least", "over", "up", "to", "several"))
DIGITS = re.compile(r"\d[\d,.]*%?")

# Short forms of country names that pycountry does not give (its names are ISO's).
COUNTRY_EXTRA = (
    "US", "USA", "U.S.", "America", "United States", "UK", "Britain", "Great Britain",
    "England", "Scotland", "Wales", "Northern Ireland", "Russia", "Turkey", "Iran", "Syria",
    "Palestine", "South Korea", "North Korea", "Vietnam", "Laos", "Moldova", "Bolivia",
    "Venezuela", "Tanzania", "Taiwan", "Czech Republic", "Ivory Coast", "Holland",
    "Vatican", "Kosovo", "Macedonia", "Burma", "Congo", "Gaza", "West Bank", "Kurdistan",
)


def country_names() -> frozenset[str]:
    """Folded country names: pycountry's name, common and official names, plus short forms."""
    import pycountry

    names: set[str] = {fold(n) for n in COUNTRY_EXTRA}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if isinstance(value, str):
                names.add(fold(value))
    return frozenset(names)


def load_outlets(path: Path = OUTLETS_FILE) -> frozenset[str]:
    """Folded outlet names from the data file (one a line, "#" comments)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(fold(line))
    return frozenset(names)


def looks_like_date(value: str) -> bool:
    """A month or weekday name, a year, "yesterday", alone or with day numbers and fillers
    ("12 March 2018", "last Friday"); a bare "May" is a name (Theresa May), not a date."""
    words = fold(value).split()
    if not words or words == ["may"]:
        return False
    if len(words) == 1 and ISO_DATE.fullmatch(words[0]):
        return True
    anchor = False
    for w in words:
        if w in DATE_ANCHORS or YEAR.fullmatch(w):
            anchor = True
        elif not (w in DATE_FILLERS or DAY_NUMBER.fullmatch(w)):
            return False
    return anchor


def looks_like_number(value: str) -> bool:
    """Digits or number words only ("2,000", "three", "more than 200", "dozens"); a year is
    a date, not a number."""
    words = fold(value.replace(",", "")).split()
    if not words or looks_like_date(value):
        return False
    anchor = False
    for w in words:
        if w in NUMBER_WORDS or DIGITS.fullmatch(w):
            anchor = True
        elif w not in NUMBER_FILLERS:
            return False
    return anchor


# ---------------------------------------------------------------- record helpers


def article_of(rec: Record) -> str:
    ids = rec.get("article_ids") or []
    return str(ids[0]) if ids else ""


def quotes(rec: Record, field: str) -> list[str]:
    """The evidence quotes of one field of a record."""
    spans = (rec.get("evidence") or {}).get(field) or []
    return [str(s.get("quote", "")) for s in spans]


def type_key(rec: Record) -> str | None:
    """The event's type for near-duplicates: ACLED event_type, else the PLOVER type."""
    if rec.get("event_type"):
        return str(rec["event_type"])
    if rec.get("plover_type"):
        return "PLOVER " + str(rec["plover_type"])
    return None


def place_key(rec: Record) -> str | None:
    loc = rec.get("location")
    if not loc:
        return None
    if loc.get("geonameid") is not None:
        return f"geonames:{loc['geonameid']}"
    if loc.get("name"):
        return "name:" + fold(str(loc["name"]))
    return None


def place_name(rec: Record) -> str | None:
    loc = rec.get("location")
    return str(loc["name"]) if loc and loc.get("name") else None


def nearest_rank(values: Sequence[float], q: float) -> float:
    """The q-quantile by nearest rank: the smallest value with at least q of them at or
    below it (p90 of 10 values is the 9th smallest)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(q * len(ordered)) - 1)])


# ---------------------------------------------------------------- the figures


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    outlet: str | None = None


def per_article(records: Sequence[Record], articles: Sequence[ArticleInfo]) -> dict[str, Any]:
    counts: Counter[str] = Counter({a.id: 0 for a in articles})
    for rec in records:
        counts[article_of(rec)] += 1
    values = [counts[a.id] for a in articles]
    most = max(articles, key=lambda a: counts[a.id]) if articles else None
    return {
        "median": float(statistics.median(values)) if values else 0.0,
        "p90": nearest_rank(values, 0.9),
        "mean": round(statistics.fmean(values), 2) if values else 0.0,
        "max": counts[most.id] if most else 0,
        "max_article": most.id if most else None,
        "articles_with_none": sum(1 for v in values if v == 0),
        "largest": [{"article_id": a, "records": n}
                    for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]],
    }


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def type_shares(records: Sequence[Record]) -> dict[str, Any]:
    no_acled = sum(1 for r in records if not r.get("event_type"))
    background = sum(1 for r in records if r.get("background"))
    return {
        "no_acled_type": no_acled,
        "no_acled_type_share": share(no_acled, len(records)),
        "background": background,
        "background_share": share(background, len(records)),
    }


def fatality_figures(records: Sequence[Record], top: int = TOP_FATALITIES) -> dict[str, Any]:
    def fat(r: Record) -> int:
        return int(r.get("fatalities") or 0)

    with_figure = [r for r in records if fat(r) > 0]
    ranked = sorted(with_figure, key=lambda r: -fat(r))[:top]
    return {
        "sum": sum(fat(r) for r in records),
        "sum_non_background": sum(fat(r) for r in records if not r.get("background")),
        "records_with_fatalities": len(with_figure),
        f"records_ge_{BIG_FATALITIES}": sum(1 for r in records if fat(r) >= BIG_FATALITIES),
        "largest": [
            {
                "fatalities": fat(r),
                "article_id": article_of(r),
                "event_type": r.get("event_type"),
                "sub_event_type": r.get("sub_event_type"),
                "plover_type": r.get("plover_type"),
                "background": bool(r.get("background")),
                "event_date": r.get("event_date"),
                "fatalities_text": list(r.get("fatalities_text") or []),
                "evidence": quotes(r, "fatalities"),
            }
            for r in ranked
        ],
    }


def near_duplicates(records: Sequence[Record]) -> dict[str, Any]:
    """Records with the type and place of an earlier record of the same article."""
    seen: dict[tuple[str, str, str], Record] = {}
    seen_no_place: set[tuple[str, str]] = set()
    count = no_place = 0
    per: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for rec in records:
        art, kind, place = article_of(rec), type_key(rec), place_key(rec)
        if kind is None:
            continue
        if place is None:
            if (art, kind) in seen_no_place:
                no_place += 1
            seen_no_place.add((art, kind))
            continue
        first = seen.get((art, kind, place))
        if first is None:
            seen[(art, kind, place)] = rec
            continue
        count += 1
        per[art] += 1
        if len(examples) < EXAMPLES:
            examples.append({
                "article_id": art, "type": kind, "place": place_name(rec),
                "dates": [first.get("event_date"), rec.get("event_date")],
                "background": [bool(first.get("background")), bool(rec.get("background"))],
                "evidence": [quotes(first, "event_type") or quotes(first, "plover_type"),
                             quotes(rec, "event_type") or quotes(rec, "plover_type")],
            })
    return {
        "count": count,
        "share": share(count, len(records)),
        "articles_with_any": len(per),
        "most": [{"article_id": a, "near_duplicates": n} for a, n in per.most_common(5)],
        "same_type_no_place": no_place,
        "examples": examples,
    }


@dataclass(frozen=True)
class Lists:
    outlets: frozenset[str]
    countries: frozenset[str]


def actor1_checks(records: Sequence[Record], articles: Sequence[ArticleInfo],
                  lists: Lists) -> dict[str, Any]:
    """actor1 values that are an outlet, a date, a number or a bare place name."""
    outlet_of = {a.id: fold(a.outlet) for a in articles if a.outlet}
    article_places: dict[str, set[str]] = defaultdict(set)
    for rec in records:  # where the article's records happen, as named and as written
        loc = rec.get("location") or {}
        for v in (loc.get("name"), loc.get("text")):
            if v:
                article_places[article_of(rec)].add(fold(str(v)))
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        actor = rec.get("actor1")
        if not actor:
            continue
        name, text = str(actor.get("name") or ""), str(actor.get("text") or "")
        both = [v for v in (name, text) if v]
        outlets = lists.outlets | ({outlet_of[article_of(rec)]}
                                   if article_of(rec) in outlet_of else set())
        kinds: list[str] = []
        if any(fold(v) in outlets for v in both):
            kinds.append("outlet")
        if any(looks_like_date(v) for v in both):
            kinds.append("date")
        if any(looks_like_number(v) for v in both):
            kinds.append("number")
        # the text names a place legitimately when it stands for a resolved actor
        # ("Turkey" -> Government of Turkey); only the name, or an unresolved text, counts
        place_values = [name] + ([text] if not actor.get("type") else [])
        loc = rec.get("location") or {}
        own = {fold(str(v)) for v in (loc.get("name"), loc.get("text")) if v}
        why: str | None = None
        for v in (fold(v) for v in place_values if v):
            why = ("location" if v in own else "country" if v in lists.countries
                   else "place in article" if v in article_places[article_of(rec)] else None)
            if why:
                kinds.append("place")
                break
        for kind in kinds:
            found[kind].append({
                "article_id": article_of(rec), "name": name, "text": text,
                **({"place_is": why} if kind == "place" else {}),
                "type": actor.get("type"), "event_type": rec.get("event_type"),
                "plover_type": rec.get("plover_type"), "location": place_name(rec),
                "evidence": quotes(rec, "actor1"),
            })
    out: dict[str, Any] = {"records_with_actor1": sum(1 for r in records if r.get("actor1"))}
    for kind in ("outlet", "date", "number", "place"):
        hits = found.get(kind, [])
        out[kind] = {
            "count": len(hits),
            "values": dict(Counter(h["name"] for h in hits).most_common(10)),
            "examples": hits[:EXAMPLES],
        }
    out["place"]["by_reason"] = dict(Counter(h["place_is"] for h in found.get("place", [])))
    return out


def score(records: Sequence[Record], articles: Sequence[ArticleInfo],
          lists: Lists | None = None) -> dict[str, Any]:
    """Every figure of the benchmark, from records and the articles they came from."""
    lists = lists or Lists(load_outlets(), country_names())
    wanted = {a.id for a in articles}
    records = [r for r in records if article_of(r) in wanted]
    return {
        "articles": len(articles),
        "records": len(records),
        "records_per_article": per_article(records, articles),
        **type_shares(records),
        "fatalities": fatality_figures(records),
        "near_duplicates": near_duplicates(records),
        "actor1": actor1_checks(records, articles, lists),
    }


# ---------------------------------------------------------------- inputs and running


def read_corpus(path: Path, limit: int | None) -> list[ArticleInfo]:
    """The articles (id, outlet) in file order, the first ``limit`` of them."""
    out: list[ArticleInfo] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(ArticleInfo(str(row["id"]), row.get("outlet")))
    return out[:limit] if limit else out


def read_records(path: Path) -> list[Record]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def run_pipeline(corpus: Path, wanted: Iterable[str], workers: int) -> tuple[list[Record], int]:
    """Extract the wanted articles (file order) with ``workers`` processes: the records and
    the number of articles the pipeline skipped."""
    from eventcoder.batch.parallel import process_parallel
    from eventcoder.inputs.readers import read_inputs
    from eventcoder.model import Article
    from eventcoder.settings import Settings

    ids = set(wanted)
    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article) and a.id in ids]
    records: list[Record] = []
    skipped = 0
    for result in process_parallel(articles, Settings(), workers):
        skipped += result.skipped is not None
        records.extend(e.to_dict() for e in result.events)
    return records, skipped


# ---------------------------------------------------------------- report


def report(fig: dict[str, Any]) -> str:
    rpa, fat, dup, a1 = (fig["records_per_article"], fig["fatalities"],
                         fig["near_duplicates"], fig["actor1"])
    lines = [
        f"articles {fig['articles']}, records {fig['records']}",
        f"records per article: median {rpa['median']:g}, p90 {rpa['p90']:g}, "
        f"mean {rpa['mean']:g}, max {rpa['max']} ({rpa['max_article']}), "
        f"articles with none {rpa['articles_with_none']}",
        f"no ACLED type: {fig['no_acled_type']} ({100 * fig['no_acled_type_share']:.1f}%)",
        f"background: {fig['background']} ({100 * fig['background_share']:.1f}%)",
        f"fatalities: sum {fat['sum']:,} (non-background {fat['sum_non_background']:,}), "
        f"records with a figure {fat['records_with_fatalities']}, "
        f">= {BIG_FATALITIES}: {fat[f'records_ge_{BIG_FATALITIES}']}",
    ]
    for i, f in enumerate(fat["largest"], 1):
        kind = f["sub_event_type"] or f["plover_type"]
        bg = ", background" if f["background"] else ""
        lines.append(f"  {i:2}. {f['fatalities']:>9,}  {f['article_id']}  {kind}{bg}  "
                     f"{' | '.join(f['evidence']) or f['fatalities_text']}")
    lines.append(f"near-duplicates: {dup['count']} ({100 * dup['share']:.1f}% of records) "
                 f"in {dup['articles_with_any']} articles; same type, both without place: "
                 f"{dup['same_type_no_place']}")
    for e in dup["examples"]:
        lines.append(f"  {e['article_id']}  {e['type']} @ {e['place']}  dates {e['dates']}")
    lines.append(f"actor1 (of {a1['records_with_actor1']} records with one):")
    for kind in ("outlet", "date", "number", "place"):
        lines.append(f"  {kind}: {a1[kind]['count']}  {a1[kind]['values']}")
        for e in a1[kind]["examples"]:
            why = f"  ({e['place_is']})" if "place_is" in e else ""
            lines.append(f"    {e['article_id']}  {e['name']!r} / {e['text']!r}{why}  "
                         f"evidence {e['evidence']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    p.add_argument("--corpus", metavar="PATH",
                   help=f"a JSONL corpus (default <shared>/corpus/{CORPUS_NAME})")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"the first N articles in file order (default {DEFAULT_LIMIT})")
    p.add_argument("--all", action="store_true", help="every article of the corpus")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="worker processes for the pipeline (default 2)")
    p.add_argument("--from-records", metavar="PATH",
                   help="score the records of an existing extract (JSONL) instead of running")
    p.add_argument("--records", metavar="PATH", help="save the records as JSONL")
    p.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = p.parse_args(argv)

    corpus = Path(args.corpus) if args.corpus else Path(args.shared) / "corpus" / CORPUS_NAME
    if not corpus.is_file():
        sys.exit(f"plausibility: no corpus at {corpus} (give --shared or --corpus)")
    articles = read_corpus(corpus, None if args.all else args.limit)
    print(f"corpus: {corpus}: {len(articles)} articles", file=sys.stderr)
    t0 = time.perf_counter()
    skipped = None
    if args.from_records:
        records = read_records(Path(args.from_records))
        source = f"records file {args.from_records}"
    else:
        print(f"extracting with {args.workers} workers ...", file=sys.stderr)
        records, skipped = run_pipeline(corpus, (a.id for a in articles), args.workers)
        source = f"pipeline, {args.workers} workers"
    run_s = time.perf_counter() - t0
    fig = score(records, articles)
    print(report(fig))
    if args.records:
        Path(args.records).parent.mkdir(parents=True, exist_ok=True)
        wanted = {a.id for a in articles}
        Path(args.records).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records
                    if article_of(r) in wanted), encoding="utf-8")
    if args.json:
        meta = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "corpus": str(corpus),
            "selection": "all" if args.all else f"first {args.limit}",
            "source": source,
            "skipped_articles": skipped,
            "run_s": round(run_s, 1),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"meta": meta, "figures": fig}, indent=2,
                                              ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
