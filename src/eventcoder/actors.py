"""Actors: who did it and to whom, named in ACLED's style."""

from __future__ import annotations

from .document import WorkDoc


class ActorDictionary:
    """Known actors and role nouns. (First version: empty.)"""

    @classmethod
    def load(cls, settings: object = None) -> ActorDictionary:
        return cls()


class ActorTagger:
    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    def __call__(self, wd: WorkDoc) -> WorkDoc:
        return wd
