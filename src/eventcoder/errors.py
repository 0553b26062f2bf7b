"""One exception tree: catch ``EventcoderError`` to catch everything eventcoder raises."""

from __future__ import annotations


class EventcoderError(Exception):
    """Base class of every error eventcoder raises on purpose."""


class InputError(EventcoderError):
    """An input could not be read or parsed. ``origin`` names it (path, path:line or '-')."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ResourceError(EventcoderError):
    """A heavy resource (spaCy model, gazetteer, database) is missing or unusable."""


class GazetteerError(ResourceError):
    """The gazetteer could not be built, opened or imported."""


class EvaluationError(EventcoderError):
    """A gold file is malformed."""


class SettingsError(EventcoderError):
    """A setting has an invalid value."""
