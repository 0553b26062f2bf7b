"""ACLED's interaction code: the two actors' inter codes (1..8), lower first, as two digits;
one actor alone gives N0 (e.g. 10: state forces acting alone)."""

from __future__ import annotations

from typing import Protocol


class HasInter(Protocol):
    @property
    def inter(self) -> int | None: ...


def interaction_code(actor1: HasInter | None, actor2: HasInter | None) -> int | None:
    """The interaction code of two actors, or None when neither has an inter code.

    >>> class A:
    ...     def __init__(self, inter): self.inter = inter
    >>> interaction_code(A(8), A(1)), interaction_code(A(3), None), interaction_code(None, None)
    (18, 30, None)
    """
    codes = sorted(a.inter for a in (actor1, actor2) if a is not None and a.inter is not None)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
