"""Shared fixtures: the real spaCy pipeline and the pattern rules, loaded once per session."""

from __future__ import annotations

import pytest

from extractor import Settings, extract
from extractor.nlp import load_pipeline
from extractor.patterns import rules_by_id


@pytest.fixture(scope="session")
def nlp():
    """The process-wide pipeline (statistical model + segmenter + trade ruler)."""
    return load_pipeline()


@pytest.fixture(scope="session")
def rules():
    """Every pattern rule of the default pattern folder, by id."""
    return rules_by_id(Settings().patterns_dir)


@pytest.fixture(scope="session")
def extract_text(nlp):
    """``extract`` with the session's pipeline already built; memoised per (text, published)."""
    cache: dict[tuple[str, str | None], object] = {}

    def run(text: str, published: str | None = "2025-06-01"):
        key = (text, published)
        if key not in cache:
            cache[key] = extract(text, published=published)
        return cache[key]

    return run
