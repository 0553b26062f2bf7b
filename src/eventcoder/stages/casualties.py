"""Casualties: killed, injured and arrested counts by ACLED's rules.

Counts are read from the mention's own sentence and from the sentences that report the same
event (see ``event_sentences``). Rules (docs/coding_rules.md): digits, number words, ranges
(coded to the low end) and vague quantities ("dozens" = 12, "hundreds" = 100, "several" = 3);
the same deaths reported twice are counted once, at the lowest figure, keeping every phrase
and the low/high range; "no one was killed" is 0; "casualties" alone is not a death count.
Word lists live in ``data/number_words.json``, ``data/vague_quantities.json`` and
``data/casualty_words.json``, loaded on first use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from eventcoder.document import CasualtyNotes, Mention, StageSpec, WorkDoc
from eventcoder.facts.event_types import EVENTFUL, VIOLENT_PLOVER
from eventcoder.lexicon.phrases import alternation as _alt
from eventcoder.stages.context import TimeScope, event_groups, scope_position, time_scopes

KINDS = ("fatalities", "injured", "arrested")
_UNIT_AFTER = re.compile(
    r"^(?:-?\s?(?:year|years|yr|month|months|week|weeks|day|days|hour|hours|minute|minutes|km|"
    r"kilometers|kilometres|miles|mile|meters|metres|percent|per cent|%|kg|tons|tonnes|am|pm|"
    r"a\.m|p\.m|mm|st|nd|rd|th|bn|billion|dollars)\b|-)",
    re.I,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_NEAR = re.compile(rf"(?:\b(?:{_MONTHS})\.?\s*$)", re.I)
_MONTH_AFTER = re.compile(rf"^\s*(?:of\s+)?(?:{_MONTHS})\b", re.I)
_STOP_GAP = (
    "and|or|in|on|at|by|after|as|when|while|who|which|that|said|says|told|than|but|from|to|"
    "were|was|have|has|had|are|is|been|be|being|during|since|near|into|with|against|for|"
    "the|a|an|this|these|those|its|their|his|her|yesterday|today|last|on|dans|à|au|en|par|et"
)
# "Twelve people, including three children, were killed": an aside between count and verb
_ASIDE = r"(?:\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them|all)\b[^,;]{0,60},)?"
_AUX = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|been|being|be|reportedly|"
    r"also|all|later|allegedly|confirmed|feared|believed|reported|thought|said\s+to\s+be|"
    r"left|lay|found|now|sont|ont\s+été|été|ont)\s+)"
)


def _load(name: str) -> dict[str, Any]:
    with resources.files("eventcoder.data").joinpath(name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data



@dataclass(frozen=True)
class Count:
    """One number expression: the coded value, its low/high and where it sits in the text."""

    value: int
    low: int
    high: int
    start: int
    end: int
    vague: bool = False


@dataclass(frozen=True)
class Figure:
    """A casualty figure found in the text: kind, count, and the phrase it came from."""

    kind: str  # fatalities | injured | arrested
    count: Count
    start: int  # the phrase's offsets
    end: int
    victims: str = ""
    attackers: int = 0  # of the count, the perpetrators' own dead ("three of the attackers")


class Lexicon:
    """Number words, vague quantities and casualty keywords, compiled once."""

    def __init__(self) -> None:
        nums = _load("number_words.json")
        vague = _load("vague_quantities.json")
        words = _load("casualty_words.json")
        self.units: dict[str, int] = {**nums["units"], **nums["french"]}
        self.units.pop("no", None)
        self.tens: dict[str, int] = nums["tens"]
        self.scales: dict[str, int] = nums["scales"]
        self.phrases: dict[str, int] = nums["phrases"]
        self.plural: dict[str, int] = vague["plural_words"]
        self.few: dict[str, int] = vague["few_words"]
        self.large_scale = int(vague["large_scale"])
        self.large_words = re.compile(r"\b(?:" + _alt(vague["large_scale_words"]) + r")\b", re.I)
        mods = vague["modifiers"]
        self.mod_kind = {w: k for k in ("low", "high", "about") for w in mods[k]}
        self.words = words
        word = _alt(list(self.units) + list(self.tens) + list(self.scales))
        numword = rf"(?:{word})(?:(?:\s+|-)(?:and\s+)?(?:{word}))*"
        bare = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w/:]|[.,]\d)\+?"
        # "2 million", "1.5 million": digits and a scale word are one count
        scaled = r"(?<![\w/.:,-])\d+(?:\.\d+)?\s+(?:thousand|million)\b"
        digits = r"(?<![\w/.:,-])" + bare
        core = rf"(?:{_alt(list(self.phrases))}|{scaled}|{digits}|{numword})"
        rng = (rf"(?:between\s+{core}\s+and\s+{core}|(?:from\s+)?{core}\s+to\s+{core}"
               rf"|{digits}\s*[-–]\s*{bare})")
        vaguealt = _alt(list(self.plural))
        fewalt = _alt(list(self.few))
        modalt = _alt(list(self.mod_kind))
        self.number = re.compile(
            rf"\b(?:(?P<mod>{modalt})\s+)?(?:(?P<rng>{rng})|(?P<core>{core})"
            rf"|(?P<vague>{vaguealt})(?:\s+of)?)(?![\w-])|\b(?P<few>{fewalt})\b(?![\w-])",
            re.I,
        )
        kwalt = _alt([w for k in KINDS for part in words[k].values() for w in part])
        gap = rf"(?:[^\S\n]+(?!(?:{_STOP_GAP}|{kwalt})\b|\d)[\w'’.\-]+){{0,4}}"
        num = self.number.pattern

        def with_num(pattern: str) -> re.Pattern[str]:
            return re.compile(pattern.replace("(?P<num>NUM)", f"(?P<num>{num})"), re.I)

        self.patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
        for kind in KINDS:
            w = words[kind]
            passive, active, nouns = _alt(w["passive"]), _alt(w["active"]), _alt(w["nouns"])
            obj = r"(?:[^\S\n]+(?:a\s+total\s+of|of|at\s+least))?[^\S\n]+"
            self.patterns[kind] = (
                # "killing over 100 fighters", "wounded two others"
                with_num(rf"\b(?P<kw>{active})\b{obj}(?P<num>NUM)(?P<gap>{gap})"),
                # "One SDF fighter was wounded", "12 dead", "24 militants killed"
                with_num(rf"(?P<num>NUM)(?P<gap>{gap}){_ASIDE}\s*,?\s+{_AUX}{{0,3}}"
                         rf"(?P<kw>{passive})\b"),
                # "23 deaths", "16 personnes tuées"
                with_num(rf"(?P<num>NUM)(?P<gap>{gap})\s+(?P<kw>{nouns})\b"),
            )
        # "the death toll rose to 30", "left 10 people dead"
        self.toll = with_num(r"\b(?:(?:death|casualty|fatality)\s+toll|number\s+of\s+(?:dead|"
                             r"deaths|fatalities|people\s+killed|those\s+killed|victims)|"
                             r"(?:put|puts|putting|placed|places|estimated)\s+the\s+toll)\b"
                             r"[^.;]{0,40}?\b(?:to|of|at|"
                             r"reached|hit|is|was|stands|stood|rose|climbed)\s+(?P<num>NUM)")
        self.left_dead = with_num(r"\bleft\s+(?P<num>NUM)(?P<gap>(?:\s+[\w'’\-]+){0,3}?)\s+"
                                  r"(?P<kw>dead|injured|wounded|hurt)\b")
        self.combined = re.compile(
            r"\b(?:" + _alt(words["combined"]) + r"|(?:kill\w*|dead)\s+(?:and|or)\s+(?:wound\w*|"
            r"injur\w*)|(?:wound\w*|injur\w*)\s+(?:and|or)\s+(?:kill\w*|dead))\b", re.I)
        self.negation = {k: re.compile(r"\b(?:" + _alt(v) + r")\b", re.I)
                         for k, v in words["negations"].items()}
        # every figure pattern holds one of these words: a sentence without any has no figure
        gate_words = [w for k in KINDS for part in words[k].values() for w in part]
        gate_words += [w for v in words["negations"].values() for w in v]
        gate_words += ["toll", "number", "dead", "injured", "wounded", "hurt"]
        self.gate = re.compile(_alt(gate_words), re.I)
        self.modal_gap = re.compile(r"\b(?:would|could|might|may|will|shall|can|must|"
                                    r"should|risk|risks|threaten|threatens)\b", re.I)
        self.hypo = re.compile(r"\b(?:" + _alt(words["hypothetical"]) + r")\s+(?:\w+\s+)?$")
        self.subset = re.compile(r"(?:" + _alt(words["subset_markers"]) + r")[\s,:]*$", re.I)
        self.civilian = re.compile(r"\b(?:" + _alt(words["civilian_victims"]) + r")\b", re.I)
        # the perpetrators' dead: "two gunmen were killed", "three of the attackers",
        # "20 of the militants" (an armed noun only after "of the")
        attackers, armed = _alt(words["attacker_nouns"]), _alt(words["armed_nouns"])
        self.attacker_after = re.compile(
            rf"(?:[^\S\n]+(?!(?:{_STOP_GAP})\b)[\w'’\-]+){{0,2}}?[^\S\n]+(?:{attackers})\b"
            rf"|[^\S\n]+of[^\S\n]+(?:the|their|those)(?:[^\S\n]+[\w'’\-]+){{0,2}}?"
            rf"[^\S\n]+(?:{armed})\b", re.I)
        self.attacker_word = re.compile(rf"\b(?:{attackers})\b", re.I)
        fat = words["fatalities"]
        # "three of the attackers were also killed", "two of the soldiers died"
        self.partitive = with_num(
            rf"(?P<num>NUM)[^\S\n]+of[^\S\n]+(?:the|their|those)(?P<gap>(?:[^\S\n]+"
            rf"(?!(?:{_STOP_GAP})\b)[\w'’\-]+){{1,3}}?){_ASIDE}\s*,?\s+{_AUX}{{0,3}}"
            rf"(?P<kw>{_alt(fat['passive'])})\b")
        # "... were killed, along with about 20 of the assailants"
        self.along = with_num(
            rf"\s*,?\s*(?:along\s+with|as\s+well\s+as|together\s+with|alongside)\s+"
            rf"(?P<num>NUM)(?P<gap>(?:[^\S\n]+of[^\S\n]+(?:the|their|those))?"
            rf"(?:[^\S\n]+(?!(?:{_STOP_GAP})\b)[\w'’\-]+){{1,3}}?)(?=\s*(?:[,.;]|$))")
        # "killing himself and seven others": the bomber's death is reported with the toll
        self.himself = with_num(
            rf"\b(?:{_alt(fat['active'])})\s+(?:himself|herself|themselves)\s+and\s+"
            rf"(?P<num>NUM)(?P<gap>[^\S\n]+(?:others|other\s+people|people|civilians))\b")
        # "a police officer, a teacher and three students were killed": one each
        self.list_item = with_num(
            rf"(?:(?P<num>NUM)|\b(?P<one>an?|one)\b)(?P<gap>{gap})\s*(?:,\s*and|,|and|et)\s*$")

    # -- numbers -------------------------------------------------------------------------
    def word_value(self, text: str) -> int | None:
        t = re.sub(r"\s+", " ", text.lower().strip().rstrip("+"))
        if t in self.phrases:
            return self.phrases[t]
        if re.fullmatch(r"[\d,]+", t):
            return int(t.replace(",", ""))
        scaled = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(thousand|million)", t)
        if scaled:
            return round(float(scaled.group(1)) * self.scales[scaled.group(2)])
        total = current = 0
        seen = False
        for w in re.split(r"[\s-]+", t):
            if w in ("and", "a"):
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in ("hundred", "dozen", "score"):
                current = max(current, 1) * self.scales[w]
            elif w in self.scales:
                total += max(current, 1) * self.scales[w]
                current = 0
            else:
                return None
            seen = True
        return total + current if seen else None

    def read(self, m: re.Match[str], text: str, offset: int = 0) -> Count | None:
        """The count a number match stands for, or None (a date, an age, a distance...)."""
        before, after = text[: m.start()], text[m.end():]
        if _UNIT_AFTER.match(after) or _MONTH_NEAR.search(before) or _MONTH_AFTER.match(after):
            return None
        start, end = m.start() + offset, m.end() + offset
        if m.group("few"):
            word = m.group("few").lower()
            value = self.few.get(re.sub(r"\s+", " ", word), 3)
            if self.large_words.search(text):
                value = self.large_scale
            return Count(value, value, value, start, end, vague=True)
        if m.group("vague"):
            v = self.plural[re.sub(r"\s+", " ", m.group("vague").lower())]
            return Count(v, v, v, start, end, vague=True)
        if m.group("rng"):
            body = re.sub(r"^(?:between|from)\s+", "", m.group("rng"), flags=re.I)
            halves = re.split(r"\s*[-–]\s*(?=\d)|\s+(?:to|and)\s+", body, maxsplit=1)
            values = [self.word_value(x) for x in halves]
            nums = [v for v in values if v is not None]
            if len(nums) < 2 or nums[0] > nums[-1]:
                return None
            return Count(nums[0], nums[0], nums[-1], start, end)
        num = self.word_value(m.group("core") or "")
        if num is None or (1900 <= num <= 2100 and "," not in m.group(0)):
            return None
        return Count(num, num, num, start, end, vague=bool(m.group("mod")))

    def numbers(self, text: str, offset: int = 0) -> list[Count]:
        out = []
        for m in self.number.finditer(text):
            c = self.read(m, text, offset)
            if c is not None:
                out.append(c)
        return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def _count_in(lex: Lexicon, m: re.Match[str], text: str) -> Count | None:
    inner = lex.number.match(text, m.start("num"), m.end("num"))
    if inner is None:
        return None
    before = text[: m.start("num")]
    if lex.subset.search(before) or re.search(r"\b(?:no|not)\s*$", before, re.I):
        return None  # "including 5 children", "no one was killed"
    return lex.read(inner, text) if inner.end() == m.end("num") else None


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    """Every casualty figure in ``text`` (one sentence), offsets shifted by ``offset``."""
    lex = lexicon()
    if not lex.gate.search(text):
        return []
    figures: list[Figure] = []
    used: set[tuple[int, int]] = set()
    for kind in KINDS:
        extra = (lex.toll,) if kind == "fatalities" else ()
        for pat in (*lex.patterns[kind], *extra):
            for m in pat.finditer(text):
                _add(lex, kind, m, text, offset, figures, used)
    for m in lex.left_dead.finditer(text):
        kind = "fatalities" if m.group("kw").lower() == "dead" else "injured"
        _add(lex, kind, m, text, offset, figures, used)
    for m in lex.partitive.finditer(text):
        _add(lex, "fatalities", m, text, offset, figures, used)
    for m in lex.himself.finditer(text):
        count = _count_in(lex, m, text)
        if count is not None and (m.start("num"), m.end("num")) not in used:
            used.add((m.start("num"), m.end("num")))
            c = Count(count.value + 1, count.low + 1, count.high + 1, count.start + offset,
                      count.end + offset, count.vague)
            figures.append(Figure("fatalities", c, m.start() + offset, m.end() + offset,
                                  m.group("gap").strip(), attackers=1))
    for kind, neg in lex.negation.items():
        for m in neg.finditer(text):
            if not any(f.kind == kind for f in figures):
                c = Count(0, 0, 0, m.start() + offset, m.end() + offset)
                figures.append(Figure(kind, c, c.start, c.end))
    figures.sort(key=lambda f: (f.start, f.kind))
    return _join_lists(text, offset, figures)


_JOINER = re.compile(r"^\s*(?:,\s*and|,|and|while|as\s+well\s+as|plus)\s*$", re.I)


def _join_lists(text: str, offset: int, figures: list[Figure]) -> list[Figure]:
    """'two police officers died and 10 rebels were also killed': different victims named
    side by side in one sentence add up (12); the same deaths reported twice do not."""
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == f.kind and prev.victims and f.victims
                and prev.victims.lower() != f.victims.lower() and f.count.value > 0
                and not prev.count.vague and not f.count.vague
                and _JOINER.match(text[prev.end - offset: f.start - offset])):
            c = Count(prev.count.value + f.count.value, prev.count.low + f.count.low,
                      prev.count.high + f.count.high, prev.count.start, f.count.end)
            out[-1] = Figure(f.kind, c, prev.start, f.end, f"{prev.victims}; {f.victims}",
                             prev.attackers + f.attackers)
        else:
            out.append(f)
    return out


def _add(lex: Lexicon, kind: str, m: re.Match[str], text: str, offset: int,
         figures: list[Figure], used: set[tuple[int, int]]) -> None:
    count = _count_in(lex, m, text)
    if count is None:
        return
    key = (m.start("num"), m.end("num"))
    if key in used:
        return
    kw_start = m.start("kw") if "kw" in m.re.groupindex and m.group("kw") else m.start()
    kw_end = m.end("kw") if "kw" in m.re.groupindex and m.group("kw") else m.end()
    if lex.hypo.search(text[: min(kw_start, m.start())]):
        return
    if kw_start > m.end("num") and lex.modal_gap.search(text[m.end("num"): kw_start]):
        return  # "hundreds of thousands of people could be killed", "thousands will die"
    # "killed and wounded 80", "12 killed or injured": the split is unknown
    around = text[max(0, kw_start - 14): kw_end + 14]
    if lex.combined.search(around) and kind != "arrested":
        return
    if kw_start > m.end("num") and _has_object(lex, text, kw_start, kw_end):
        return
    gap = m.group("gap") if "gap" in m.re.groupindex and m.group("gap") else ""
    start, end = min(m.start(), kw_start), max(m.end(), kw_end)
    phrase = text[start:end].rstrip(" .,;:")
    attackers = count.value if lex.attacker_after.match(text, m.end("num")) else 0
    total, stop = count, start + len(phrase)
    if m.re.pattern.startswith(r"\b(?P<kw>"):
        total, list_end, more = _list_sum(lex, count, text, m.end())
        attackers += more
        stop = max(stop, len(text[:list_end].rstrip(" .,;:")))
    elif kw_start > m.end("num"):
        lead = _list_lead(lex, text, m.start("num"))
        if lead is not None:
            extra, lead_start, more, items = lead
            gap = "; ".join([*items, gap.strip(" .,;:")])
            if lex.subset.search(text[:lead_start]):
                return  # "including three children and two women": a subset
            total = Count(count.value + extra.value, count.low + extra.low,
                          count.high + extra.high, count.start, count.end, count.vague)
            attackers += more
            start = lead_start
        tail = lex.along.match(text, kw_end) if kind == "fatalities" else None
        more_dead = _read_num(lex, tail.group("num")) if tail is not None else None
        if tail is not None and more_dead is not None:
            total = Count(total.value + more_dead.value, total.low + more_dead.low,
                          total.high + more_dead.high, total.start, total.end, total.vague)
            if lex.attacker_after.match(text, tail.end("num")):
                attackers += more_dead.value
            gap = f"{gap.strip(' .,;:')}; {tail.group('gap').strip(' .,;:')}"
            stop = tail.end()
    used.add(key)
    figures.append(Figure(kind, Count(total.value, total.low, total.high, count.start + offset,
                                      count.end + offset, count.vague),
                          start + offset, stop + offset, gap.strip(" .,;:"),
                          min(attackers, total.value)))


def _read_num(lex: Lexicon, words: str) -> Count | None:
    """The count of a number phrase read on its own ("about 20", "three")."""
    first = lex.number.match(words)
    return lex.read(first, words) if first is not None and first.end() == len(words) else None


# a list of victims may open the sentence or a clause: only then is "a teacher" one victim
_LIST_START = re.compile(r"(?:^|[:;]|\b(?:said|says|that|when|after|while|as)\s*,?)\s*$",
                         re.I)


def _list_lead(lex: Lexicon, text: str,
               pos: int) -> tuple[Count, int, int, list[str]] | None:
    """The items listed before the count at ``pos`` ("two soldiers and three civilians
    were killed"; "a police officer, a teacher and three students"): their sum, where the
    list starts, how many of them are attackers and their words; None when there is no
    list."""
    value = low = high = attackers = 0
    start, ones = pos, False
    words: list[str] = []
    while True:
        item = lex.list_item.search(text, max(0, start - 80), start)
        if item is None or not (item.group("gap") or "").strip():
            break
        if item.group("one"):
            c: Count | None = Count(1, 1, 1, item.start(), item.end("one"))
            ones, num_end = True, item.end("one")
        else:
            c, num_end = _read_num(lex, item.group("num")), item.end("num")
        if c is None:
            break
        value, low, high = value + c.value, low + c.low, high + c.high
        if lex.attacker_after.match(text, num_end):
            attackers += c.value
        words.insert(0, item.group("gap").strip(" .,;:"))
        start = item.start()
    if start == pos or (ones and not _LIST_START.search(text, 0, start)):
        return None
    return Count(value, low, high, start, pos), start, attackers, words


_OBJECT = re.compile(r"\s+(?:a|an|the|his|her|their|its|one|two|three|at\s+least|more\s+than|"
                     r"about|over|some|several|dozens|scores|hundreds)\b", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:were|was|been|are|is|be|sont|ont|été)\b", re.I)


def _has_object(lex: Lexicon, text: str, kw_start: int, kw_end: int) -> bool:
    """'Two gunmen killed a policeman': the count before an active verb is its subject."""
    head = text[:kw_start]
    if _PASSIVE_AUX.search(head[-30:]):
        return False
    if _OBJECT.match(text, kw_end):
        return True
    nxt = re.compile(r"\s+").match(text, kw_end)
    return bool(nxt and lex.number.match(text, nxt.end()))


def _list_sum(lex: Lexicon, first: Count, text: str, pos: int) -> tuple[Count, int, int]:
    """'killed 5 soldiers and 3 civilians' -> 8 (a count continued by a list); also how
    many of the listed items after the first are attackers ("and two gunmen")."""
    value, low, high = first.value, first.low, first.high
    attackers = 0
    cont = re.compile(r"\s*(?:,\s*and|,|and)\s+")
    words = re.compile(r"(?:\s+[\w'’\-]+){0,3}?(?=[\s,.;]|$)")
    while True:
        c = cont.match(text, pos)
        if c is None:
            break
        n = lex.number.match(text, c.end())
        if n is None or n.group("few"):
            break
        cnt = lex.read(n, text)
        if cnt is None:
            break
        w = words.match(text, n.end())
        tail_end = w.end() if w else n.end()
        tail = text[tail_end: tail_end + 30].lower()
        if re.match(r"\s*(?:" + _AUX + r")*(?:killed|dead|wounded|injured|hurt|arrested|"
                    r"detained|were|was)\b", tail):
            break
        value, low, high = value + cnt.value, low + cnt.low, high + cnt.high
        if lex.attacker_after.match(text, n.end()):
            attackers += cnt.value
        pos = tail_end
    return Count(value, low, high, first.start, first.end, first.vague), pos, attackers


# -- counts without a number: "a journalist was killed" (1), "killed civilians" (3) ----------
_LEMMAS = {
    "fatalities": {"kill", "die", "murder", "slay", "assassinate", "execute", "massacre", "behead",
                   "lynch", "perish"},
    "injured": {"wound", "injure", "hurt", "maim"},
    "arrested": {"arrest", "detain", "apprehend"},
}
_SINGULAR_PRON = {"he", "she", "him", "her"}


def parsed_figures(sent: Any, have: set[str], text: str | None = None) -> list[Figure]:
    """Counts implied by a victim noun without a number, read from the dependency parse.

    Only for kinds not already counted in the sentence (``have``); needs a parsed Doc.
    ``text`` is the Doc's text when the caller has it (``Doc.text`` joins every token).
    """
    lex = lexicon()
    text = sent.doc.text if text is None else text
    out: list[Figure] = []
    for tok in sent:
        kind = next((k for k, lem in _LEMMAS.items() if tok.lemma_.lower() in lem), None)
        if tok.lower_ == "dead" and tok.pos_ == "ADJ" and tok.head.lemma_.lower() != "shoot":
            kind = "fatalities"
        if tok.lemma_.lower() == "shoot" and any(c.lower_ == "dead" for c in tok.children):
            kind = "fatalities"  # "shot dead a village chief", "was shot dead by police"
        if kind is None or kind in have or tok.pos_ not in ("VERB", "ADJ"):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        before = text[sent.start_char: tok.idx]
        if lex.hypo.search(before) or lex.combined.search(text[max(0, tok.idx - 14):
                                                                tok.idx + len(tok) + 14]):
            continue
        victim = _victim(tok)
        if victim is None or any(c.dep_ == "nummod" for c in victim.children):
            continue
        # "a village chief and his son": each coordinated victim counts
        items = [victim, *(c for c in victim.conjuncts if c.i > victim.i)]
        counts = [_item_count(lex, item, sent.text) for item in items]
        if len(items) > 1 and any(n is None or n[1] for n in counts):
            items, counts = items[:1], counts[:1]  # "civilians and X": only a guess, once
        value, vague, attackers = 0, False, 0
        for item, n in zip(items, counts, strict=True):
            if n is None:
                value = 0
                break
            value, vague = value + n[0], vague or n[1]
            if lex.attacker_word.fullmatch(item.lower_) or (
                    item.lower_ in ("himself", "herself")):
                attackers += n[0]
        if value == 0:
            continue
        last = items[-1]
        word_end = max([tok.idx + len(tok)] + [c.idx + len(c) for c in tok.children
                                               if c.lower_ == "dead" and kind == "fatalities"])
        lo = min(victim.left_edge.idx, tok.idx)
        hi = max(last.idx + len(last), word_end)
        if hi - lo > 80:
            lo, hi = min(victim.idx, tok.idx), max(victim.idx + len(victim), tok.idx + len(tok))
        c = Count(value, value, value, victim.idx, last.idx + len(last), vague=vague)
        out.append(Figure(kind, c, lo, hi, " and ".join(t.text for t in items),
                          attackers if kind == "fatalities" else 0))
        have = have | {kind}
    return out


def _item_count(lex: Lexicon, item: Any, sent_text: str) -> tuple[int, bool] | None:
    """One victim word's count and whether it is vague: a singular noun or pronoun is 1,
    a plural one 3 (10 at a large scale), a number on it ("and two civilians") its value."""
    num = next((c for c in item.children if c.dep_ == "nummod"), None)
    if num is not None:
        got = _read_num(lex, num.text)
        return (got.value, got.vague) if got is not None else None
    if item.lower_ in _SINGULAR_PRON or item.lower_ in ("himself", "herself") or item.tag_ in (
            "NN", "NNP"):
        return 1, False
    if item.tag_ in ("NNS", "NNPS"):
        return (lex.large_scale if lex.large_words.search(sent_text) else 3), True
    return None


def _victim(tok: Any) -> Any:
    deps = {c.dep_: c for c in tok.children}
    if "nsubjpass" in deps:
        return deps["nsubjpass"]
    if tok.lemma_.lower() in ("die", "perish") or tok.lower_ == "dead":
        if "nsubj" in deps:
            return deps["nsubj"]
        return tok.head if tok.dep_ in ("amod", "acl") and tok.head.pos_ == "NOUN" else None
    if "auxpass" in deps:
        return None
    if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    if "dobj" in deps:
        return deps["dobj"]
    if tok.tag_ in ("VBN", "VBD") and "nsubj" in deps and tok.dep_ == "ROOT":
        subj = deps["nsubj"]  # headline style: "Teen killed as town protests"
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.pos_ in ("DET", "NUM", "NOUN", "PROPN", "PRON"):
            return None
        return subj if subj.pos_ in ("NOUN", "PROPN") and subj.i == tok.i - 1 else None
    return None


class CasualtyCounter:
    """Fills fatalities (ACLED-coded), low/high, phrases, injured and arrested."""

    spec: ClassVar[StageSpec] = StageSpec(
        "casualties",
        # (which sentences report which event: stages/context.py)
        reads=frozenset({"article", "clean_text", "noise", "doc", "mentions", "sent",
                         "sent_index", "confidence", "event_type", "sub_event_type",
                         "plover_type", "location", "event_date", "background",
                         "date_notes"}),
        fills=frozenset({"fatalities", "fatalities_low", "fatalities_high", "fatalities_text",
                         "attacker_fatalities", "injured", "arrested", "casualty_notes"}),
    )

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        if wd.doc is None or not wd.mentions:
            return wd
        sents = wd.sentences()
        parsed = wd.doc.has_annotation("DEP")
        text = wd.clean_text or wd.text
        cache: dict[int, list[Figure]] = {}

        def figures(i: int) -> list[Figure]:
            if i not in cache:
                s = sents[i]
                found = find_figures(text[s.start_char: s.end_char], s.start_char)
                if parsed:
                    found += parsed_figures(s, {f.kind for f in found}, text)
                cache[i] = found
            return cache[i]

        groups, cluster = event_groups(wd)
        scopes = time_scopes(wd)
        for k, (m, group) in enumerate(zip(wd.mentions, groups, strict=True)):
            # no figure until one is found: 0 killed, the rest unknown
            m.fatalities, m.fatalities_low, m.fatalities_high = 0, None, None
            m.fatalities_text, m.injured, m.arrested = [], None, None
            m.attacker_fatalities = 0
            if k in cluster[1:]:
                # the same event as the main mention: counted there once, not again here
                m.casualty_notes = CasualtyNotes(in_main_event=True)
                continue
            here = scope_position(wd, m, scopes[m.sent_index])
            pool = [f for i in group if 0 <= i < len(sents) for f in figures(i)
                    if _belongs(f, m, i, scopes[i], here)
                    and (i == m.sent_index or carries_tolls(m))]
            m.casualty_notes = _fill(wd, m, pool)
        return wd


def carries_tolls(m: Mention) -> bool:
    """Whether a toll told in a later sentence may be this mention's: only an event on the
    ground (violence, a demonstration) has victims; an agreement, an arrest or a statement
    does not take the dead of the sentences after it ("... enforced surrender. ... when its
    fighters emerged to massacre more than 200 people")."""
    if m.event_type is not None:
        return m.event_type in EVENTFUL
    return m.plover_type in VIOLENT_PLOVER


def _belongs(f: Figure, m: Mention, i: int, scope: TimeScope, here: float) -> bool:
    """Whether figure ``f`` of sentence ``i`` may count for mention ``m``: a toll over a
    period counts for no event; a figure in a recalled clause ("a year after a bombing
    killed 30") only for the recalled event of that clause, and the recalled event takes
    no figure outside its clause."""
    pos = f.count.start
    if scope.in_period(pos):
        return False
    where = scope.recalled_at(pos)
    if i == m.sent_index:
        return where == scope.recalled_at(here)
    return where is None and not (m.date_notes is not None and m.date_notes.recalled)


def _fill(wd: WorkDoc, m: Mention, pool: list[Figure]) -> CasualtyNotes:
    """Set the figures of ``m`` from ``pool``; the notes on who they are about."""
    lex = lexicon()
    victims: list[str] = []
    hurt: list[str] = []
    m.attacker_fatalities = 0
    for kind in KINDS:
        figs = [f for f in pool if f.kind == kind]
        if kind == "fatalities":
            victims = [f.victims for f in _fill_fatalities(wd, m, figs) if f.victims]
            continue
        positive = _best(figs)
        if not positive:
            continue
        value = min(f.count.value for f in positive) if kind != "arrested" else max(
            f.count.value for f in positive)
        for f in positive:
            m.add_evidence(kind, f.start, f.end)
        if kind == "injured":
            m.injured = value
            hurt = [f.victims for f in positive if f.victims and f.count.value == value]
        else:
            m.arrested = value
    return CasualtyNotes(
        victims=tuple(victims),
        injured_victims=tuple(hurt),
        civilian_victims=any(lex.civilian.search(v) for v in victims),
    )


def _best(figs: list[Figure]) -> list[Figure]:
    """The figures that may set a count: positive ones over "no one was killed", exact
    ones over vague ones ("dozens feared dead ... 26 killed": the figure wins)."""
    positive = [f for f in figs if f.count.value > 0] or figs
    return [f for f in positive if not f.count.vague] or positive


def _fill_fatalities(wd: WorkDoc, m: Mention, figs: list[Figure]) -> list[Figure]:
    """ACLED counts every death of the event, the attackers' too: the victims' figures and
    the figures of attackers alone ("three of the attackers were also killed") are each
    coded at their lowest and added; ``attacker_fatalities`` keeps the attackers' share."""
    alone = [f for f in figs if f.count.value > 0 and f.attackers >= f.count.value]
    rest = _best([f for f in figs if all(f is not a for a in alone)])
    alone = _best(alone)
    value = low = high = attackers = 0
    for group in (rest, alone):
        if not group:
            continue
        least = min(group, key=lambda f: f.count.value)
        value += least.count.value
        attackers += least.attackers
        low += min(f.count.low for f in group)
        high += max(f.count.high for f in group)
        for f in group:
            m.add_evidence("fatalities", f.start, f.end)
    if not rest and not alone:
        return []
    m.fatalities, m.fatalities_low, m.fatalities_high = value, low, high
    m.attacker_fatalities = attackers
    phrases = [wd.text[f.start: f.end] for f in (*rest, *alone)]
    m.fatalities_text = list(dict.fromkeys(phrases))
    return [*rest, *alone]
