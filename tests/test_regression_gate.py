"""The regression gate: the real extractor on corpus/dev and corpus/test against floors.json.

Fails (never skips) when floors.json is missing, when the corpus differs from the one the
floors were measured on, or when any headline metric falls below its floor (or the
hypothetical-as-factual count rises above its ceiling). Floors move only through
``make floors`` (``python -m extractor.floors``), after review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import evaluate, floors

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
FLOORS = REPO / "floors.json"
HINT = "run `make floors` after reviewing the change"


@pytest.fixture(scope="module")
def pinned() -> dict:
    if not FLOORS.exists():
        pytest.fail(f"floors.json is missing at the repository root: {HINT}")
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def test_corpus_is_the_one_the_floors_were_measured_on(pinned):
    actual = floors.corpus_sha256(CORPUS)
    assert pinned.get("corpus_sha256") == actual, (
        f"the corpus changed since the floors were pinned (sha256 {pinned.get('corpus_sha256')} -> {actual}): {HINT}")


@pytest.mark.parametrize("split", floors.SPLITS)
def test_metrics_stay_above_their_floors(pinned, split):
    assert split in pinned["metrics"], f"floors.json has no floors for {split}: {HINT}"
    measured = evaluate.evaluate_corpus(CORPUS / split).headline()
    below = floors.regressions({split: pinned["metrics"][split]}, {split: measured})
    assert not below, "metrics below their floors:\n" + "\n".join(below)
