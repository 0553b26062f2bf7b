"""``eventcoder evaluate``: score the pipeline against gold files in the shared/eval format.

``evaluate_paths(paths, pipeline)`` reads gold files (or folders of ``*.jsonl``), gives the
pipeline only each document's ``text``, ``title`` and ``published`` (the article id is a
hash of the text: ``doc_id`` can reveal gold information), runs every article through
``pipeline.process`` in one batch (and ``pipeline.geoparse`` for documents with gold
toponyms), and returns a JSON-serialisable report: per gold file and overall, event
precision/recall/F1, per-field scores on paired events, the CASE-style document label
scores, the toponym scores, and the events kept at confidence thresholds. Every file is
scored as a whole and per held-out half (``eval/halves.py``: ``files[name]["halves"]["dev"]``
and ``["test"]``, each of the same shape); ``half="dev"`` or ``"test"`` scores, and runs the
pipeline over, one half only. The arithmetic lives in ``eval/scoring.py``; docs/accuracy.md
explains every figure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from eventcoder.errors import EvaluationError
from eventcoder.eval.halves import HALVES, Half, half_of
from eventcoder.eval.scoring import (
    CONFIDENCE_BINS,
    FIELDS,
    THRESHOLDS,
    ConfidenceTally,
    FieldTally,
    Resolver,
    ToponymTally,
    actor_orientation,
    classification_scores,
    field_correct,
    gold_main_label,
    gold_states,
    greedy_pairs,
    labelled_fields,
    main_label,
    pair_candidates,
    prf,
    score_toponyms,
)
from eventcoder.inputs.readers import article_id_for
from eventcoder.model import Article, ArticleResult, Event, Toponym

KNOWN_LABELS = frozenset(
    [f for f in FIELDS if not f.startswith("location_")] + ["location", "toponyms"]
)
COUNTRY_FORMATS = (None, "iso2", "iso3", "name")
ACLED_LABELS = frozenset({"acled_event_type", "acled_sub_event_type"})
MISTAKES_SHOWN = 10  # wrong fields shown per field and file in the JSON report


class PipelineLike(Protocol):
    def process(self, articles: Iterable[Article]) -> Iterable[ArticleResult]: ...

    def geoparse(self, articles: Iterable[Article]) -> Iterable[tuple[Article, list[Toponym]]]: ...


@dataclass
class GoldDoc:
    """One gold document: what the extractor may see, and the gold to score against."""

    origin: str  # path:line
    text: str
    title: str | None
    published: dt.date | None
    labels: list[str]
    events: list[dict[str, Any]] | None
    toponyms: list[dict[str, Any]] | None
    country_format: str | None
    doc_id: str | None = None  # for the report's examples only; never shown to the pipeline

    def article(self) -> Article:
        return Article(article_id_for(self.text), self.text, self.title, self.published)

    @property
    def half(self) -> Half:
        """The held-out half: by ``doc_id`` (``halves.half_of``), by the text without one."""
        return half_of(self.doc_id if self.doc_id is not None else self.text)


# ---------------------------------------------------------------- reading gold files


def gold_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the ``*.jsonl`` files of folders named (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            if not (found := sorted(p.glob("*.jsonl"))):
                raise EvaluationError(str(p), "folder has no *.jsonl gold files")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise EvaluationError(str(p), "no such gold file or folder")
    return out


def _fail(origin: str, why: str) -> EvaluationError:
    return EvaluationError(origin, why)


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _check_event(ev: Any, origin: str, k: int) -> None:
    where = f"events[{k}]"
    if not isinstance(ev, dict):
        raise _fail(origin, f"{where} is not an object")
    for side in ("actor1", "actor2"):
        v = ev.get(side)
        if v is not None and not isinstance(v, str) and not (
            isinstance(v, list) and all(isinstance(a, str) for a in v)
        ):
            raise _fail(origin, f"{where}.{side} must be a list of names")
    for key in ("fatalities", "injured"):
        v = ev.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise _fail(origin, f"{where}.{key} must be a non-negative integer")
    date = ev.get("date")
    if date is not None and not (isinstance(date, str) and re.match(r"^\d{4}-\d{2}-\d{2}", date)):
        raise _fail(origin, f"{where}.date {date!r} is not YYYY-MM-DD")
    loc = ev.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            raise _fail(origin, f"{where}.location is not an object")
        for key in ("lat", "lon"):
            if loc.get(key) is not None and not _is_num(loc[key]):
                raise _fail(origin, f"{where}.location.{key} is not a number")


def _check_toponym(t: Any, text: str, origin: str, k: int) -> None:
    where = f"toponyms[{k}]"
    if not isinstance(t, dict):
        raise _fail(origin, f"{where} is not an object")
    s, e = t.get("start"), t.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        raise _fail(origin, f"{where} has bad offsets start={s!r} end={e!r}")
    if "text" in t and text[s:e] != t["text"]:
        raise _fail(origin, f"{where}.text {t['text']!r} != text[{s}:{e}] {text[s:e]!r}")
    for key in ("lat", "lon"):
        if t.get(key) is not None and not _is_num(t[key]):
            raise _fail(origin, f"{where}.{key} is not a number")


def parse_gold_line(line: str, origin: str) -> GoldDoc:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _fail(origin, f"not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(rec, dict):
        raise _fail(origin, "line is not a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(origin, "no 'text' string")
    title = rec.get("title")
    if title is not None and not isinstance(title, str):
        raise _fail(origin, "'title' is not a string")
    labels = rec.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise _fail(origin, "'labels' must be a list of strings")
    published = None
    if rec.get("published") not in (None, ""):
        try:
            published = dt.date.fromisoformat(str(rec["published"])[:10])
        except ValueError as exc:
            raise _fail(origin, f"published {rec['published']!r} is not YYYY-MM-DD") from exc
    if "events" not in rec:
        raise _fail(origin, "no 'events' key (null when events were not annotated)")
    events = rec["events"]
    if events is not None:
        if not isinstance(events, list):
            raise _fail(origin, "'events' must be a list or null")
        for k, ev in enumerate(events):
            _check_event(ev, origin, k)
    toponyms = rec.get("toponyms")
    if toponyms is not None:
        if not isinstance(toponyms, list):
            raise _fail(origin, "'toponyms' must be a list")
        for k, t in enumerate(toponyms):
            _check_toponym(t, text, origin, k)
    fmt = rec.get("location_country_format")
    if fmt not in COUNTRY_FORMATS:
        raise _fail(origin, f"location_country_format {fmt!r} is not one of iso2, iso3, name")
    doc_id = rec.get("doc_id")
    return GoldDoc(origin, text, title, published, labels, events, toponyms, fmt,
                   str(doc_id) if doc_id is not None else None)


def load_gold(path: Path) -> list[GoldDoc]:
    """Every document of one gold file; a malformed line raises EvaluationError(path:line)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(str(path), f"cannot read gold file ({exc})") from exc
    docs = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            docs.append(parse_gold_line(line, f"{path}:{n}"))
    return docs


