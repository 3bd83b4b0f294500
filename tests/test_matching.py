"""Fixed-length patterns looked up by word give exactly the matches of spaCy's Matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from extractor.matching import FixedPatterns

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev"


@pytest.fixture(scope="module")
def docs(nlp):
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))[:25]]
    return list(nlp.pipe(texts))


def test_the_index_takes_most_token_rules_and_matches_as_the_matcher_does(rules, docs, nlp):
    fixed, matcher = FixedPatterns(), Matcher(nlp.vocab)
    taken = 0
    for rule in rules.values():
        for entry in rule.ruler_entries():
            if not isinstance(entry["pattern"], str) and fixed.add(entry["label"], entry["id"], entry["pattern"]):
                matcher.add(entry["id"], [entry["pattern"]])
                taken += 1
    assert taken >= 150
    for doc in docs:
        expected = {(start, end, nlp.vocab.strings[key]) for key, start, end in matcher(doc)}
        assert {(span.start, span.end, span.id_) for span in fixed(doc)} == expected


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "export", "OP": "?"}, {"LOWER": "ban"}],  # an optional token
    [{"POS": "VERB"}, {"LOWER": "up"}],  # the first token names no word
    [{"LOWER": {"REGEX": "^ex"}}],  # a regular expression
    [{"LEMMA": {"NOT_IN": ["ban"]}}],  # a first token that excludes words
    [{"LOWER": "ban", "ENT_TYPE": "ORG"}],  # an attribute the index does not test
])
def test_patterns_the_index_leaves_to_the_matcher(pattern):
    assert FixedPatterns().add("ACTION", "x", pattern) is False


def test_merged_spans_are_those_of_one_ruler(nlp, docs):
    """The pipeline's spans: sorted, without duplicates, and holding both kinds of rules."""
    doc = docs[0]
    spans = list(doc.spans["trade"])
    assert spans == sorted(set(spans))
    fixed = nlp.get_pipe("trade_fixed").patterns(doc)
    assert fixed and fixed <= set(spans) and set(spans) - fixed
