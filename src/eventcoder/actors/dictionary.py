"""The actor dictionary: named actors, generic role nouns and countries, loaded from data files.

Three tables, all read when ``ActorDictionary.load`` is called (never at import):

- ``data/actors.jsonl`` (plus every file in ``Settings.actor_files``, same format): named
  actors with aliases ("ISIS", "al-Shabaab", "US-led coalition"...). A ``{country}`` in a
  name is filled with the country of the event's context ("Islamic State (Syria)").
- ``data/actor_roles.json``: generic role nouns ("gunmen", "protesters", "troops") grouped
  under a name template ("Unidentified Armed Group ({country})").
- ``data/demonyms.tsv`` + ``pycountry``: every country's names, demonyms and capital
  metonyms, used to find the country of a role noun ("Malian soldiers") and to read a bare
  country ("Jordan agreed ...") as its government.

See docs/actors.md for the formats and naming rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from eventcoder.errors import ActorFileError
from eventcoder.model import Actor
from eventcoder.settings import Settings

_WS = re.compile(r"\s+")
_CASE_SENSITIVE = re.compile(r"^[A-Z0-9][A-Z0-9.\-/&]{0,6}$")


def norm(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the key every table is indexed by."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry; ``name`` may hold ``{country}`` (filled from context)."""

    name: str
    type: str | None
    inter: int | None
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    kind: str = "named"  # named | role
    group: str = ""  # role group ("military", "civilians", ...) for role entries
    source: str | None = None


@dataclass(frozen=True)
class CountryRef:
    """What a country word refers to: ``form`` is name | demonym | plural | metonym."""

    iso3: str
    form: str


@dataclass
class ActorDictionary:
    """Lookup tables; build with ``ActorDictionary.load(settings)``."""

    named: dict[str, ActorEntry] = field(default_factory=dict)
    named_exact: dict[str, ActorEntry] = field(default_factory=dict)
    roles: dict[str, ActorEntry] = field(default_factory=dict)
    countries: dict[str, CountryRef] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> ACLED-style name
    templates: dict[str, ActorEntry] = field(default_factory=dict)  # group -> template entry
    max_tokens: int = 8
    first_words: set[str] = field(default_factory=set)  # first word of every key
    # every leading part of every key, normalised ("islamic", "islamic s", ...): a phrase
    # that is not one cannot grow into a key (empty until ``finish``: no pruning)
    prefixes: set[str] = field(default_factory=set)
    place_suffixes: frozenset[str] = frozenset()  # "Niger State": a country word in a place
    reporting_verbs: frozenset[str] = frozenset()  # "officials said": a source, not an actor
    border_nouns: frozenset[str] = frozenset()  # "the Thai border": not where it happened

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, settings: Settings | None = None) -> ActorDictionary:
        """The packaged tables, then every file of ``settings.actor_files`` in order.
        Raises ``ActorFileError`` (the file, or ``file:line``, and why) for a bad file."""
        d = cls()
        data = resources.files("eventcoder") / "data"
        d._load_countries(data.joinpath("demonyms.tsv").read_text(encoding="utf-8"))
        d._load_roles(json.loads(data.joinpath("actor_roles.json").read_text(encoding="utf-8")))
        d.add_jsonl(data.joinpath("actors.jsonl").read_text(encoding="utf-8"), "actors.jsonl")
        d.add_jsonl(data.joinpath("armed_groups.jsonl").read_text(encoding="utf-8"),
                    "armed_groups.jsonl")
        for path in settings.actor_files if settings is not None else ():
            d.add_jsonl(read_actor_file(Path(path)), str(path))
        d.finish()
        return d

    def _load_countries(self, tsv: str) -> None:
        """The curated table first (it wins), then every other pycountry name."""
        import pycountry  # noqa: PLC0415 - heavy table, loaded only here

        for line in tsv.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = (line.split("\t") + ["", "", "", ""])[:5]
            iso3, name, demonyms, names, seats = (col.strip() for col in cols)
            self.country_names.setdefault(iso3, name)
            self.countries.setdefault(norm(name), CountryRef(iso3, "name"))
            for alias in filter(None, names.split("|")):
                self.countries.setdefault(norm(alias), CountryRef(iso3, "name"))
            for dem in filter(None, demonyms.split("|")):
                self.countries.setdefault(norm(dem), CountryRef(iso3, "demonym"))
                if not re.search(r"(s|sh|ch|se|\.)$", dem, re.I):
                    self.countries.setdefault(norm(dem + "s"), CountryRef(iso3, "plural"))
            for seat in filter(None, seats.split("|")):
                self.countries.setdefault(norm(seat), CountryRef(iso3, "metonym"))
        for c in pycountry.countries:
            iso3 = c.alpha_3
            self.country_names.setdefault(iso3, getattr(c, "common_name", None) or c.name)
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value:
                    self.countries.setdefault(norm(value), CountryRef(iso3, "name"))

    def _load_roles(self, data: dict[str, Any]) -> None:
        self.place_suffixes = frozenset(data.get("place_suffixes", ()))
        self.reporting_verbs = frozenset(data.get("reporting_verbs", ()))
        self.border_nouns = frozenset(data.get("border_nouns", ()))
        for group, spec in data["groups"].items():
            template = ActorEntry(
                name=spec["template"],
                type=spec.get("type"),
                inter=spec.get("inter"),
                sector=spec.get("sector"),
                kind="role",
                group=group,
            )
            self.templates[group] = template
            sectors = spec.get("sectors", {})
            for noun in spec["nouns"]:
                sector = sectors.get(noun, template.sector)
                entry = ActorEntry(
                    template.name, template.type, template.inter, None, sector, None, "role", group
                )
                self.roles.setdefault(norm(noun), entry)
                if noun[-1] not in "sy" and " " in noun:  # "foreign minister" -> "... ministers"
                    self.roles.setdefault(norm(noun + "s"), entry)

    def add_jsonl(self, text: str, origin: str = "<string>") -> None:
        """Add named entries (one JSON object a line); later files override earlier ones.
        A line that is not an entry raises ``ActorFileError`` naming ``origin:line``."""
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            entry, aliases = parse_actor_line(line, f"{origin}:{n}")
            for alias in [entry.name, *aliases]:
                if "{" in alias:
                    continue
                if _CASE_SENSITIVE.match(alias):
                    self.named_exact[_WS.sub(" ", alias.strip())] = entry
                else:
                    self.named[norm(alias)] = entry
                self.max_tokens = max(self.max_tokens, len(alias.split()) + 3)
                self.first_words.add(first_word(alias))
                if self.prefixes:
                    self._add_prefixes(norm(alias))

    def finish(self) -> None:
        """Index the first word of every key (a quick filter before phrase lookups)."""
        keys = [*self.named, *self.named_exact, *self.roles, *self.countries]
        self.first_words = {w for k in keys if (w := first_word(k))}
        for k in keys:
            self._add_prefixes(norm(k))

    def _add_prefixes(self, key: str) -> None:
        self.prefixes.update(key[:n] for n in range(1, len(key) + 1))

    def may_grow(self, text: str) -> bool:
        """False when no key starts with ``text`` (normalised): no longer phrase can match."""
        return not self.prefixes or norm(text) in self.prefixes

    def may_start(self, token_text: str) -> bool:
        """False when no entry can start with this token."""
        w = first_word(token_text)
        return bool(w) and w in self.first_words

    # ------------------------------------------------------------------ lookups
    def lookup_named(self, text: str) -> ActorEntry | None:
        exact = self.named_exact.get(_WS.sub(" ", text.strip()))
        if exact is not None:
            return exact
        if _CASE_SENSITIVE.match(text.strip()):
            return None  # an all-caps token must match an all-caps alias exactly
        return self.named.get(norm(text))

    def lookup_role(self, text: str) -> ActorEntry | None:
        return self.roles.get(norm(text))

    def lookup_country(self, text: str) -> CountryRef | None:
        """Country words must be capitalised as written ("Turkey", not "turkey")."""
        t = text.strip()
        if not t or not (t[0].isupper() or t.lower().startswith("the ")):
            return None
        if t.isupper() and len(t) < 5 and not _CASE_SENSITIVE.match(t):
            return None
        return self.countries.get(norm(t))

    def country_name(self, iso3: str | None) -> str | None:
        return self.country_names.get(iso3) if iso3 else None

    # ------------------------------------------------------------------ building actors
    def actor(
        self,
        entry: ActorEntry,
        text: str,
        country: str | None,
        name: str | None = None,
    ) -> Actor:
        """An ``Actor`` from an entry; ``country`` fills ``{country}`` and role countries."""
        iso3 = entry.country or country
        label = name or entry.name
        if "{country}" in label:
            cname = self.country_name(iso3 if entry.kind == "role" else country)
            label = label.replace("{country}", cname) if cname else _strip_template(label)
        return Actor(
            name=label,
            text=text,
            type=entry.type,
            inter=entry.inter,
            country=iso3,
            sector=entry.sector,
            wikidata=entry.wikidata,
        )

    def government(self, iso3: str, text: str) -> Actor:
        return self.actor(self.templates["government"], text, iso3)

    def role_actor(self, group: str, iso3: str | None, text: str) -> Actor:
        return self.actor(self.templates[group], text, iso3)