# ---------------------------------------------------------------- scoring one file


@dataclass
class FileTally:
    docs: int = 0
    docs_events: int = 0
    skipped: int = 0
    gold_events: int = 0
    pred_events: int = 0
    paired: int = 0
    unscored_labels: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.fields: dict[str, FieldTally] = {f: FieldTally() for f in FIELDS}
        self.doc_gold: list[str] = []  # document labels (sub-type), gold and predicted
        self.doc_pred: list[str] = []
        self.type_gold: list[str] = []  # the same for the ACLED event type
        self.type_pred: list[str] = []
        self.toponyms = ToponymTally()
        self.toponym_docs = 0
        self.confidence = ConfidenceTally()
        self.mistakes: dict[str, list[dict[str, Any]]] = {}

    def add(self, o: FileTally) -> None:
        for name in ("docs", "docs_events", "skipped", "gold_events", "pred_events", "paired",
                     "toponym_docs"):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        for f in FIELDS:
            self.fields[f].add(o.fields[f])
        self.doc_gold += o.doc_gold
        self.doc_pred += o.doc_pred
        self.type_gold += o.type_gold
        self.type_pred += o.type_pred
        self.toponyms.add(o.toponyms)
        self.confidence.add(o.confidence)
        self.unscored_labels = self.unscored_labels | o.unscored_labels


