"""Notes: an ACLED-style one- or two-sentence summary written from an event's fields.

First sentence: date, actor1, what happened (``data/note_phrases.json``, by ACLED sub-event
type, else PLOVER type), actor2, place (and admin1). Second sentence: the casualty figures,
with the first reported wording ("Over 100") and the range when reports differ. Deterministic:
the same fields always give the same note.

    On 2 May 2022, Military Forces of Russia shelled Civilians (Ukraine) in Kharkiv
    (Ukraine). 2 civilians were reportedly killed; 9 were injured.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from eventcoder.document import Mention, filled
from eventcoder.stages.casualties import lexicon


@lru_cache(maxsize=1)
def _phrases() -> dict[str, Any]:
    with resources.files("eventcoder.data").joinpath("note_phrases.json").open(
            encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _date_words(m: Mention) -> str:
    if m.event_date is None:
        return "On an unknown date"
    d = m.event_date
    if m.date_precision == "month":
        words = f"In {d.strftime('%B %Y')}"
    elif m.date_precision == "week":
        words = f"In the week of {d.day} {d.strftime('%B %Y')}"
    else:
        words = f"On {d.day} {d.strftime('%B %Y')}"
    if m.date_source == "publication":
        words = f"On or before {d.day} {d.strftime('%B %Y')}"
    return words


def _what(m: Mention) -> str:
    table = _phrases()
    entry = table["sub_event_type"].get(m.sub_event_type or "") or table["plover_type"].get(
        m.plover_type, {"target": "acted against {target}", "alone": "were involved in an event"})
    if m.actor2 is not None:
        return str(entry["target"]).format(target=m.actor2.name)
    return str(entry["alone"])


def _where(m: Mention) -> str:
    loc = m.location
    if loc is None:
        return ""
    prep = "near" if loc.geo_precision == 2 else "in"
    extra = loc.admin1 if loc.admin1 and loc.admin1 != loc.name else loc.country
    if extra and extra != loc.name:
        return f" {prep} {loc.name} ({extra})"
    return f" {prep} {loc.name}"


def _modifier(m: Mention) -> str:
    """The wording of the coded figure in its phrases: 'Over', 'At least', 'About'."""

    lex = lexicon()
    for phrase in filled(m.fatalities_text, "fatalities_text"):
        for n in lex.numbers(phrase):
            found = lex.number.match(phrase, n.start)
            if n.value == m.fatalities and found is not None and found.group("mod"):
                mod = found.group("mod")
                return mod[:1].upper() + mod[1:].lower() + " "
    return ""


def _count_sentence(m: Mention) -> str:
    parts = []
    fatalities = filled(m.fatalities, "fatalities")
    notes = filled(m.casualty_notes, "casualty_notes")
    if fatalities > 0:
        mod = _modifier(m)
        victims = notes.victims
        attackers = m.attacker_fatalities or 0
        who = f" {victims[0]}" if victims and len(str(victims[0]).split()) <= 4 and (
            ";" not in victims[0] and not attackers) else ""  # (a list: no one word)
        verb = "was" if fatalities == 1 and not mod else "were"
        part = f"{mod}{fatalities}{who} {verb} reportedly killed"
        if attackers:
            share = "the attacker" if attackers == 1 else f"{attackers} attackers"
            part += (f", including {share}" if attackers < fatalities
                     else f" ({share})" if attackers == 1 else " (all of them attackers)")
        if m.fatalities_low is not None and m.fatalities_high is not None and (
                m.fatalities_high > m.fatalities_low):
            part += f" (reports range from {m.fatalities_low} to {m.fatalities_high}; " \
                    f"lowest figure coded)"
        parts.append(part[:1].upper() + part[1:])
    elif m.fatalities_text:
        parts.append("No fatalities were reported")
    if m.injured:
        hurt = notes.injured_victims
        w = f" {hurt[0]}" if hurt and len(str(hurt[0]).split()) <= 4 else ""
        parts.append(f"{m.injured}{w} {'was' if m.injured == 1 else 'were'} injured")
    if m.arrested:
        parts.append(f"{m.arrested} {'was' if m.arrested == 1 else 'were'} arrested")
    if not parts:
        return ""
    text = "; ".join(parts)
    return " " + text[:1].upper() + text[1:] + "."


def write_note(m: Mention) -> str:
    who = m.actor1.name if m.actor1 else "Unidentified actors"
    first = f"{_date_words(m)}, {who} {_what(m)}{_where(m)}."
    if m.background:
        first = first[:-1] + " (an earlier event recalled in the report)."
    first = re.sub(r"\s+", " ", first)
    return first + _count_sentence(m)
