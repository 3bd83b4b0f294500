"""The worked example of the specification (shared/seed beside the repository) end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
if not (SEED / "seed-article.txt").is_file() or not (SEED / "seed-article.gold.json").is_file():
    pytest.skip(f"no seed article in {SEED}", allow_module_level=True)

GOLD = json.loads((SEED / "seed-article.gold.json").read_text(encoding="utf-8"))
NOT_FACTUAL = {"hypothetical", "negated"}


def _tuple(record) -> tuple:
    if isinstance(record, dict):
        return record["actor"]["country"], record["action"]["type"], record["instrument"]["type"]
    return record.actor.country, record.action.type, record.instrument.type


GOLD_FACTUAL = sorted({_tuple(m) for m in GOLD["measures"] if m["modality"] not in NOT_FACTUAL})
GOLD_HYPOTHETICAL = [_tuple(m) for m in GOLD["measures"] if m["modality"] == "hypothetical"]


@pytest.fixture(scope="module")
def article(nlp):
    text = (SEED / "seed-article.txt").read_text(encoding="utf-8")
    return extract(text, published="2025-11-08", doc_id="seed-article")


@pytest.fixture(scope="module")
def factual(article):
    return {_tuple(m) for m in article.measures if m.modality not in NOT_FACTUAL}


def test_gold_has_nine_factual_tuples_and_one_hypothetical():
    assert len(GOLD_FACTUAL) == 9
    assert GOLD_HYPOTHETICAL == [("USA", "impose", "entity_list")]


@pytest.mark.parametrize("expected", GOLD_FACTUAL, ids=["-".join(t) for t in GOLD_FACTUAL])
def test_factual_gold_tuple_is_extracted_as_factual(factual, expected):
    assert expected in factual


def test_hypothetical_entity_list_is_not_emitted_as_factual(article, factual):
    assert ("USA", "impose", "entity_list") not in factual
    # it is still there, as what it is
    assert any(_tuple(m) == ("USA", "impose", "entity_list") and m.modality == "hypothetical"
               for m in article.measures)


def _records(article, key):
    found = [m for m in article.measures if _tuple(m) == key and m.modality not in NOT_FACTUAL]
    assert found, f"no factual {key} record"
    return found


def test_usa_tariff_reduction_is_ten_percentage_points(article):
    magnitudes = {(g.value, g.unit, g.kind) for m in _records(article, ("USA", "reduce", "tariff")) for g in m.magnitudes}
    assert (10.0, "percentage_point", "change") in magnitudes
    assert not any(unit == "percent" and value == 10.0 for value, unit, _ in magnitudes)


def test_usa_reciprocal_tariffs_delayed_until_november_10_2026(article):
    records = _records(article, ("USA", "delay", "tariff"))
    assert any(("until", "2026-11-10") in {(d.role, d.value) for d in m.dates} for m in records)


def test_chn_suspension_lasts_a_year_and_was_announced_on_friday(article):
    records = _records(article, ("CHN", "suspend", "export_control"))
    assert any(m.duration is not None and m.duration.value == "P1Y"
               and ("announced", "2025-11-07") in {(d.role, d.value) for d in m.dates}
               for m in records)