def dictionary_resolver(pipeline: object) -> Resolver | None:
    """Gold alias -> canonical names from the pipeline's actor dictionary (named entries and
    role words; "{country}" slots dropped), or None when the pipeline has no dictionary."""
    actors = getattr(getattr(pipeline, "resources", None), "actors", None)
    lookups: list[Callable[[str], object]] = []
    for attr in ("lookup_named", "lookup_role"):
        fn = getattr(actors, attr, None)
        if callable(fn):
            lookups.append(fn)
    if not lookups:
        return None

    @cache
    def resolve(alias: str) -> tuple[str, ...]:
        names = []
        for lookup in lookups:
            name = getattr(lookup(alias), "name", None)
            if isinstance(name, str):
                name = " ".join(re.sub(r"\(?\{country\}\)?", " ", name).split())
                if name:
                    names.append(name)
        return tuple(names)

    return resolve


def score_document(
    t: FileTally, doc: GoldDoc, preds: Sequence[Event], resolve: Resolver | None = None,
    mistakes: bool = True,
) -> None:
    """Add one document's event, field and document-label counts to ``t`` (and, with
    ``mistakes``, its first wrong fields as examples)."""
    golds = doc.events or []
    if ACLED_LABELS & set(doc.labels) and "plover_event_type" not in doc.labels:
        # gold of ACLED kind only: predictions with no ACLED type are outside its scope
        preds = [p for p in preds if p.event_type]
    t.docs_events += 1
    t.gold_events += len(golds)
    t.pred_events += len(preds)
    candidates = pair_candidates(preds, golds, resolve)
    pairs = greedy_pairs(candidates)
    t.paired += len(pairs)
    t.confidence.add_document(preds, len(golds), candidates, pairs)
    fields = labelled_fields(doc.labels)
    for fld in fields:
        t.fields[fld].gold += sum(1 for g in golds if gold_states(g, fld))
    for i, j in pairs:
        pred, gold = preds[i], golds[j]
        swapped = actor_orientation(pred, gold, resolve)
        for fld in fields:
            if not gold_states(gold, fld):
                continue
            ok, err = field_correct(pred, gold, fld, swapped, resolve)
            tally = t.fields[fld]
            tally.total += 1
            tally.correct += int(ok)
            tally.abs_error += err
            shown = t.mistakes.setdefault(fld, [])
            if mistakes and not ok and len(shown) < MISTAKES_SHOWN:
                shown.append({"doc": doc.doc_id or doc.origin, "gold": gold_value(gold, fld),
                              "predicted": predicted_value(pred, fld, swapped)})
    if "acled_sub_event_type" in doc.labels:
        t.doc_gold.append(gold_main_label(golds, "acled_sub_event_type"))
        t.doc_pred.append(main_label(preds, "sub_event_type"))
        t.type_gold.append(gold_main_label(golds, "acled_event_type"))
        t.type_pred.append(main_label(preds, "event_type"))


def gold_value(gold: dict[str, Any], fld: str) -> Any:
    """The gold side of a field, for the report's examples of mistakes."""
    if fld.startswith("location_"):
        loc = gold.get("location") or {}
        return {k: loc.get(k) for k in ("name", "admin1", "admin2", "country", "lat", "lon")}
    return gold.get(fld)


def predicted_value(pred: Event, fld: str, swapped: bool) -> Any:
    """The predicted side of a field (sides as scored), for the report's examples."""
    a1, a2 = (pred.actor2, pred.actor1) if swapped else (pred.actor1, pred.actor2)
    if fld in ("actor1", "actor2"):
        a = a1 if fld == "actor1" else a2
        return None if a is None else {"name": a.name, "text": a.text}
    if fld in ("actor1_country", "actor2_country"):
        a = a1 if fld == "actor1_country" else a2
        return a.country if a is not None else None
    if fld.startswith("location_"):
        p = pred.location
        return None if p is None else {"name": p.name, "admin1": p.admin1, "admin2": p.admin2,
                                       "country": p.iso3 or p.country, "lat": p.lat,
                                       "lon": p.lon}
    attr = {"acled_event_type": "event_type", "acled_sub_event_type": "sub_event_type",
            "plover_event_type": "plover_type", "date": "event_date"}.get(fld, fld)
    value = getattr(pred, attr)
    return list(value) if isinstance(value, tuple) else value


def _rate(a: int | float, b: int) -> float | None:
    return a / b if b else None


