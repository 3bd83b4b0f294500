"""Golden-file test of corpus/dev/seed-events-retold: every gold record, field by field.

A gold record is matched to the predicted record with the same (actor, action, instrument)
whose trigger lies inside the gold evidence; its products, partners, magnitudes, dates,
duration, modality and historical flag must then equal the gold ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract_path
from extractor.schema import GoldFile

ARTICLE = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "seed-events-retold.txt"
GOLD = GoldFile.model_validate_json(ARTICLE.with_name("seed-events-retold.gold.json").read_text(encoding="utf-8"))

# Gold records the extractor gets wrong, by index: the reason is the defect.
KNOWN_DEFECTS = {
    2: "products: 'rare earths' hangs under 'covered goods made abroad with ... amounts of', 5 arcs from the "
       "instrument 'controls' and 6 from 'imposed'; link._nearest_link drops arguments beyond "
       "MAX_ARGUMENT_COST=4, so the historical record gets no rare_earths",
}


@pytest.fixture(scope="module")
def article(nlp):
    return extract_path(ARTICLE)


def test_article_metadata(article):
    assert article.doc_id == GOLD.doc_id == "seed-events-retold"
    assert article.published == GOLD.published == "2025-11-08"
    assert article.warnings == []
    assert 8 <= len(GOLD.measures) <= 12
    for gold in GOLD.measures:
        assert article.text.count(gold.evidence.text) == 1, gold.evidence.text


def _tuple(measure) -> tuple:
    return measure.actor.country, measure.action.type, measure.instrument.type


def _match(article, gold):
    start = article.text.index(gold.evidence.text)
    end = start + len(gold.evidence.text)
    candidates = [m for m in article.measures if _tuple(m) == _tuple(gold) and start <= m.action.start < end]
    return candidates[0] if candidates else None


def _fields(measure) -> dict:
    return {
        "instrument.subtype": measure.instrument.subtype,
        "products": sorted(p.id or "" for p in measure.products),
        "partners": sorted(p.country or "" for p in measure.partners),
        "magnitudes": sorted((float(g.value), g.unit, g.kind) for g in measure.magnitudes),
        "dates": sorted((d.role, d.value or "", d.mod or "") for d in measure.dates),
        "duration": measure.duration.value if measure.duration else None,
        "modality": measure.modality,
        "historical": measure.historical,
    }


def _params():
    return [pytest.param(index, id=f"{index}-{'-'.join(map(str, _tuple(gold)))}-{gold.action.text}",
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[index])]
                         if index in KNOWN_DEFECTS else [])
            for index, gold in enumerate(GOLD.measures)]


@pytest.mark.parametrize("index", _params())
def test_gold_record(article, index):
    gold = GOLD.measures[index]
    predicted = _match(article, gold)
    assert predicted is not None, (
        f"no {_tuple(gold)} record with its trigger inside {gold.evidence.text!r}; got "
        f"{json.dumps([(_tuple(m), m.action.text) for m in article.measures])}")
    assert predicted.action.text == gold.action.text
    assert predicted.direction == (gold.direction or predicted.direction)
    assert _fields(predicted) == _fields(gold)
