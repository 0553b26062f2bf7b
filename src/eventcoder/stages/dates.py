"""Dates: resolve each event's date against the publication date.

Search order for a mention: its own sentence (the date expression nearest the trigger), then
the earlier sentences of its paragraph, then the article's lead (for events that are not
background), and only then the publication date (``date_source`` "publication").

Rules (docs/coding_rules.md): explicit dates ("18 May 2017", "May 18", "2017-05-18",
"20.05.2017" day first, "05/20/2017" and "20/05/2017" in the only possible order, else the
document's, else the one reading not after publication, else none; "07/2019" month
precision); a date without a year is the most recent such date not after publication;
weekdays are the latest such day not after publication ("on Wednesday" in a Wednesday paper
is that day); "yesterday",
"last night" = the day before; "last week" / "this week" / "the weekend" have week precision
(midpoint); a month alone has month precision, coded to the 15th, or to the first/last day
for "early"/"beginning of" and "late"/"end of". An event dated more than 14 days before the
article's news, or recalled as earlier ("last year", "not the first time"), is background.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from eventcoder.document import DateNotes, Mention, StageSpec, WorkDoc
from eventcoder.stages.context import (
    TimeScope,
    clauses,
    paragraph_of,
    scope_position,
    time_scopes,
)

BACKGROUND_DAYS = 14
_MONTH_NUM = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}
_WEEKDAY_NUM = {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4,
                "Saturday": 5, "Sunday": 6}
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "a": 1, "a couple of": 2, "few": 3, "a few": 3}
# Month names are matched case-sensitively (capitalised), so "may" the verb is not a month.
_MON = "(?P<mon>" + "|".join(sorted(_MONTH_NUM, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_EDGE = r"(?i:(?P<edge>early|late|mid|the\s+beginning\s+of|the\s+start\s+of|the\s+end\s+of|" \
        r"beginning\s+of|start\s+of|end\s+of|the\s+middle\s+of|middle\s+of|the\s+first\s+half\s+" \
        r"of|the\s+second\s+half\s+of)[\s-]+)?"
# "05/20/2017", "20/05/2017", "04/05/2019": the order is read per document (see _slash_order)
_SLASH = (r"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"
          r"(?![/.]\d)")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy_dot", re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)\.(?P<m>[01]?\d)\."
                           r"(?P<year>(?:19|20)\d\d)\b")),
    ("num_slash", re.compile(_SLASH)),
    ("m_y_num", re.compile(r"(?<![\d/.])(?P<m>0[1-9]|1[0-2])/(?P<year>(?:19|20)\d\d)\b"
                           r"(?![/.]\d)")),
    ("d_mon", re.compile(rf"\b{_DAY}\s+(?i:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b")),
    ("mon_d", re.compile(rf"\b{_MON}\s+{_DAY}(?![\d:])(?:\b,?\s*{_YEAR})?\b")),
    ("mon_y", re.compile(rf"{_EDGE}\b{_MON}(?:,)?\s+{_YEAR}\b")),
    ("mon", re.compile(rf"\b(?i:(?P<lead>in|during|since|last|this|on|of|until|by|from)\s+)?"
                       rf"{_EDGE}\b{_MON}\b(?!\s+\d)")),
    ("weekday", re.compile(r"\b(?i:(?P<lead>last|this\s+past|past|this|on|late|early|next|"
                           r"coming|this\s+coming)\s+)?"
                           r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("rel", re.compile(
        r"(?i)\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|last\s+night|overnight|"
        r"earlier\s+today|today|this\s+morning|this\s+afternoon|this\s+evening|tonight|"
        r"earlier\s+this\s+week|this\s+week|last\s+week|earlier\s+this\s+month|this\s+month|"
        r"last\s+month|this\s+weekend|over\s+the\s+weekend|at\s+the\s+weekend|last\s+weekend|"
        r"during\s+the\s+weekend|last\s+year|earlier\s+this\s+year|this\s+year)\b")),
    ("ago", re.compile(r"(?i)\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|"
                       r"a\s+couple\s+of|a\s+few|few)\s+(?P<unit>day|days|week|weeks|month|"
                       r"months|year|years)\s+ago\b")),
    ("year", re.compile(r"\b(?i:in|during|early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b"
                        r"(?!\s*[-/]\d)")),
]
_RECAP = re.compile(
    # (dated recalls, "last year", "two years ago", are date expressions: see find_dates)
    r"(?i)\b(?:not\s+the\s+first\s+time|(?:several|many|some)\s+years\s+ago|"
    r"previously|earlier\s+this\s+year|anniversary|"
    r"similar\s+(?:attack|incident|strike)s?|a\s+string\s+of|a\s+series\s+of\s+(?:attacks|"
    r"strikes)|history\s+of|have\s+been\s+(?:targeted|attacked|hit)\s+(?:before|repeatedly))\b"
)


@dataclass(frozen=True)
class DateHit:
    """A resolved date expression: where it is, the date, its precision, recall flag."""

    start: int
    end: int
    date: dt.date
    precision: str
    recalled: bool = False  # "last year", "in 2014": clearly earlier than the news


def _most_recent(month: int, day: int, anchor: dt.date) -> dt.date | None:
    for year in (anchor.year, anchor.year - 1):
        try:
            d = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            return None
        if d <= anchor:
            return d
    return None


def _month_point(year: int, month: int, edge: str | None, anchor: dt.date | None) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    e = (edge or "").lower()
    if any(w in e for w in ("early", "beginning", "start", "first half")):
        day = 1
    elif any(w in e for w in ("late", "end", "second half")):
        day = last
    else:
        day = 15
    d = dt.date(year, month, day)
    if anchor is not None and d > anchor and (d.year, d.month) == (anchor.year, anchor.month):
        d = anchor
    return d


def _ymd(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _slash_readings(a: int, b: int, year: int) -> tuple[dt.date | None, dt.date | None]:
    """The day-first and the month-first reading of "a/b/year" (None where impossible)."""
    return _ymd(year, b, a), _ymd(year, a, b)


def slash_order(text: str) -> str | None:
    """The order the document's unambiguous slash dates use: "dmy" (a first part over 12),
    "mdy" (a second part over 12), or None when there are none or they disagree."""
    orders = set()
    for m in re.finditer(_SLASH, text):
        dmy, mdy = _slash_readings(int(m["a"]), int(m["b"]), int(m["year"]))
        if dmy is not None and mdy is None:
            orders.add("dmy")
        elif mdy is not None and dmy is None:
            orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def _slash(g: dict[str, str], anchor: dt.date | None, order: str | None) -> dt.date | None:
    """A slash date: the only possible reading; both parts <= 12 (and different): the
    document's order, else the one reading not after the anchor; otherwise no date."""
    dmy, mdy = _slash_readings(int(g["a"]), int(g["b"]), int(g["year"]))
    if dmy is None or mdy is None or dmy == mdy:
        return dmy or mdy
    if order is not None:
        return dmy if order == "dmy" else mdy
    if anchor is not None:
        fit = [d for d in (dmy, mdy) if d <= anchor]
        if len(fit) == 1:
            return fit[0]
    return None  # ambiguous: neither the day nor the month is known


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None,
             order: str | None = None) -> DateHit | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    try:
        if kind in ("iso", "dmy_dot"):
            d = dt.date(int(g["year"]), int(g["m"]), int(g["day"]))
            return DateHit(s, e, d, "day")
        if kind == "num_slash":
            d3 = _slash(g, anchor, order)
            return DateHit(s, e, d3, "day") if d3 else None
        if kind == "m_y_num":
            month, year = int(g["m"]), int(g["year"])
            return DateHit(s, e, _month_point(year, month, None, anchor), "month")
        if kind in ("d_mon", "mon_d"):
            month, day = _MONTH_NUM[g["mon"]], int(g["day"])
            if not 1 <= day <= 31:
                return None
            if g.get("year"):
                return DateHit(s, e, dt.date(int(g["year"]), month, day), "day")
            if anchor is None:
                return None
            d2 = _most_recent(month, day, anchor)
            return DateHit(s, e, d2, "day") if d2 else None
        if kind == "mon_y":
            month, year = _MONTH_NUM[g["mon"]], int(g["year"])
            return DateHit(s, e, _month_point(year, month, g.get("edge"), anchor), "month")
        if kind == "mon":
            if (g["mon"] in ("May", "March") or len(g["mon"]) <= 4) and not (
                    g.get("lead") or g.get("edge")):
                return None  # "May" the verb, "March" the noun
            if anchor is None:
                return None
            month = _MONTH_NUM[g["mon"]]
            lead = (g.get("lead") or "").lower()
            year = anchor.year if (month <= anchor.month and lead != "last") else anchor.year - 1
            if lead == "last" and month < anchor.month:
                year = anchor.year
            return DateHit(s, e, _month_point(year, month, g.get("edge"), anchor), "month")
    except ValueError:
        return None
    if anchor is None:
        return None
    if kind == "weekday":
        if (g.get("lead") or "").lower().split()[-1:] in (["next"], ["coming"]):
            return None  # a future day: not an event date
        back = (anchor.weekday() - _WEEKDAY_NUM[g["wd"]]) % 7
        if back == 0 and (g.get("lead") or "").lower() == "last":
            back = 7
        return DateHit(s, e, anchor - dt.timedelta(days=back), "day")
    if kind == "rel":
        return _relative(re.sub(r"\s+", " ", g["rel"].lower()), s, e, anchor)
    if kind == "ago":
        n = _SMALL.get(re.sub(r"\s+", " ", g["n"].lower()))
        n = n if n is not None else int(g["n"])
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return DateHit(s, e, anchor - dt.timedelta(days=n), "day")
        if unit == "week":
            return DateHit(s, e, anchor - dt.timedelta(days=7 * n), "week")
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
            return DateHit(s, e, _month_point(y, mo + 1, None, anchor), "month", n >= 1)
        return DateHit(s, e, dt.date(anchor.year - n, 7, 1), "month", True)
    if kind == "year":
        year = int(g["year"])
        if year >= anchor.year:
            return None
        return DateHit(s, e, dt.date(year, 7, 1), "month", True)
    return None