def tally_report(t: FileTally) -> dict[str, Any]:
    """The JSON shape of one file's (or the overall) scores."""
    out: dict[str, Any] = {"docs": t.docs, "docs_with_events": t.docs_events,
                           "docs_skipped": t.skipped}
    if t.docs_events:
        ev = prf(t.paired, t.pred_events - t.paired, t.gold_events - t.paired)
        ev.update(gold=t.gold_events, predicted=t.pred_events)
        out["events"] = ev
        out["confidence"] = t.confidence.scores()
        fields: dict[str, Any] = {}
        for f in FIELDS:
            ft = t.fields[f]
            if ft.gold == 0:
                continue
            fields[f] = {"correct": ft.correct, "paired": ft.total, "gold": ft.gold,
                         "accuracy": _rate(ft.correct, ft.total),
                         "recall": _rate(ft.correct, ft.gold)}
            if f == "fatalities":
                fields[f]["mae"] = _rate(ft.abs_error, ft.total)
        out["fields"] = fields
    if t.doc_gold:
        cls = classification_scores(t.doc_gold, t.doc_pred)
        hits = sum(1 for g, p in zip(t.type_gold, t.type_pred, strict=True) if g == p)
        cls["type_accuracy"] = hits / len(t.type_gold)
        wrong = Counter((g, p) for g, p in zip(t.doc_gold, t.doc_pred, strict=True) if g != p)
        cls["confusions"] = [[g, p, n] for (g, p), n in wrong.most_common(15)]
        out["document"] = cls
    if t.toponym_docs:
        out["toponyms"] = t.toponyms.scores()
    if t.mistakes and any(t.mistakes.values()):
        out["mistakes"] = {f: m for f, m in t.mistakes.items() if m}
    if t.unscored_labels:
        out["unscored_labels"] = sorted(t.unscored_labels)
    return out


# ---------------------------------------------------------------- the whole run


def _file_names(files: Sequence[Path]) -> list[str]:
    stems = [f.stem for f in files]
    return [s if stems.count(s) == 1 else str(f) for s, f in zip(stems, files, strict=True)]


def _run(
    pipeline: PipelineLike, docs: Sequence[GoldDoc],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ArticleResult], list[list[Toponym]]]:
    ev_docs = [d for d in docs if d.events is not None]
    topo_docs = [d for d in docs if d.toponyms is not None]
    articles = [d.article() for d in ev_docs]
    results: list[ArticleResult] = []
    for r in pipeline.process(articles) if ev_docs else ():
        results.append(r)
        if progress is not None:
            progress(len(results), len(ev_docs))
    if len(results) != len(ev_docs):
        raise EvaluationError(
            "pipeline", f"gave {len(results)} results for {len(ev_docs)} articles"
        )
    for doc, art, res in zip(ev_docs, articles, results, strict=True):
        if res.article_id != art.id:
            raise EvaluationError(doc.origin, "pipeline results are out of input order")
    topos = list(pipeline.geoparse([d.article() for d in topo_docs])) if topo_docs else []
    if len(topos) != len(topo_docs):
        raise EvaluationError(
            "pipeline", f"geoparse gave {len(topos)} results for {len(topo_docs)} articles"
        )
    return results, [t for _a, t in topos]


HALF_CHOICES = ("dev", "test", "both")


def _halves_for(half: str | None) -> tuple[Half, ...]:
    if half in (None, "both"):
        return HALVES
    for h in HALVES:
        if half == h:
            return (h,)
    raise EvaluationError("half", f"{half!r} is not one of {', '.join(HALF_CHOICES)}")


