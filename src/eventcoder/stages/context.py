"""Context: which sentences report which event (shared by dates, casualties and sources).

A sentence with no mention of its own belongs to the nearest earlier mention of its
paragraph, else to the article's main event when it refers back to it ("the attack", "the
death toll", "the official") or follows it closely. Mentions that restate the main event
(same date, same ACLED type and a compatible place, or an anaphoric sentence) share its
sentences, so the same deaths reported twice are pooled and counted once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventcoder.document import Mention, Offsets, WorkDoc, filled
from eventcoder.facts.event_types import STRATEGIC_DEVELOPMENTS, VIOLENT_PLOVER
from eventcoder.lexicon.phrases import alternation

_ANAPHORA = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?(?:attacks?|incidents?|strikes?|raids?|"
    r"blasts?|explosions?|bombings?|clash(?:es)?|fighting|assault|ambush|shooting|violence|"
    r"operation|offensive|shelling|air\s*strikes?|bombardment|massacre|killings?|protests?|"
    r"demonstrations?|riots?|unrest|attackers|gunmen|victims|dead|wounded)\b|\b(?:death|casualty)"
    r"\s+toll\b|\bthe\s+(?:official|officials|spokesman|spokesperson|statement)\b",
    re.I,
)
_EVENT_REF = re.compile(_ANAPHORA.pattern.split(r"|\bthe\s+(?:official")[0], re.I)


def paragraph_of(wd: WorkDoc) -> list[int]:
    """The paragraph number of each sentence (paragraphs are split by blank lines)."""
    text = wd.clean_text or wd.text
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    out = []
    for s in wd.sentences():
        first = s.start_char + (len(s.text) - len(s.text.lstrip()))
        out.append(sum(1 for b in breaks if b < first))
    return out


def main_mention(wd: WorkDoc) -> int | None:
    """Index of the article's main event: the most confident non-background mention."""
    best: int | None = None
    top = 0.0
    for i, m in enumerate(wd.mentions):
        if m.background:
            continue
        confidence = filled(m.confidence, "confidence")
        if best is None or confidence > top:
            best, top = i, confidence
    return best


_SEPARATE = re.compile(r"\b(?:separate(?:ly)?|another|elsewhere|in\s+a\s+different|meanwhile|"
                       r"earlier|previous(?:ly)?|last\s+(?:year|month|week)|similar|since|"
                       r"in\s+(?:19|20)\d\d|not\s+the\s+first\s+time|years\s+ago)\b", re.I)


def _near(a: Mention, b: Mention) -> bool:
    la, lb = a.location, b.location
    return la is None or lb is None or la.name == lb.name or "country" in (la.feature,
                                                                           lb.feature)


def _own_date(m: Mention) -> bool:
    return any(m.sent[0] <= s and e <= m.sent[1] for s, e in m.evidence.get("event_date", []))


def _compatible(a: Mention, b: Mention) -> bool:
    """Same date, and the same sub-event type (or the same event type at a known place), or
    a sentence right after the main one with no date of its own and a compatible place."""
    if a.background or b.background or (a.event_date and b.event_date
                                        and a.event_date != b.event_date):
        return False
    if not _near(a, b):
        return False
    if (a.sub_event_type or a.plover_type) == (b.sub_event_type or b.plover_type):
        return True
    if 0 < b.sent_index - a.sent_index <= 2 and not _own_date(b):
        return True
    known = a.location is not None and b.location is not None
    return bool(a.event_type) and a.event_type == b.event_type and known


def _violent(m: Mention) -> bool:
    if m.event_type is not None:
        return m.event_type != STRATEGIC_DEVELOPMENTS or m.sub_event_type == "Arrests"
    return m.plover_type in VIOLENT_PLOVER


def event_sentences(wd: WorkDoc) -> list[list[int]]:
    """For each mention, the sentences that report its event (its own first)."""
    return event_groups(wd)[0]