def _relative(rel: str, s: int, e: int, anchor: dt.date) -> DateHit | None:
    day = dt.timedelta(days=1)
    if rel in ("today", "earlier today", "this morning", "this afternoon", "this evening",
               "tonight"):
        return DateHit(s, e, anchor, "day")
    if rel in ("yesterday", "last night", "overnight"):
        return DateHit(s, e, anchor - day, "day")
    if rel == "the day before yesterday":
        return DateHit(s, e, anchor - 2 * day, "day")
    monday = anchor - anchor.weekday() * day
    if rel == "last week":
        return DateHit(s, e, monday - 4 * day, "week")
    if rel in ("this week", "earlier this week"):
        return DateHit(s, e, min(monday + 3 * day, anchor), "week")
    if "weekend" in rel:
        back = (anchor.weekday() - 5) % 7
        if rel == "last weekend" and back < 2:
            back += 7
        return DateHit(s, e, anchor - back * day, "week")
    if rel in ("this month", "earlier this month"):
        return DateHit(s, e, _month_point(anchor.year, anchor.month, None, anchor), "month")
    if rel == "last month":
        y, mo = (anchor.year, anchor.month - 1) if anchor.month > 1 else (anchor.year - 1, 12)
        return DateHit(s, e, _month_point(y, mo, None, anchor), "month")
    if rel == "last year":
        return DateHit(s, e, dt.date(anchor.year - 1, 7, 1), "month", True)
    return None  # "this year", "earlier this year": too vague for a date


