"""Fixed-length token patterns matched by looking words up, not by trying every pattern at every token.

spaCy's ``Matcher`` tries each token pattern at each token, so its cost grows with the
number of patterns times the length of the text; with two hundred rules it was the most
expensive step after the statistical model. Most rules are a fixed sequence of simple token
tests whose first token names a word or a few ("impose", {"LEMMA": {"IN": ["lift",
"scrap"]}}). :class:`FixedPatterns` indexes those by that first word, so a text costs one
dictionary lookup per token and attribute, and only the few candidates are checked in full.

A pattern qualifies when every token is a mapping of ``ORTH``, ``LOWER``, ``LEMMA``,
``POS``, ``TAG``, ``DEP`` (a string, or ``{"IN": [...]}`` / ``{"NOT_IN": [...]}``) or
``IS_PUNCT`` (a boolean), with no ``OP``, and its first token tests ``ORTH``, ``LOWER`` or
``LEMMA`` by value or ``IN``. Others stay with the span ruler's ``Matcher``. The matches are
the ones the ``Matcher`` would give: same tests, same spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

TEXT_ATTRS = {"ORTH": "orth_", "LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "TAG": "tag_", "DEP": "dep_"}
INDEX_ATTRS = ("ORTH", "LOWER", "LEMMA")

TokenTest = Callable[[Token], bool]


@dataclass(frozen=True)
class _Entry:
    label: str
    rule_id: str
    tests: tuple[TokenTest, ...]


class FixedPatterns:
    """Fixed-length token patterns, indexed by the word their first token names."""

    def __init__(self) -> None:
        self.index: dict[str, dict[str, list[_Entry]]] = {attr: defaultdict(list) for attr in INDEX_ATTRS}

    def add(self, label: str, rule_id: str, pattern: list[dict]) -> bool:
        """Take the pattern if it qualifies (see the module docstring); say whether it did."""
        tests = [_token_test(spec) for spec in pattern]
        key = _index_key(pattern[0]) if pattern else None
        if key is None or not all(tests):
            return False
        attr, values = key
        entry = _Entry(label, rule_id, tuple(tests))
        for value in values:
            self.index[attr][value].append(entry)
        return True

    def __call__(self, doc: Doc) -> set[Span]:
        """Every match in the doc, as spans labelled and id'd like the span ruler's."""
        found = set()
        size = len(doc)
        for token in doc:
            for attr, table in self.index.items():
                for entry in table.get(getattr(token, TEXT_ATTRS[attr]), ()):
                    end = token.i + len(entry.tests)
                    if end <= size and all(test(doc[token.i + offset]) for offset, test in enumerate(entry.tests)):
                        found.add(Span(doc, token.i, end, label=entry.label, span_id=entry.rule_id))
        return found


def _index_key(spec: dict) -> tuple[str, list[str]] | None:
    """The attribute and the values the first token is looked up by, if it names words."""
    for attr in INDEX_ATTRS:
        value = spec.get(attr)
        if isinstance(value, str):
            return attr, [value]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, list(value["IN"])
    return None


def _token_test(spec: dict) -> TokenTest | None:
    """A function testing one token as the Matcher would, or None when the spec is not simple."""
    tests = []
    for attr, value in spec.items():
        if attr == "IS_PUNCT" and isinstance(value, bool):
            tests.append(lambda token, expected=value: token.is_punct == expected)
        elif attr in TEXT_ATTRS and (test := _value_test(TEXT_ATTRS[attr], value)) is not None:
            tests.append(test)
        else:
            return None
    if not tests:
        return None
    return tests[0] if len(tests) == 1 else (lambda token: all(test(token) for test in tests))


def _value_test(name: str, value: object) -> TokenTest | None:
    if isinstance(value, str):
        return lambda token: getattr(token, name) == value
    if isinstance(value, dict) and len(value) == 1:
        (operator, items), = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(items, list):
            allowed = frozenset(items)
            if operator == "IN":
                return lambda token: getattr(token, name) in allowed
            return lambda token: getattr(token, name) not in allowed
    return None
