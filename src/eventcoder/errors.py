"""One exception tree: catch ``EventcoderError`` to catch everything eventcoder raises.

Every error names what is at fault and why: ``origin`` is the input (a path, ``path:line``,
a setting or option, ``-`` for standard input) and ``reason`` what is wrong with it;
``str(error)`` is ``"origin: reason"``, the line the command line prints after
``eventcoder: error:``. The errors pickle (a ``--workers`` process hands them back)::

    EventcoderError                 base class
    ├── InputError                  an article input cannot be read or parsed
    ├── RecordError                 an extracted record holds a value out of its range
    ├── SettingsError               a setting or command-line option has an invalid value
    │   └── UnknownValueError       a filter value that names nothing known (did you mean ...)
    ├── OutputError                 an output file cannot be written
    ├── EvaluationError             a gold file is malformed
    ├── PipelineError               the pipeline's steps do not fit together
    └── ResourceError               the spaCy model or another resource is missing/unusable
        ├── ActorFileError          an actor dictionary file is missing or malformed
        ├── GazetteerError          the gazetteer cannot be built, opened or imported
        └── StoreError              a database file cannot be opened or is not a store
            └── StoreBusyError      another process holds the database's lock
"""

from __future__ import annotations


class EventcoderError(Exception):
    """Base class of every error eventcoder raises on purpose: ``origin`` names the input
    at fault, ``reason`` says what is wrong with it."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(origin, reason)
        self.origin = origin
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class InputError(EventcoderError):
    """An input could not be read or parsed. ``origin`` names it (path, path:line or '-')."""


class RecordError(EventcoderError):
    """An extracted record holds a value outside its documented range (a casualty count
    above ``model.MAX_COUNT``, a negative one). ``origin`` names the event (or article);
    the record is rejected with this reason, never stored with the value lost."""


class SettingsError(EventcoderError):
    """A setting or option has an invalid value. ``origin`` names it (``batch_size``,
    ``--workers``)."""


class UnknownValueError(SettingsError):
    """A filter value (a country, an event type, an actor) that names nothing known.
    ``suggestions`` are the nearest known values (``difflib``), best first; the reason
    ends with "did you mean ...?" when there are any."""

    def __init__(self, origin: str, reason: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(origin, reason)
        self.suggestions = tuple(suggestions)
        self.args = (origin, reason, self.suggestions)  # pickles with its suggestions



class OutputError(EventcoderError):
    """An output file or folder could not be written. ``origin`` is its path."""


class EvaluationError(EventcoderError):
    """A gold file is malformed or cannot be read (``origin``: path or path:line), or the
    pipeline under evaluation answered out of step with it."""


class PipelineError(EventcoderError):
    """The pipeline's steps do not fit together: a step reads a field that no earlier step
    fills, or a stage's field is read before that stage ran. ``origin`` names the step (or
    the field)."""


class ResourceError(EventcoderError):
    """A resource (spaCy model, actor file, gazetteer, database) is missing or unusable."""


class ActorFileError(ResourceError):
    """An actor dictionary file (``Settings.actor_files``) cannot be read, or a line of it
    is not an actor entry. ``origin`` is the path, or ``path:line`` for a bad line."""


class GazetteerError(ResourceError):
    """The gazetteer could not be built, opened or imported. ``origin`` is the gazetteer
    file, or the GeoNames dump file (``path:line``) being imported."""


class StoreError(ResourceError):
    """A database file could not be opened, or is not an eventcoder store. ``origin`` is
    its path."""


class StoreBusyError(StoreError):
    """Another process held the database's lock for longer than the caller would wait."""
