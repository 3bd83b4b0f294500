"""Pattern files: every rule's examples fire, its counter-examples make no record, and bad
pattern files are rejected with the file, the line and the key."""

from __future__ import annotations

import json
import re

import pytest

from extractor import Settings
from extractor.patterns import PatternError, load_rules
from extractor.recognize import find_mentions

RULES = load_rules(Settings().patterns_dir)

# Examples that fail because of an extractor defect: "<rule id>#<index>" -> reason.
# (action.increase.verb#0-2, shadowed by action.increase.participle, were fixed in the tree.)
KNOWN_DEFECTS: dict[str, str] = {}


def _params(kind: str):
    params = []
    for rule in RULES:
        for index, text in enumerate(getattr(rule, kind)):
            test_id = f"{rule.id}#{index}" if kind == "examples" else f"{rule.id}#counter{index}"
            reason = KNOWN_DEFECTS.get(test_id)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(rule.id, text, id=test_id, marks=marks))
    return params


def test_every_rule_has_examples_and_the_files_hold_every_family():
    assert all(rule.examples for rule in RULES)
    assert {rule.label for rule in RULES} == {"PARTY", "ACTION", "INSTRUMENT", "PRODUCT", "FLOW", "CUE"}
    assert len(_params("examples")) >= len(RULES)


@pytest.mark.parametrize("rule_id, example", _params("examples"))
def test_example_yields_a_surviving_mention_of_its_rule(nlp, rules, rule_id, example):
    mentions = find_mentions(nlp(example), rules)
    found = {m.rule.id for group in (mentions.parties, mentions.triggers, mentions.instruments,
                                     mentions.products, mentions.flows, mentions.cues) for m in group}
    assert rule_id in found, f"{rule_id} did not survive in {example!r}; found {sorted(found)}"


@pytest.mark.parametrize("rule_id, counter_example", _params("counter_examples"))
def test_counter_example_makes_no_record_of_its_rule(extract_text, rule_id, counter_example):
    article = extract_text(counter_example, "2025-06-01")
    offending = [(m.action.text, m.provenance) for m in article.measures if rule_id in m.provenance]
    assert offending == []


def test_counter_examples_exist():
    assert len(_params("counter_examples")) >= 10


# --------------------------------------------------------------------------------------
# Validation of pattern files

GOOD = {"id": "action.frob.verb", "label": "ACTION", "pattern": [{"LEMMA": "frobnicate"}],
        "action": "impose", "examples": ["Ruritania frobnicated tariffs on cheese."]}


def _line(**changes) -> str:
    rule = {**GOOD, **changes}
    return json.dumps({k: v for k, v in rule.items() if v is not ...})


def _load_error(folder) -> str:
    with pytest.raises(PatternError) as raised:
        load_rules(folder)
    return str(raised.value)


def test_a_valid_file_loads(tmp_path):
    (tmp_path / "ok.jsonl").write_text("// a comment\n\n" + _line() + "\n", encoding="utf-8")
    assert [rule.id for rule in load_rules(tmp_path)] == ["action.frob.verb"]


def test_bad_json_names_file_and_line(tmp_path):
    (tmp_path / "broken.jsonl").write_text(_line() + "\n" + '{"id": "action.x.verb", "label": ' + "\n",
                                           encoding="utf-8")
    message = _load_error(tmp_path)
    assert re.search(r"\bbroken\.jsonl:2\b", message), message
    assert "JSON" in message


@pytest.mark.parametrize("line, key", [
    (_line(colour="red"), "colour"),
    (_line(examples=...), "examples"),
    (_line(examples=[]), "examples"),
    (_line(action="frobnicate"), "action"),
    (_line(label="VERB"), "label"),
], ids=["unknown_key", "missing_examples", "empty_examples", "unknown_action_type", "unknown_label"])
def test_invalid_rule_names_file_line_and_key(tmp_path, line, key):
    # line 1 valid (another id), line 2 a comment, line 3 blank, line 4 the bad rule
    (tmp_path / "rules.jsonl").write_text(_line(id="action.fine.verb") + "\n// note\n\n" + line + "\n",
                                          encoding="utf-8")
    message = _load_error(tmp_path)
    assert re.search(r"\brules\.jsonl:4\b", message), message
    assert re.search(rf"\b{key}\b", message.replace("action.frob.verb", "")), message


def test_unknown_action_type_names_the_value(tmp_path):
    (tmp_path / "rules.jsonl").write_text(_line(action="frobnicate") + "\n", encoding="utf-8")
    message = _load_error(tmp_path)
    assert "frobnicate" in message and "rules.jsonl:1" in message


@pytest.fixture
def duplicated(tmp_path):
    product = {"id": "product.dup", "label": "PRODUCT", "pattern": "dup", "product": None, "examples": ["dup"]}
    (tmp_path / "a.jsonl").write_text(json.dumps(product) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_line() + "\n" + json.dumps({**product, "pattern": "dupe"}) + "\n",
                                      encoding="utf-8")
    return tmp_path


def test_duplicate_id_across_files_names_both_files_and_the_id(duplicated):
    message = _load_error(duplicated)
    assert "b.jsonl" in message and "a.jsonl" in message and "product.dup" in message


def test_duplicate_id_across_files_names_the_line(duplicated):
    message = _load_error(duplicated)
    assert re.search(r"\bb\.jsonl:2\b", message), message