def event_groups(wd: WorkDoc) -> tuple[list[list[int]], list[int]]:
    """The sentences of each mention's event, and the main event's cluster.

    A sentence with no mention of its own belongs to the nearest earlier mention of its
    paragraph, else to the main event when it refers back to it ("the attack", "the death
    toll", "the official") or follows it closely. Violent mentions that restate the main
    event (see ``_compatible``, or an anaphoric sentence without a date of its own) form its
    cluster: they share its sentences. The cluster lists the main mention first.
    """
    sents = wd.sentences()
    para = paragraph_of(wd)
    by_sent: dict[int, list[int]] = {}
    for i, m in enumerate(wd.mentions):
        by_sent.setdefault(m.sent_index, []).append(i)
    groups = [[m.sent_index] for m in wd.mentions]
    main = main_mention(wd)
    if main is None:
        return groups, []
    main_sent = wd.mentions[main].sent_index
    for i, s in enumerate(sents):
        if i in by_sent or wd.is_noise(s.start_char, s.end_char) or _SEPARATE.search(s.text):
            continue
        prev = [j for j in by_sent if j < i and 0 <= j < len(para) and para[j] == para[i]]
        targets: list[int] = []
        if prev:
            targets = by_sent[max(prev)]
        elif _ANAPHORA.search(s.text) or 0 < i - main_sent <= 2:
            targets = [main]
        for t in targets:
            groups[t].append(i)
    m0 = wd.mentions[main]
    cluster = [main]
    for i, m in enumerate(wd.mentions):
        if i == main or m.background or not _violent(m) or not _violent(m0):
            continue
        text = (wd.clean_text or wd.text)[m.sent[0]: m.sent[1]]
        if _SEPARATE.search(text):
            continue
        if _compatible(m0, m) or (_EVENT_REF.search(text) and not _own_date(m) and (
                m.event_date is None or m.event_date == m0.event_date)):
            cluster.append(i)
    pooled = sorted({x for i in cluster for x in groups[i]})
    for i in cluster:
        own = wd.mentions[i].sent_index
        groups[i] = [own] + [x for x in pooled if x != own]
    return groups, cluster


# -- what is not a current event: recalled clauses and period tolls -------------------------
#
# Both are found in the text of one sentence; dates and casualties share them so that a
# recalled event's date and toll stay with it, and a toll over a period goes to no record.