def read_actor_file(path: Path) -> str:
    """The text of a user's actor file; ``ActorFileError`` when it cannot be read."""
    if path.is_dir():
        raise ActorFileError(str(path), "is a folder, not an actor file (JSON Lines)")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ActorFileError(str(path), f"not valid UTF-8 (byte {exc.start})") from exc
    except OSError as exc:
        raise ActorFileError(str(path), f"cannot read ({exc.strerror or exc})") from exc


_TEXT_FIELDS = ("type", "country", "sector", "wikidata", "source")


def parse_actor_line(line: str, origin: str) -> tuple[ActorEntry, list[str]]:
    """One line of an actor file: the entry and its aliases, or ``ActorFileError(origin)``
    saying what is wrong (docs/actors.md has the format)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ActorFileError(origin, f"not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(row, dict):
        raise ActorFileError(origin, "not a JSON object")
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ActorFileError(origin, "no 'name' string")
    aliases = row.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ActorFileError(origin, "'aliases' must be a list of non-empty strings")
    for key in _TEXT_FIELDS:
        if row.get(key) is not None and not isinstance(row[key], str):
            raise ActorFileError(origin, f"'{key}' must be a string or null")
    inter = row.get("inter")
    if inter is not None and (type(inter) is not int or not 1 <= inter <= 8):
        raise ActorFileError(origin, f"'inter' must be an ACLED code 1..8 or null, not {inter!r}")
    entry = ActorEntry(
        name=name,
        type=row.get("type"),
        inter=inter,
        country=row.get("country"),
        sector=row.get("sector"),
        wikidata=row.get("wikidata"),
        source=row.get("source"),
    )
    return entry, aliases


_WORD = re.compile(r"\w+")


def first_word(text: str) -> str:
    """The first run of word characters, lower-cased ("al-Shabaab" -> "al")."""
    m = _WORD.search(text.replace("\u2019", "'"))
    return m.group(0).lower() if m else ""


def _strip_template(label: str) -> str:
    """``Civilians ({country})`` with no country known: ``Civilians``."""
    out = re.sub(r"\s*\(\{country\}\)", "", label)
    out = re.sub(r"\s+of \{country\}", "", out)
    return out.replace("{country}", "").strip()
