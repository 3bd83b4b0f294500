"""The relevance gate: it never turns away an article that holds a measure, and skips most other news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.inputs import load, plan
from extractor.relevance import is_relevant

REPO = Path(__file__).resolve().parent.parent


def documents(folder: Path):
    return [load(item) for item in plan([folder]) if item.doc_id and not item.error and not item.skipped]


def gold_measures(source: str) -> list:
    path = Path(source)
    gold = path.with_name(path.name[: -len(path.suffix)] + ".gold.json")
    return json.loads(gold.read_text(encoding="utf-8"))["measures"] if gold.is_file() else []


def test_every_corpus_article_with_a_gold_measure_passes_the_gate():
    held = [document for document in documents(REPO / "corpus") if gold_measures(document.source)]
    assert len(held) >= 80
    dropped = [document.doc_id for document in held if not is_relevant(document.text)]
    assert dropped == []


def test_most_off_topic_news_is_turned_away():
    off_topic = documents(REPO / "bench" / "offtopic")
    assert len(off_topic) >= 20
    passed = [document.doc_id for document in off_topic if is_relevant(document.text)]
    assert len(passed) / len(off_topic) <= 0.25, passed


@pytest.mark.parametrize("text, relevant", [
    ("Indonesia will halt nickel ore exports from January.", True),
    ("Washington raised tariffs on Chinese goods.", True),
    ("The EU adopted a new sanctions package.", True),
    ("Japan said it would not lift the ban on Chinese seafood.", True),  # no trade word: a ban next to a country
    ("China halted purchases of American soybeans.", True),
    ("Beijing blocked Lithuanian goods at the border.", True),
    ("The Commerce Department added 140 firms to the Entity List.", True),
    ("China said exporters of rare earths will require a licence.", True),
    ("JAKARTA, Sept 2 - The country will halt exports of nickel ore.", True),
    ("China's exports rose 5% in March.", True),  # leaning to recall: trade statistics pass
    ("Exports rose 5% in March.", False),  # no actor in the sentence
    ("Exports are an important part of the economy.", False),  # trade words, but no action in the sentence
    ("The school banned phones in classrooms.", False),
    ("They banned us from the park.", False),  # "us", not "US"
    ("Shares rose 2% as the central bank held rates.", False),
    ("The striker scored twice in the derby.", False),
    ("It was an important day.", False),  # "important" is not "import"
])
def test_gate_cases(text, relevant):
    assert is_relevant(text) is relevant


def test_a_gated_article_is_not_parsed_and_says_so(extract_text):
    article = extract_text("Storm brings flooding to the valley\n\nHeavy rain closed roads on Monday.")
    assert article.measures == []
    assert any("relevance gate" in warning for warning in article.warnings)


def test_the_gate_can_be_turned_off(nlp):
    from extractor import Settings, extract

    text = "The school banned phones in classrooms."
    assert not any("relevance gate" in w for w in extract(text, settings=Settings(relevance_gate=False)).warnings)
