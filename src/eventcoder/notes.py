"""Notes: an ACLED-style one- or two-sentence summary written from an event's fields."""

from __future__ import annotations

from .document import Mention


def _date_words(m: Mention) -> str:
    if m.event_date is None:
        return "On an unknown date"
    d = m.event_date
    if m.date_precision == "month":
        return f"In {d.strftime('%B %Y')}"
    if m.date_precision == "week":
        return f"In the week of {d.day} {d.strftime('%B %Y')}"
    return f"On {d.day} {d.strftime('%B %Y')}"


def write_note(m: Mention) -> str:
    who = m.actor1.name if m.actor1 else "unidentified actors"
    what = (m.sub_event_type or m.plover_type.lower()).lower()
    whom = f" against {m.actor2.name}" if m.actor2 else ""
    where = ""
    if m.location is not None:
        admin = f" ({m.location.admin1})" if m.location.admin1 else ""
        where = f" in {m.location.name}{admin}"
    note = f"{_date_words(m)}, {who}: {what}{whom}{where}."
    if m.fatalities:
        note += f" {m.fatalities} reportedly killed."
    if m.injured:
        note += f" {m.injured} injured."
    return note
