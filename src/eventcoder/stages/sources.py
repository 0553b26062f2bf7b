"""Sources: who reported each event.

For every mention, the attributions in the sentences that report its event (see
``casualties.event_sentences``) become ``Source(name, kind, quote)`` records: "X said",
"said X", "according to X", "X told Y" (Y a media outlet is a second source), "citing X",
"reported by X". A statement ("said in a statement", "claimed responsibility") gives kind
"statement"; otherwise the kind comes from the source's words (``data/source_kinds.json``):
witness, local, ngo, media, official, other. Denials ("X denied ...") are not sources of
the event: they go to ``Mention.source_notes`` (``SourceNotes.denials``). The article's own
outlet, when known, is added as a media source. ``quote`` is the attributing words; evidence
"sources" spans them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from eventcoder.document import Mention, SourceNotes, StageSpec, WorkDoc
from eventcoder.lexicon.phrases import alternation as _alt
from eventcoder.model import Source
from eventcoder.stages.context import event_sentences

_NP_WORD = r"[\w'’.&/()-]+"



@dataclass(frozen=True)
class Attribution:
    name: str
    kind: str
    start: int  # the attributing words, offsets into the article
    end: int
    denial: bool = False


class SourceLexicon:
    def __init__(self) -> None:
        with resources.files("eventcoder.data").joinpath("source_kinds.json").open(
                encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
        verbs = _alt(data["attribution_verbs"] + data["denial_verbs"])
        self.denial = {w.lower() for w in data["denial_verbs"]}
        self.pronouns = {w.lower() for w in data["pronouns"]}
        self.kinds = [(k, re.compile(r"(?<!\w)(?:" + _alt(data[k]) + r")(?![\w-])", re.I))
                      for k in ("witness", "local", "ngo", "media", "official")]
        self.statement = re.compile(r"\b(?:" + _alt(data["statement_markers"]) + r")\b", re.I)
        np = rf"(?P<src>(?:{_NP_WORD}\s+){{0,7}}?{_NP_WORD})"
        self.patterns = [
            # "…, said the official", "said a witness"
            re.compile(r"[,\"“”]\s*(?P<verb>said|says|told|added|reported)\s+"
                       r"(?P<src>(?:the|a|an|[A-Z])[^,.;:\"“”]{1,70})", re.I),
            # "according to Reuters", "citing witnesses", "reported by the BBC"
            re.compile(r"\b(?P<verb>according\s+to(?:\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:report|"
                       r"statement|tally|count|toll)\s+(?:by|from|of|in|issued\s+by))?|citing|"
                       r"cited\s+by|reported\s+by|quoted\s+by|via)\s+"
                       r"(?P<src>[^,.;:\"“”()]{2,80})", re.I),
            # "the coalition said", "a USA military official said"
            re.compile(rf"(?:^|[,;:\"“”]\s*|\b(?:and|but|while|as|that)\s+){np}\s+"
                       rf"(?:(?:also|later|earlier|previously|had|has|have|were|was|on\s+\w+day)"
                       rf"\s+)?(?P<verb>(?-i:{verbs}))\b", re.I),
        ]
        self.told = re.compile(rf"\btold\s+(?P<dst>{np})(?=[\s,.;]|$)", re.I)
        self.cut = re.compile(r"\s+(?:who|which|that|in|on|at|after|when|as|because|while|"
                              r"during|about|of\s+the\s+attack|to|for)\b.*$", re.I)

    def kind(self, name: str) -> str:
        for kind, pat in self.kinds:
            if pat.search(name):
                return kind
        return "other"


@lru_cache(maxsize=1)
def lexicon() -> SourceLexicon:
    return SourceLexicon()


def _clean_name(raw: str) -> str:
    name = re.sub(r"\s+", " ", raw).strip(" \"'“”‘’,.;:-")
    name = re.sub(r"^(?:and|but|while|as|that|which|who|so|then|also)\s+", "", name, flags=re.I)
    return name


def find_attributions(text: str, offset: int = 0) -> list[Attribution]:
    """Every attribution in ``text`` (one sentence), offsets shifted by ``offset``."""
    lex = lexicon()
    out: list[Attribution] = []
    statement = lex.statement.search(text)
    taken: list[tuple[int, int]] = []
    for pat in lex.patterns:
        for m in pat.finditer(text):
            raw = m.group("src")
            if pat is not lex.patterns[-1]:
                raw = lex.cut.sub("", raw)
            name = _clean_name(raw)
            words = name.lower().split()
            if not words or name.lower() in lex.pronouns or words[-1] in lex.pronouns or all(
                    w in ("a", "an", "the") for w in words):
                continue
            if words[0] in ("no", "nobody", "none", "neither"):
                continue  # "No group has claimed responsibility": nobody reported anything
            if re.search(r"\b(?:is|was|are|were|be|been)\s*$", text[: m.start("verb")]):
                continue  # "is said to", "were reported"
            if pat is lex.patterns[-1] and len(words) > 6:
                continue
            s = m.start("src") + (len(m.group("src")) - len(m.group("src").lstrip()))
            start = min(s, m.start("verb"))
            end = max(m.end("verb"), s + len(name))
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            verb = m.group("verb").lower()
            kind = lex.kind(name)
            if statement and abs(statement.start() - end) < 40 or (
                    statement and statement.start() < start and statement.end() >= start - 4):
                kind = "statement"
                end = max(end, statement.end()) if statement.start() >= end - 1 else end
                start = min(start, statement.start())
            out.append(Attribution(name, kind, start + offset, end + offset,
                                   denial=verb in lex.denial))
            if verb == "told":
                _told(lex, text, m, offset, out, taken)
    out.sort(key=lambda a: a.start)
    return out


def _told(lex: SourceLexicon, text: str, m: re.Match[str], offset: int,
          out: list[Attribution], taken: list[tuple[int, int]]) -> None:
    """'witnesses told AFP': the outlet they told is a second (media) source."""
    t = lex.told.match(text, m.start("verb"))
    if t is None:
        return
    dst = _clean_name(lex.cut.sub("", t.group("dst")))
    if re.fullmatch(r"(?:the\s+)?(?:reporters|journalists|press|media|a\s+news\s+conference|"
                    r"a\s+press\s+conference)", dst, re.I):
        return  # "told reporters": not a second source
    if dst and lex.kind(dst) == "media":
        out.append(Attribution(dst, "media", t.start() + offset, t.start("dst") + len(dst)
                               + offset))
        taken.append((t.start(), t.end()))


# "KABUL (Reuters) -": the agency that filed the story
_DATELINE = re.compile(r"(?m)^[^\S\n]*[A-Z][A-Za-z.'’ ,-]{1,40}\((?P<src>[A-Z][\w.&/ -]{1,30})\)"
                       r"\s*[-–—:]")


def _key(s: Source) -> tuple[str, str]:
    words = re.sub(r"[^\w\s]", " ", s.name.lower()).split()
    head = words[-1].rstrip("s") if words else ""
    return (s.kind if s.kind != "statement" else "statement", head)


class SourceFinder:
    """Fills ``sources`` (and evidence "sources") on every mention."""

    spec: ClassVar[StageSpec] = StageSpec(
        "sources",
        # (which sentences report which event: stages/context.py)
        reads=frozenset({"article", "clean_text", "noise", "doc", "mentions", "sent",
                         "sent_index", "confidence", "event_type", "sub_event_type",
                         "plover_type", "location", "event_date", "background"}),
        fills=frozenset({"sources", "source_notes"}),
    )

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        if wd.doc is None or not wd.mentions:
            return wd
        sents = wd.sentences()
        text = wd.clean_text or wd.text
        cache: dict[int, list[Attribution]] = {}
        for m, group in zip(wd.mentions, event_sentences(wd), strict=True):
            found: list[Attribution] = []
            for i in group:
                if not 0 <= i < len(sents):
                    continue
                if i not in cache:
                    s = sents[i]
                    cache[i] = find_attributions(text[s.start_char: s.end_char], s.start_char)
                found += cache[i]
            _fill(wd, m, found)
        return wd


def _fill(wd: WorkDoc, m: Mention, found: list[Attribution]) -> None:
    sources: list[Source] = []
    denials: list[str] = []
    seen: set[tuple[str, str]] = set()
    for a in found:
        quote = wd.text[a.start: a.end]
        if a.denial:
            denials.append(quote)
            continue
        src = Source(a.name, a.kind, quote)
        if _key(src) in seen:
            continue
        seen.add(_key(src))
        sources.append(src)
        m.add_evidence("sources", a.start, a.end)
    outlets = [(wd.article.outlet, wd.article.outlet)] if wd.article.outlet else []
    dateline = _DATELINE.search((wd.clean_text or wd.text)[:600])
    if dateline is not None and lexicon().kind(dateline.group("src")) == "media":
        outlets.append((dateline.group("src"), wd.text[dateline.start(): dateline.end()]))
        m.add_evidence("sources", dateline.start(), dateline.end())
    for name, quote in outlets:
        if name and all(s.name.lower() != name.lower() for s in sources):
            sources.append(Source(name, "media", quote))
    m.sources = sources
    m.source_notes = SourceNotes(denials=tuple(denials))
