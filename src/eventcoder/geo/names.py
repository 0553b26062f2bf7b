"""Place-name keys: how a name is folded, stripped of articles and reduced to a consonant
skeleton for lookup in the gazetteer, and which aliases are usable names."""

from __future__ import annotations

import re
import unicodedata

from eventcoder.facts.folding import fold

# Arabic (and similar) article prefixes written before a name: "al-Raqqa", "Deir ez-Zor".
ARTICLES = frozenset(
    "al el ad ed as es at et az ez ar er an en ash esh adh dh ul il".split()
)
def name_key(text: str) -> str:
    """The lookup key: folded, leading "the" and Arabic articles dropped ("al-Raqqa" -> "raqqa")."""
    toks = fold(text).split()
    while len(toks) > 1 and (toks[0] in ARTICLES or toks[0] == "the"):
        toks = toks[1:]
    # an article inside a name ("deir ez zor") is dropped too
    toks = [t for i, t in enumerate(toks) if i == 0 or t not in ARTICLES or i == len(toks) - 1]
    return " ".join(toks)


def skeleton(key: str) -> str:
    """A consonant skeleton for fuzzy transliteration matching: "mosul" -> "msl"."""
    out = []
    for tok in key.split():
        t = tok.replace("ou", "u").replace("q", "k").replace("j", "g").replace("dh", "d")
        t = re.sub(r"[aeiouyw']", "", t)
        t = re.sub(r"(.)\1+", r"\1", t)
        if t:
            out.append(t)
    return "".join(out)


def similar_keys(a: str, b: str) -> bool:
    """Two keys with one skeleton are spelling variants only when they start alike and
    have as many words ("Kunduz"/"Kondoz"; not "Anfield"/"Enfield"). A variant that cuts
    the name short ("Helmet" of "Helmetta") is dropped when resolving (geo/toponyms.py)."""
    return bool(a and b) and a[0] == b[0] and len(a.split()) == len(b.split())


def cut_short(short: str, long: str) -> bool:
    """``short`` is ``long`` cut inside a word: a prefix of it followed by more than a
    trailing vowel or "h" ("newcomers" of "newcomerstown", "helmet" of "helmetta")."""
    if short == long or not long.startswith(short):
        return False
    rest = long[len(short):]
    return not rest.startswith(" ") and rest not in ("h", "a", "e", "i", "o", "u", "y")


def usable_alias(alias: str) -> bool:
    """Keep Latin-script aliases that look like names (capitalised, no digits, not codes)."""
    a = alias.strip()
    if len(a) < 3 or any(ch.isdigit() for ch in a):
        return False
    if a.isupper() and len(a) <= 4:
        return False
    first = unicodedata.normalize("NFKD", a[0])[0]
    return first.isascii() and first.isupper() and fold(a).isascii()