def _load_cues() -> dict[str, Any]:
    with resources.files("eventcoder.data").joinpath("time_cues.json").open(
            encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _words(items: list[str]) -> str:
    return alternation([w for w in items if not w.startswith("_")])

# adverbs between a perfect auxiliary and its verb ("has now killed", "have so far left")
_PERFECT_ADVERBS = r"(?:(?:now|so\s+far|already|reportedly|since|also)\s+)*"


class _TimeCues:
    """The cue patterns of ``data/time_cues.json``, compiled once."""

    def __init__(self) -> None:
        d = _load_cues()
        rec, per = d["recall_openers"], d["period_markers"]
        units, links = _words(rec["interval_units"]), _words(rec["interval_links"])
        counts = _words(rec["interval_counts"])
        recent = _words(d["recent_since"]["words"])
        self.recall = re.compile(
            rf"(?i)\b(?:(?:the\s+)?(?:[\w-]+\s+)?(?:{_words(rec['anniversary'])})"
            rf"|(?:{_words(rec['memory'])})"
            rf"|(?<!\bin\s)(?<!\bfor\s)(?<!\bwithin\s)(?:(?:{counts})\s+)*(?:{units})\s+(?:{links})"
            r")\b")
        self.first_since = re.compile(rf"(?i)\b(?:{_words(rec['first_since'])})\b")
        self.superlative_since = re.compile(
            rf"(?i)\b(?:{_words(rec['superlatives'])})\b[^,.;]{{0,60}}?\b(?=since\b)")
        self.since_when = re.compile(r"(?i)\bsince\s+[^,;.]{1,40}?,\s+when\b")
        self.since = re.compile(rf"(?i)\bsince\b(?!\s+(?:{recent})\b)")
        self.markers = re.compile(rf"(?i)\b(?:{_words(per['phrases'])})(?![\w-])")
        self.spans = re.compile(
            rf"(?i)\b(?:{_words(per['span_openers'])})\s+(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{_words(per['span_units'])})\b")
        self.perfect_only = re.compile(
            rf"(?i)\b(?:{_words([w for w in per['perfect_only'] if w != 'since'])})(?![\w-])")
        self.perfect = re.compile(rf"(?i)\b(?:has|have|had)\s+{_PERFECT_ADVERBS}(?:been\s+)?\w+")
        conflict = _words(d["conflict_nouns"]["words"])
        self.conflict = re.compile(
            rf"(?i)\b(?:{conflict})(?![\w-])(?:\s+(?:in|between|against|with|on|of|by|across)"
            rf"\s+[^,;.]{{1,60}}?)?(?:\s*,[^,;]{{1,90}},)?\s+(?P<rel>(?:that|which)\s+)?"
            rf"(?:(?:has|have|had)\s+)?{_PERFECT_ADVERBS}"
            rf"(?:killed|left|claimed|cost|costs|taken|took)\b")
        self.plural_subject = re.compile(
            rf"(?i)^\W*(?:[\w'’-]+\s+){{0,3}}?(?:{_words(d['plural_event_nouns']['words'])})\b")
        self.year = re.compile(rf"(?i)\b(?:{_words(d['year_words'])}|in\s+(?:19|20)\d\d)\b")
        self.day = re.compile(
            r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
            r"today|last\s+night|overnight|this\s+morning)\b|\b(?:on|late|early)\s+(?:[0-3]?\d\s+"
            r"[A-Z][a-z]+|[A-Z][a-z]+\s+[0-3]?\d)\b")
        self.toll = re.compile(rf"(?i)\b(?:{_words(d['toll_verbs'])})\b")
        self.huge = re.compile(rf"(?i)\b(?:{_words(d['large_counts'])})\b")
        self.period_subject = re.compile(
            rf"(?i)^\W*(?:{_words(per['period_subjects'])})\b")
        self.alone = re.compile(rf"(?i)\b(?:{_words(per['alone_after'])})\s+[\w-]+\s+alone\b")
        self.large = re.compile(rf"(?i)\b(?:{_words(d['large_counts'])})\b|\b\d{{1,3}}(?:,\d{{3}})+"
                                r"\b|\b\d+(?:\.\d+)?\s+(?:thousand|million)\b|\bthousands\b")
        self.count = re.compile(r"(?i)(?<![\d,.])(?!(?:19|20)\d\d\b)\d|\b(?:dozens|scores|"
                                r"hundreds|thousands|tens|millions|hundred|thousand|million)\b")


@lru_cache(maxsize=1)
def time_cues() -> _TimeCues:
    return _TimeCues()


_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[—–]\s|\s-\s|,\s+(?=(?:and|but|while|whereas|although|though|bringing|raising|"
    r"taking|pushing|adding)\b)", re.I)


_COMPLEMENT = re.compile(r"(?i)\b(?:that|which|who|whom)\b")


@dataclass(frozen=True)
class TimeScope:
    """One sentence's recalled clauses and period tolls (offsets into the article text)."""

    recalled: tuple[Offsets, ...] = ()  # "a year after a bombing killed 30"
    period: tuple[Offsets, ...] = ()  # "the war has killed more than 500,000 people"

    def recalled_at(self, pos: float) -> Offsets | None:
        return next(((s, e) for s, e in self.recalled if s <= pos < e), None)

    def in_period(self, pos: float) -> bool:
        return any(s <= pos < e for s, e in self.period)


def clauses(text: str) -> list[Offsets]:
    """The clauses of one sentence (split at ';', ':', dashes and ', and' / ', but' ...)."""
    out, start = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _recalled(text: str, parts: list[Offsets]) -> list[Offsets]:
    cues = time_cues()
    starts: list[int] = []
    for pat in (cues.recall, cues.since_when):
        starts += [m.start() for m in pat.finditer(text) if m.end() > m.start()]
    for pat in (cues.first_since, cues.superlative_since):
        starts += [m.end() for m in pat.finditer(text)]
    out: list[Offsets] = []
    for s in sorted(set(starts)):
        c0, c1 = next(((a, b) for a, b in parts if a <= s < b), (0, len(text)))
        end = c1
        if len(text[c0:s].split()) <= 2:  # "A year after the bombing, residents returned"
            comma = text.find(",", s, c1)
            if comma > 0 and not cues.since_when.match(text, s):
                end = comma
        if out and out[-1][0] <= s < out[-1][1]:
            continue  # inside a recalled clause already
        out.append((s, end))
    return out


def _period(text: str, parts: list[Offsets], recalled: list[Offsets]) -> list[Offsets]:
    """Clauses that give a toll over a period or a whole war, not one event's."""
    cues = time_cues()
    out: list[Offsets] = []
    for c0, c1 in parts:
        clause = text[c0:c1]
        if not cues.toll.search(clause) or not cues.count.search(clause):
            continue
        inside = [(max(a, c0) - c0, min(b, c1) - c0) for a, b in recalled if a < c1 and c0 < b]
        free = "".join(" " if any(a <= i < b for a, b in inside) else ch
                       for i, ch in enumerate(clause))
        # "X said that 1,366 civilians had been killed": the toll is the complement only
        first = cues.count.search(free)
        sub = 0
        for rel in _COMPLEMENT.finditer(free[: first.start() if first else 0]):
            sub = rel.start()
        perfect = bool(cues.perfect.search(free[sub:]))
        large = bool(cues.large.search(free))
        day = bool(cues.day.search(free))
        start = sub
        hit = bool(cues.markers.search(free) or cues.spans.search(free)
                   or cues.alone.search(free) or cues.huge.search(free)
                   or cues.period_subject.search(free) or perfect and large)
        if not hit and (perfect or large) and cues.perfect_only.search(free):
            hit = True
        if not hit:
            for m in cues.since.finditer(free):
                if cues.since_when.match(free, m.start()):
                    continue
                if perfect or cues.count.search(free[: m.start()]):
                    hit = True
                    break
        if not hit and not day and cues.plural_subject.search(free) and cues.year.search(free):
            hit = True
        conflict = cues.conflict.search(free)
        if conflict and not day and (perfect or large or conflict.group("rel")):
            if conflict.group("rel") and conflict.start() > start:
                start = conflict.start()  # "... after a war that killed tens of thousands"
            hit = True
        if hit and not day or hit and (perfect or large):
            out.append((c0 + start, c1))
    return out


def time_scope(text: str, start: int = 0) -> TimeScope:
    """The recalled clauses and period tolls of one sentence ``text`` (at ``start``)."""
    clauses_ = clauses(text)
    recalled = _recalled(text, clauses_)
    period = _period(text, clauses_, recalled)
    return TimeScope(tuple((s + start, e + start) for s, e in recalled),
                     tuple((s + start, e + start) for s, e in period))


def time_scopes(wd: WorkDoc) -> list[TimeScope]:
    """``time_scope`` of every sentence of the article."""
    text = wd.clean_text or wd.text
    return [time_scope(text[s.start_char: s.end_char], s.start_char) for s in wd.sentences()]


def scope_position(wd: WorkDoc, m: Mention, scope: TimeScope) -> float:
    """Where the mention sits for ``TimeScope`` questions: its trigger, unless the trigger
    is only a back-reference ("The attack was the deadliest since 6 February 2023, when
    militants stormed a checkpoint") and another of its hits lies in a recalled clause:
    then the event is the recalled one."""
    mid = (m.trigger[0] + m.trigger[1]) / 2
    notes = m.detect_notes
    if wd.doc is None or notes is None or not notes.anaphoric or scope.recalled_at(mid):
        return mid
    for h in notes.hits:
        tok = wd.doc[h.start]
        if scope.recalled_at(tok.idx) is not None:
            return float(tok.idx)
    return mid