def evaluate_paths(
    paths: Sequence[str | Path], pipeline: PipelineLike, half: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Score ``pipeline`` on gold files/folders; the report is JSON-serialisable.

    Each file is scored as a whole and per held-out half (``report["files"][name]["halves"]``
    and ``report["overall"]["halves"]``). ``half="dev"`` or ``"test"`` keeps only that half's
    documents (the pipeline sees no other); ``None`` or ``"both"`` keeps all.
    ``progress(done, total)`` is called after each document the pipeline reads."""
    halves = _halves_for(half)
    files = gold_files(paths)
    loaded = [[d for d in load_gold(f) if d.half in halves] for f in files]
    every = [d for docs in loaded for d in docs]
    started = time.perf_counter()
    results, topos = _run(pipeline, every, progress)
    seconds = time.perf_counter() - started
    resolve = dictionary_resolver(pipeline)
    result_of = iter(results)
    topos_of = iter(topos)
    report: dict[str, Any] = {"half": "both" if len(halves) > 1 else halves[0], "files": {}}
    overall = FileTally()
    overall_halves = {h: FileTally() for h in halves}
    for name, path, docs in zip(_file_names(files), files, loaded, strict=True):
        t = FileTally(docs=len(docs))
        by_half = {h: FileTally(docs=sum(1 for d in docs if d.half == h)) for h in halves}
        t.unscored_labels = frozenset(
            lab for d in docs for lab in d.labels if lab not in KNOWN_LABELS
        )
        for doc in docs:
            th = by_half[doc.half]
            th.unscored_labels = t.unscored_labels
            if doc.events is not None:
                res = next(result_of)
                for tally in (t, th):
                    tally.skipped += int(res.skipped is not None)
                    # wrong fields are shown for dev documents only: test is read as scores
                    score_document(tally, doc, list(res.events), resolve,
                                   mistakes=doc.half == "dev")
            if doc.toponyms is not None:
                scored = score_toponyms(doc.toponyms, next(topos_of))
                for tally in (t, th):
                    tally.toponym_docs += 1
                    tally.toponyms.add(scored)
        report["files"][name] = {"path": str(path), **tally_report(t),
                                 "halves": {h: tally_report(by_half[h]) for h in halves}}
        overall.add(t)
        for h in halves:
            overall_halves[h].add(by_half[h])
    report["overall"] = {**tally_report(overall),
                         "halves": {h: tally_report(overall_halves[h]) for h in halves}}
    report["seconds"] = round(seconds, 2)
    report["actor_aliases"] = "actor dictionary" if resolve else "names only"
    versions = getattr(getattr(pipeline, "resources", None), "versions", None)
    if callable(versions):
        try:
            report["versions"] = versions()
        except Exception:  # noqa: BLE001 - versions are informative only
            pass
    return report


# ---------------------------------------------------------------- flat view and table


FLAT_KEYS = {
    "events": ("precision", "recall", "f1"),
    "document": ("accuracy", "macro_f1", "weighted_f1", "type_accuracy"),
    "toponyms": ("precision", "recall", "f1", "acc161", "acc161_found"),
}


def _flat(rep: dict[str, Any]) -> dict[str, float]:
    m: dict[str, float] = {}
    for fld, fr in rep.get("fields", {}).items():
        for k in ("accuracy", "recall"):
            if fr.get(k) is not None:
                m[f"fields.{fld}.{k}"] = fr[k]
    for group, keys in FLAT_KEYS.items():
        for k in keys:
            if rep.get(group, {}).get(k) is not None:
                m[f"{group}.{k}"] = rep[group][k]
    return m


def flat_metrics(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """{file or "overall": {"events.f1": 0.5, "fields.date.accuracy": ...}}, plus a row
    "file@dev" and "file@test" for each half that has figures (higher is better for every
    metric listed; MAE, median error and the confidence-threshold figures are left out)."""
    out: dict[str, dict[str, float]] = {}
    parts = dict(report.get("files", {}))
    parts["overall"] = report.get("overall", {})
    for name, rep in parts.items():
        out[name] = _flat(rep)
        for h, hrep in rep.get("halves", {}).items():
            if m := _flat(hrep):
                out[f"{name}@{h}"] = m
    return out


def _num(v: Any, digits: int = 3) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join
    lines = [line(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append(line("-" * w for w in widths))
    for r in rows:
        lines.append(line(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return lines


def _section(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [title, *_table(header, rows), ""] if rows else []


def headline_figures(rep: dict[str, Any]) -> list[tuple[str, float | None]]:
    """(label, value) of the figures the halves table compares: events P/R/F1, document
    accuracy and weighted F1, every field's accuracy, toponym F1 and Acc@161."""
    out: list[tuple[str, float | None]] = []
    if "events" in rep:
        out += [(f"events {k}", rep["events"][k]) for k in ("precision", "recall", "f1")]
    if "document" in rep:
        out += [(f"document {k.replace('_', ' ')}", rep["document"][k])
                for k in ("accuracy", "weighted_f1")]
    out += [(f"{fld} acc", fr["accuracy"]) for fld, fr in rep.get("fields", {}).items()]
    if "toponyms" in rep:
        out += [(f"toponyms {k}", rep["toponyms"][k]) for k in ("f1", "acc161", "acc161_found")]
    return out


def _gap(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a - b:+.3f}"


def _halves_rows(parts: Sequence[tuple[str, dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for n, r in parts:
        halves = r.get("halves", {})
        if set(halves) != set(HALVES):
            continue
        dev, test = (dict(headline_figures(halves[h])) for h in HALVES)
        rows.append([n, "docs", str(r.get("docs", 0)), str(halves["dev"].get("docs", 0)),
                     str(halves["test"].get("docs", 0)), ""])
        for label, value in headline_figures(r):
            d, t = dev.get(label), test.get(label)
            rows.append(["", label, _num(value), _num(d), _num(t), _gap(d, t)])
    return rows


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{round(100 * v)}"


def _threshold_rows(parts: Sequence[tuple[str, dict[str, Any]]]) -> list[list[str]]:
    rows = []
    for n, r in parts:
        views = [("all", r)] + [(h, r["halves"][h]) for h in HALVES if h in r.get("halves", {})]
        for label, v in views:
            th = v.get("confidence", {}).get("thresholds")
            if not th:
                continue
            rows.append([n if label == "all" else "", label, *(
                "/".join(_pct(c[k]) for k in ("precision", "recall", "f1")) for c in th.values()
            )])
    return rows


def format_report(report: dict[str, Any]) -> str:
    """The report as readable tables: events, fields, document labels, toponyms, the
    held-out halves with their gap, and the events kept at confidence thresholds."""
    parts = list(report.get("files", {}).items()) + [("overall", report.get("overall", {}))]
    half = report.get("half", "both")
    out = [] if half == "both" else [f"scored: the {half} half only", ""]
    rows = [
        [n, str(r["docs"]), str(r["events"]["gold"]), str(r["events"]["predicted"]),
         _num(r["events"]["precision"]), _num(r["events"]["recall"]), _num(r["events"]["f1"])]
        for n, r in parts if "events" in r
    ]
    out += _section("Events (greedy pairing per document)",
                    ["file", "docs", "gold", "pred", "P", "R", "F1"], rows)
    rows = []
    for n, r in parts:
        for fld, fr in r.get("fields", {}).items():
            extra = _num(fr["mae"], 2) if "mae" in fr else ""
            rows.append([n, fld, _num(fr["accuracy"]), f"{fr['correct']}/{fr['paired']}",
                         _num(fr["recall"]), str(fr["gold"]), extra])
    out += _section("Fields (accuracy on paired events; end-to-end = correct / all gold)",
                    ["file", "field", "acc", "correct", "end-to-end", "gold", "MAE"], rows)
    rows = [
        [n, str(r["document"]["n"]), _num(r["document"]["accuracy"]),
         _num(r["document"]["macro_f1"]), _num(r["document"]["weighted_f1"]),
         _num(r["document"]["type_accuracy"])]
        for n, r in parts if "document" in r
    ]
    out += _section("Document label (sub-type of the main event, CASE 2021 style)",
                    ["file", "docs", "acc", "macro F1", "weighted F1", "type acc"], rows)
    rows = [
        [n, str(t["gold"]), str(t["predicted"]), _num(t["precision"]), _num(t["recall"]),
         _num(t["f1"]), _num(t["acc161"]), _num(t["acc161_found"]),
         _num(t["median_error_km"], 1)]
        for n, t in ((n, r["toponyms"]) for n, r in parts if "toponyms" in r)
    ]
    out += _section("Toponyms (overlap match; Acc@161km over all gold / over found)",
                    ["file", "gold", "pred", "P", "R", "F1", "Acc@161", "Acc@161 found",
                     "median km"], rows)
    out += _section("Held-out halves (eval/halves.py; gap = dev - test)",
                    ["file", "figure", "all", "dev", "test", "gap"], _halves_rows(parts))
    thresholds = [f">={t:.1f}" for t in THRESHOLDS]
    out += _section("Events kept at confidence thresholds (P/R/F1 in %, re-paired)",
                    ["file", "half", *thresholds], _threshold_rows(parts))
    bins = [f"{low:.1f}" for low in CONFIDENCE_BINS]
    rows = []
    for n, r in parts:
        cal = {f"{c['low']:.1f}": c for c in r.get("confidence", {}).get("calibration", [])}
        if cal:
            rows.append([n, *(f"{_num(cal[b]['precision'], 2)} ({cal[b]['records']})"
                              if b in cal else "" for b in bins)])
    used = [k for k, b in enumerate(bins) if any(row[k + 1] for row in rows)]
    rows = [[row[0], *(row[k + 1] for k in used)] for row in rows]
    out += _section("Calibration (share of records paired with gold, per confidence bin; "
                    "records in brackets)", ["file", *(bins[k] + "+" for k in used)], rows)
    out.append(f"pipeline time: {report.get('seconds', 0)} s")
    return "\n".join(out)
