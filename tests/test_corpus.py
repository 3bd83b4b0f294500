"""The annotated corpus keeps the coverage it promises: size, jurisdictions, vocabularies,
styles, negatives, modalities, HTML pages and the dev/test split."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractor.evaluate import find_samples, load_gold
from extractor.schema import ACTION_TYPES, MODALITIES, PRODUCT_VOCABULARY

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def samples():
    return {split: find_samples(CORPUS / split) for split in ("dev", "test")}


@pytest.fixture(scope="module")
def golds(samples):
    return [load_gold(sample.gold_path) for split in samples.values() for sample in split]


def test_corpus_size_and_split(samples, golds):
    assert len(samples["dev"]) + len(samples["test"]) >= 60
    assert len(samples["test"]) >= 20
    assert sum(len(g.measures) for g in golds) >= 300


def test_corpus_covers_jurisdictions_actions_instruments_products(golds):
    measures = [m for g in golds for m in g.measures]
    assert len({m.actor.country for m in measures if m.actor.country}) >= 12
    assert {m.action.type for m in measures} == set(ACTION_TYPES)
    assert len({m.instrument.type for m in measures}) >= 8
    products = {p.id for m in measures for p in m.products if p.id in PRODUCT_VOCABULARY}
    assert len(products) >= 30, sorted(products)


def test_corpus_has_every_modality_historical_mentions_and_negatives(golds):
    modalities = Counter(m.modality for g in golds for m in g.measures)
    assert set(MODALITIES) <= set(modalities), modalities
    assert any(m.historical for g in golds for m in g.measures)
    assert sum(1 for g in golds if not g.measures) >= 10


def test_corpus_has_html_pages_with_metadata_and_sidecars(samples):
    pages = [s.article_path for split in samples.values() for s in split if s.article_path.suffix in {".html", ".htm"}]
    assert len(pages) >= 12
    with_sidecar = [p for p in pages if p.with_name(p.stem + ".meta.json").exists()]
    assert with_sidecar, "some HTML pages carry their date in a sidecar"
    assert any('"datePublished"' in p.read_text(encoding="utf-8") for p in pages)
    assert any("article:published_time" in p.read_text(encoding="utf-8") for p in pages)


def test_every_gold_evidence_is_in_its_article(samples):
    from extractor.ingest import read_document

    for split in samples.values():
        for sample in split:
            text = read_document(sample.article_path).text
            gold = json.loads(sample.gold_path.read_text(encoding="utf-8"))
            for index, measure in enumerate(gold["measures"]):
                assert measure["evidence"]["text"] in text, f"{sample.gold_path}: measures[{index}].evidence.text"
