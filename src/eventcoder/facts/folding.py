"""Text folding: the two ways names are compared, in one place.

- ``fold``: gazetteer keys. Lower case, accents removed, apostrophes dropped, other
  punctuation to spaces; letters outside ASCII are kept ("U.S." -> "u s").
- ``fold_ascii``: comparing names written in different sources (actor names, gold labels).
  Lower case, accents removed, dots and apostrophes dropped, only ASCII letters and digits
  kept ("U.S." -> "us").
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "", "'": "", "`": "", "ʿ": "", "ʾ": "", "‘": ""})


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Gazetteer key folding.

    >>> fold("Deir ez-Zōr")
    'deir ez zor'
    """
    t = _strip_accents(text.translate(_APOSTROPHES)).lower()
    t = re.sub(r"[^0-9a-z\u0080-\uffff]+", " ", t)
    return " ".join(t.split())


def fold_ascii(text: str) -> str:
    """Name comparison folding.

    >>> fold_ascii("U.S.-led Coalition")
    'us led coalition'
    """
    plain = _strip_accents(text).lower()
    plain = re.sub(r"[.'’ʿʾ`]", "", plain)
    return " ".join(re.findall(r"[a-z0-9]+", plain))
