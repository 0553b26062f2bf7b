"""News media, in one place: outlets report events; they never take part in them.

``is_outlet(name)``: a news outlet, agency or broadcaster, from the packaged list
(``data/outlets.txt``) or by its last word ("Lusa news agency", "Syrian state
television", "the Daily Star"). Used by the actor tagger: an outlet is never actor1 or
actor2.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from eventcoder.facts.folding import fold_ascii

# the last word of an organisation's name that makes it a news medium
_MEDIA_HEADS = frozenset({
    "news", "newspaper", "television", "tv", "radio", "broadcasting", "broadcaster",
    "gazette", "herald", "tribune", "journal", "magazine", "telegraph", "chronicle",
    "newsweek", "times", "dispatch", "courier", "inquirer",
})
_MEDIA_PAIRS = ("news agency", "press agency", "news service", "state media", "state tv")


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    text = resources.files("eventcoder").joinpath("data", "outlets.txt").read_text("utf-8")
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(_key(n) for n in names if n)


def _key(name: str) -> str:
    key = fold_ascii(name.replace("-", " "))
    if key.startswith("the "):
        key = key[4:]
    if key.endswith(" s"):
        key = key[:-2]
    return key


def is_outlet(name: str) -> bool:
    """A news outlet, agency or broadcaster ("Reuters", "the Guardian", "AFP", "Lusa news
    agency", "Radio Free Asia", "state television")."""
    key = _key(name)
    if not key:
        return False
    if key in _outlets():
        return True
    words = key.split()
    if any(key.endswith(p) for p in _MEDIA_PAIRS):
        return True
    if len(words) >= 2 and words[-1] in _MEDIA_HEADS and words[-2] not in ("police", "army"):
        return True
    return len(words) >= 2 and words[0] in ("radio", "television", "tv")
