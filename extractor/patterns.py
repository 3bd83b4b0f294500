"""Pattern files: loading and validation of the rules in ``patterns/*.jsonl``.

Each line is one rule in spaCy's SpanRuler format (``label``, ``pattern``, ``id``) plus the
value it stands for and its own examples. Lines are validated strictly when they load;
a bad line raises ``PatternError`` naming the file, the line and the key.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .schema import ACTION_TYPES, INSTRUMENT_TYPES

Label = Literal["PARTY", "ACTION", "INSTRUMENT", "PRODUCT", "FLOW", "CUE"]
CueCategory = Literal[
    "planned", "agreed", "threatened", "proposed", "hypothetical", "negated", "historical",
    "announce", "joint", "coming_into_force", "pseudo",
]


class PatternError(ValueError):
    """A pattern file line that does not follow the pattern format."""


class PatternRule(BaseModel):
    """One line of a pattern file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]+(\.[a-z0-9_]+)+$")
    label: Label
    pattern: str | list[dict[str, Any]]
    variants: list[str | list[dict[str, Any]]] = []   # further surface forms of the same rule
    examples: list[str] = Field(min_length=1)
    counter_examples: list[str] = []
    # The value the rule stands for; which key applies depends on the label.
    country: str | None = None          # PARTY: ISO alpha-3 or EUU; null for a region or a generic institution
    generic: bool = False               # PARTY: "the ministry", resolved to a country from context
    action: str | None = None           # ACTION: action type
    noun: bool = False                  # ACTION: the trigger is an action noun
    into_force: bool = False            # ACTION: "take effect", the subject names the measure
    needs_instrument_object: bool = False   # ACTION: a trigger only with an instrument as its object
    modality: Literal["planned", "agreed", "threatened", "proposed"] | None = None   # ACTION: its own modality
    after_party: bool = False           # ACTION: a trigger only right after a named party ("India lifts ...")
    instrument: str | None = None       # INSTRUMENT, or ACTION with an implied instrument
    subtype: str | None = None          # INSTRUMENT
    product: str | None = None          # PRODUCT id (null: a product outside the vocabulary)
    flow: Literal["export", "import"] | None = None   # FLOW: a trade flow ("exports")
    cue: CueCategory | None = None      # CUE: ConText category
    direction: Literal["forward", "backward", "bidirectional"] = "forward"
    note: str | None = None

    @model_validator(mode="after")
    def _value_fits_label(self) -> PatternRule:
        required = {"PARTY": "country", "ACTION": "action", "INSTRUMENT": "instrument",
                    "FLOW": "flow", "CUE": "cue"}.get(self.label)
        if required and required not in self.model_fields_set:
            raise ValueError(f"a {self.label} rule needs the key '{required}'")
        if required and required != "country" and getattr(self, required) is None:
            raise ValueError(f"the key '{required}' of a {self.label} rule may not be null")
        if self.action is not None and self.action not in ACTION_TYPES:
            raise ValueError(f"action '{self.action}' is not in the action vocabulary")
        if self.instrument is not None and self.instrument not in INSTRUMENT_TYPES:
            raise ValueError(f"instrument '{self.instrument}' is not in the instrument vocabulary")
        return self

    def ruler_entries(self) -> list[dict[str, Any]]:
        """The rule as spaCy's SpanRuler takes it: one entry per surface form."""
        return [{"label": self.label, "pattern": form, "id": self.id}
                for form in [self.pattern, *self.variants]]


def _parse_line(path: Path, number: int, line: str) -> PatternRule:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise PatternError(f"{path.name}:{number}: not valid JSON ({err.msg} at column {err.colno})") from None
    try:
        return PatternRule.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "line"
        rule_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        raise PatternError(f"{path.name}:{number}: rule '{rule_id}': {key}: {first['msg']}") from None


def read_pattern_file(path: Path) -> list[tuple[int, PatternRule]]:
    """Read one ``.jsonl`` file as (line number, rule) pairs; blank and ``//`` lines are skipped."""
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("//"):
            rules.append((number, _parse_line(path, number, line)))
    return rules


@lru_cache(maxsize=4)
def load_rules(patterns_dir: Path) -> tuple[PatternRule, ...]:
    """Read every ``*.jsonl`` file of a folder, checking that ids are unique across files."""
    files = sorted(Path(patterns_dir).glob("*.jsonl"))
    if not files:
        raise PatternError(f"{patterns_dir}: no *.jsonl pattern files found")
    seen: dict[str, str] = {}
    rules: list[PatternRule] = []
    for path in files:
        for number, rule in read_pattern_file(path):
            if rule.id in seen:
                raise PatternError(f"{path.name}:{number}: id '{rule.id}' is already used in {seen[rule.id]}")
            seen[rule.id] = f"{path.name}:{number}"
            rules.append(rule)
    return tuple(rules)


def rules_by_id(patterns_dir: Path) -> dict[str, PatternRule]:
    """Every rule of a pattern folder, by id."""
    return {rule.id: rule for rule in load_rules(patterns_dir)}
