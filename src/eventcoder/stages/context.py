"""Context: which sentences report which event (shared by dates, casualties and sources).

A sentence with no mention of its own belongs to the nearest earlier mention of its
paragraph, else to the article's main event when it refers back to it ("the attack", "the
death toll", "the official") or follows it closely. Mentions that restate the main event
(same date, same ACLED type and a compatible place, or an anaphoric sentence) share its
sentences, so the same deaths reported twice are pooled and counted once.
"""

from __future__ import annotations

import re

from eventcoder.document import Mention, WorkDoc, filled
from eventcoder.facts.event_types import STRATEGIC_DEVELOPMENTS, VIOLENT_PLOVER

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