def find_dates(text: str, anchor: dt.date | None, offset: int = 0,
               order: str | None = None) -> list[DateHit]:
    """Every date expression in ``text`` resolved against ``anchor``, longest first per span.
    ``order`` is the document's slash-date order (``slash_order``); by default that of
    ``text`` itself."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    order = order if order is not None else slash_order(text)
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            hit = _resolve(kind, m, anchor, order)
            if hit is None:
                if kind == "num_slash":
                    taken.append((m.start(), m.end()))  # an ambiguous date is no other date
                continue
            taken.append((m.start(), m.end()))
            hits.append(DateHit(hit.start + offset, hit.end + offset, hit.date, hit.precision,
                                hit.recalled))
    hits.sort(key=lambda h: h.start)
    return hits


def _article_anchor(text: str) -> dt.date | None:
    """Without a publication date: the latest full date written in the article."""
    dates = [h.date for h in find_dates(text, None) if h.precision == "day"]
    return max(dates) if dates else None


_SAID_BEFORE = re.compile(r"\b(?:said|says|told\s+\w+|announced|reported|stated|confirmed|"
                          r"added|claimed|published|updated|posted)\s*(?:on\s+)?$", re.I)
_SAID_AFTER = re.compile(r"^\s*,?\s*(?:(?:the\s+)?[\w-]+\s+){0,3}?(?:said|says|announced|"
                         r"told|reported|stated)\s+(?:that\b|[\w\s]{0,15}$)", re.I)


def _reporting(text: str, h: DateHit) -> bool:
    """'officials said on Thursday': the date of the report, not of the event."""
    return bool(_SAID_BEFORE.search(text[max(0, h.start - 40): h.start])
                or _SAID_AFTER.match(text[h.end: h.end + 60]))


def _referent(wd: WorkDoc, m: Mention, earlier: list[Mention],
              per_sent: list[list[DateHit]]) -> Mention | None:
    """The earlier event a definite back-reference ("the blast", "the rally") names, when
    the clause of the reference gives no date of its own: the nearest earlier mention of
    the same type in an earlier sentence."""
    if m.detect_notes is None or not m.detect_notes.anaphoric:
        return None
    own = per_sent[m.sent_index] if 0 <= m.sent_index < len(per_sent) else []
    s0 = m.sent[0]
    text = (wd.clean_text or wd.text)[s0: m.sent[1]]
    mid = (m.trigger[0] + m.trigger[1]) / 2 - s0
    c0, c1 = next(((a, b) for a, b in clauses(text) if a <= mid < b), (0, len(text)))
    if any(c0 <= h.start - s0 < c1 for h in own):
        return None
    same = [r for r in earlier if r.sent_index < m.sent_index and (
        (r.event_type or r.plover_type) == (m.event_type or m.plover_type))]
    return same[-1] if same else None


_INTERVAL = re.compile(r"(?i)(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
                       r"(?P<unit>day|days|week|weeks)\s+after\b")


def _interval(text: str, start: int, news: dt.date | None) -> DateHit | None:
    """'two days after X', 'a week after X': X is dated back from the news date (day or
    week precision); months and years back give no usable date."""
    m = _INTERVAL.match(text, start)
    if m is None or news is None:
        return None
    n = _SMALL.get(m.group("n").lower())
    n = n if n is not None else int(m.group("n"))
    week = m.group("unit").lower().startswith("week")
    return DateHit(m.start(), m.end(), news - dt.timedelta(days=7 * n if week else n),
                   "week" if week else "day")


def _scoped(scope: TimeScope, h: DateHit) -> bool:
    """The date belongs to a recalled clause or a period toll of its sentence."""
    mid = (h.start + h.end) / 2
    return scope.recalled_at(mid) is not None or scope.in_period(mid)


class DateResolver:
    """Fills event_date, date_precision, date_source and background on every mention."""

    spec: ClassVar[StageSpec] = StageSpec(
        "dates",
        reads=frozenset({"article", "clean_text", "doc", "mentions", "sent", "sent_index",
                         "trigger"}),
        fills=frozenset({"event_date", "date_precision", "date_source", "background",
                         "date_notes"}),
    )

    def __init__(self, background_days: int = BACKGROUND_DAYS) -> None:
        self.background_days = background_days

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        if not wd.mentions:
            return wd
        text = wd.clean_text or wd.text
        sents = wd.sentences()
        anchor = wd.published or _article_anchor(text)
        order = slash_order(text)
        scopes = time_scopes(wd)
        per_sent: list[list[DateHit]] = []
        for s in sents:
            hits = find_dates(text[s.start_char: s.end_char], anchor, s.start_char, order)
            per_sent.append([h for h in hits if anchor is None or h.date <= anchor])
        para = paragraph_of(wd)
        lead = self._lead(per_sent, scopes, anchor)
        news = lead.date if lead is not None else anchor
        done: list[Mention] = []
        for m in wd.mentions:
            ref = _referent(wd, m, done, per_sent)
            if ref is not None:
                # "the blast" with no date of its own: the date of the event it refers to
                m.event_date, m.date_precision = ref.event_date, ref.date_precision
                m.date_source, m.background = ref.date_source, ref.background
                m.date_notes = ref.date_notes
                for a, b in ref.evidence.get("event_date", []):
                    m.add_evidence("event_date", a, b)
            else:
                self._resolve_mention(wd, m, per_sent, scopes, para, lead, anchor, news)
            done.append(m)
        return wd

    def _lead(self, per_sent: list[list[DateHit]], scopes: list[TimeScope],
              anchor: dt.date | None) -> DateHit | None:
        """The news date: the first recent day-precision date in the first sentences, outside
        recalled clauses and period tolls."""
        for hits, scope in zip(per_sent[:4], scopes, strict=False):
            for h in hits:
                if h.recalled or h.precision != "day" or _scoped(scope, h):
                    continue
                if anchor is None or (anchor - h.date).days <= self.background_days:
                    return h
        return None

    def _resolve_mention(self, wd: WorkDoc, m: Mention, per_sent: list[list[DateHit]],
                         scopes: list[TimeScope], para: list[int], lead: DateHit | None,
                         anchor: dt.date | None, news: dt.date | None) -> None:
        i = m.sent_index
        own = per_sent[i] if 0 <= i < len(per_sent) else []
        scope = scopes[i] if 0 <= i < len(scopes) else TimeScope()
        text = wd.clean_text or wd.text
        sent_text = text[m.sent[0]: m.sent[1]]
        mid = scope_position(wd, m, scope)
        if scope.in_period(mid):
            # "the war has killed 500,000 people": a toll over a period, no event of its own
            self._undated(m, DateNotes(period=True))
            return
        recalled = scope.recalled_at(mid)
        if recalled is not None:
            # "a year after a bombing killed 30": the recalled event takes only the dates of
            # its own clause, and without one it has no date of its own
            inside = [h for h in own if recalled[0] <= h.start < recalled[1]]
            interval = _interval(text, recalled[0], news)
            if not inside and interval is not None:
                inside = [interval]  # "a day after police arrested ...": the day before
            if not inside and news is None and _INTERVAL.match(text, recalled[0]):
                # a few days back in an article with no date at all: as undated as the rest
                m.event_date, m.date_precision, m.date_source = None, None, "publication"
                m.background, m.date_notes = False, DateNotes(recalled=True)
                return
            if not inside:
                self._undated(m, DateNotes(recalled=True))
                return
            near = min(inside, key=lambda h: (abs((h.start + h.end) / 2 - mid), h.start))
            self._dated(m, near)
            m.background = near.recalled or self._earlier(near, news, lead is not None)
            m.date_notes = DateNotes(recalled=True)
            return
        own = [h for h in own if not _scoped(scope, h)]
        recap = any(not re.search(r"\blatest\b", sent_text[max(0, r.start() - 25): r.start()])
                    for r in _RECAP.finditer(sent_text))  # "the latest in a string of": now
        hit: DateHit | None = None
        if own:
            hit = min(own, key=lambda h: (_reporting(text, h), abs((h.start + h.end) / 2 - mid),
                                          h.start))
        else:
            for j in range(min(i, len(para)) - 1, -1, -1):
                if para[j] != para[min(i, len(para) - 1)]:
                    break
                if per_sent[j]:
                    hit = per_sent[j][-1]
                    break
            if hit is None and lead is not None and not recap:
                hit = lead
        if hit is None and recap:
            # "This is not the first time ...": an earlier event with no date of its own
            self._undated(m, DateNotes(recap=True))
            return
        if hit is not None:
            self._dated(m, hit)
        else:
            m.event_date, m.date_source = anchor, "publication"
            m.date_precision = "day" if anchor is not None else None
        m.background = recap or bool(
            hit and (hit.recalled or self._earlier(hit, news, lead is not None and hit is not lead))
        )
        m.date_notes = DateNotes(recap=recap)

    @staticmethod
    def _dated(m: Mention, hit: DateHit) -> None:
        m.event_date, m.date_precision, m.date_source = hit.date, hit.precision, "text"
        m.add_evidence("event_date", hit.start, hit.end)

    @staticmethod
    def _undated(m: Mention, notes: DateNotes) -> None:
        """Not a current event and no date of its own: background without a date (the
        assembler keeps no record of it)."""
        m.event_date, m.date_precision, m.date_source = None, None, "text"
        m.background = True
        m.date_notes = notes

    def _earlier(self, hit: DateHit, news: dt.date | None, dated_news: bool = False) -> bool:
        if news is None:
            return False
        end = hit.date
        if hit.precision == "month" and dated_news and (
            (hit.date.year, hit.date.month) < (news.year, news.month)
        ):
            return True  # "last month", "in October": a month before the dated news
        if hit.precision == "month" and hit.date.day == 1:  # "early January"
            end = hit.date + dt.timedelta(days=10)
        elif hit.precision == "month":
            end = hit.date.replace(day=calendar.monthrange(hit.date.year, hit.date.month)[1])
        elif hit.precision == "week":
            end = hit.date + dt.timedelta(days=3)
        return (news - end).days > self.background_days
