"""Scoring: compare one document's predicted records with its gold records, and sum the counts.

``score_document`` compares two lists of records (``GoldMeasure`` or ``Measure``) and returns
a ``DocumentScore``; a ``Report`` sums the per-document counts (micro-averaging) into the
headline metrics the floors gate.

Decisions the spec leaves open, made here:

- Records with the same ``(actor, action, instrument)`` tuple in a document are merged, and
  each slot becomes the set of the merged records' values. ``historical`` is the set of flags
  (``{False}``, ``{True}`` or both), so it is scored like any other slot.
- Modality of a matched tuple is correct when the predicted set of modalities equals the gold
  set: one wrong mention among several makes the tuple wrong, no majority vote is needed.
- A gold tuple "emitted as factual" is one that gold has only as hypothetical/negated records
  while a factual predicted record carries it; it is counted once per document and tuple.
- Partners with an unknown country (``null``) are not scored; numbers match within 1e-6 relative.
- A count with nothing to find and nothing found scores 1.0; any other 0/0 scores 0.0.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .schema import PRODUCT_VOCABULARY, direction_of

NOT_FACTUAL = frozenset({"hypothetical", "negated"})
SLOTS = ("partners", "magnitudes", "dates", "duration", "historical")
CEILING_METRICS = frozenset({"hypothetical_as_factual"})  # lower is better; every other metric is a floor
REL_TOL = 1e-6

MeasureTuple = tuple[str | None, str, str]


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1 derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def _ratio(self, num: int, den: int) -> float:
        if den:
            return num / den
        return 1.0 if self.tp == self.fp == self.fn == 0 else 0.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class SlotDiff:
    """A slot (or the modality) of a matched tuple whose gold and predicted values differ."""

    tuple: MeasureTuple
    slot: str
    gold: list[Any]
    predicted: list[Any]


@dataclass
class DocumentScore:
    """Counts and differences for one document; ``counts`` keys are metric names."""

    doc_id: str
    source: str | None = None
    counts: dict[str, Counts] = field(default_factory=dict)
    modality_correct: int = 0
    modality_total: int = 0
    missing: list[MeasureTuple] = field(default_factory=list)
    extra: list[MeasureTuple] = field(default_factory=list)
    wrong_slots: list[SlotDiff] = field(default_factory=list)
    hypothetical_as_factual: list[MeasureTuple] = field(default_factory=list)


def _same(a: Any, b: Any) -> bool:
    """Equality, except that numbers compare within REL_TOL (so 300000000 matches 3e8)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=REL_TOL)
    return a == b


def _distinct(values: Iterable[Any]) -> list[Any]:
    kept: list[Any] = []
    for value in values:
        if not any(_same(value, seen) for seen in kept):
            kept.append(value)
    return sorted(kept, key=str)


def _match(gold: list[Any], predicted: list[Any]) -> Counts:
    unmatched = list(predicted)
    tp = 0
    for value in gold:
        hit = next((i for i, other in enumerate(unmatched) if _same(value, other)), None)
        if hit is not None:
            unmatched.pop(hit)
            tp += 1
    return Counts(tp, len(unmatched), len(gold) - tp)


def _set_counts(gold: set, predicted: set) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def measure_tuple(measure: Any) -> MeasureTuple:
    """The ``(actor country, action type, instrument type)`` key of a record."""
    return (measure.actor.country, measure.action.type, measure.instrument.type)


def instrument_group(instrument: str) -> str:
    """Lenient group: tariffs with trade remedies, export_* together, import_* together."""
    if instrument in {"tariff", "trade_remedy"}:
        return "tariff"
    return instrument.split("_")[0] if instrument.startswith(("export_", "import_")) else instrument


def _lenient_key(measure: Any) -> tuple:
    direction = measure.direction or direction_of(measure.action.type, measure.instrument.type)
    return (measure.actor.country, direction, instrument_group(measure.instrument.type))


def _slot_values(measure: Any, slot: str) -> list[Any]:
    if slot == "partners":
        return [p.country for p in measure.partners if p.country]
    if slot == "magnitudes":
        return [(m.value, m.unit) for m in measure.magnitudes]
    if slot == "dates":
        return [(d.role, d.value) for d in measure.dates]
    if slot == "duration":
        return [measure.duration.value] if measure.duration else []
    return [measure.historical]


def _merged(measures: Sequence[Any], key: MeasureTuple, slot: str) -> list[Any]:
    """The union of one slot over the records carrying ``key``."""
    return _distinct(v for m in measures if measure_tuple(m) == key
                     for v in (_slot_values(m, slot) if slot != "modality" else [m.modality]))


def _compare_slots(score: DocumentScore, key: MeasureTuple, gold: Sequence[Any],
                   predicted: Sequence[Any]) -> None:
    """Add the slot counts and modality verdict of one matched tuple to ``score``."""
    for slot in (*SLOTS, "modality"):
        expected, found = _merged(gold, key, slot), _merged(predicted, key, slot)
        counts = _match(expected, found)
        if slot == "modality":
            score.modality_total += 1
            score.modality_correct += counts.fp == counts.fn == 0
        else:
            score.counts[f"slot.{slot}"].add(counts)
        if counts.fp or counts.fn:
            score.wrong_slots.append(SlotDiff(key, slot, expected, found))


def score_document(gold: Sequence[Any], predicted: Sequence[Any], doc_id: str = "",
                   source: str | None = None) -> DocumentScore:
    """Compare gold and predicted records of one document (``GoldMeasure`` or ``Measure``)."""
    gold_factual = [m for m in gold if m.modality not in NOT_FACTUAL]
    pred_factual = [m for m in predicted if m.modality not in NOT_FACTUAL]
    gold_keys = {measure_tuple(m) for m in gold_factual}
    pred_keys = {measure_tuple(m) for m in pred_factual}
    score = DocumentScore(doc_id, source)
    score.counts["measure"] = _set_counts(gold_keys, pred_keys)
    score.counts["product"] = _set_counts(*(
        {(*measure_tuple(m), p.id) for m in side for p in m.products if p.id in PRODUCT_VOCABULARY}
        for side in (gold_factual, pred_factual)))
    score.counts["lenient"] = _set_counts({_lenient_key(m) for m in gold_factual},
                                          {_lenient_key(m) for m in pred_factual})
    score.missing = sorted(gold_keys - pred_keys, key=str)
    score.extra = sorted(pred_keys - gold_keys, key=str)
    for slot in SLOTS:
        score.counts[f"slot.{slot}"] = Counts()
    for key in sorted(gold_keys & pred_keys, key=str):
        _compare_slots(score, key, gold_factual, pred_factual)
    only_hypothetical = {measure_tuple(m) for m in gold if m.modality in NOT_FACTUAL} - gold_keys
    score.hypothetical_as_factual = sorted(only_hypothetical & pred_keys, key=str)
    return score


@dataclass
class Report:
    """The scores of a set of documents; totals are micro-averages over them."""

    documents: list[DocumentScore] = field(default_factory=list)

    def totals(self) -> dict[str, Counts]:
        totals: dict[str, Counts] = {}
        for document in self.documents:
            for name, counts in document.counts.items():
                totals.setdefault(name, Counts()).add(counts)
        return totals

    def modality_counts(self) -> tuple[int, int]:
        """Matched tuples whose modality is right, and all matched tuples."""
        return (sum(d.modality_correct for d in self.documents),
                sum(d.modality_total for d in self.documents))

    @property
    def modality_accuracy(self) -> float:
        correct, total = self.modality_counts()
        return correct / total if total else 1.0

    @property
    def hypothetical_as_factual(self) -> int:
        return sum(len(d.hypothetical_as_factual) for d in self.documents)

    def headline(self) -> dict[str, float]:
        """The gated metrics, flat: ``measure.f1``, ``slot.dates.f1``, ``modality.accuracy``..."""
        totals = self.totals()
        measure = totals.get("measure", Counts())
        metrics = {"measure.precision": measure.precision, "measure.recall": measure.recall,
                   "measure.f1": measure.f1}
        for name in ("product", "lenient", *(f"slot.{slot}" for slot in SLOTS)):
            metrics[f"{name}.f1"] = totals.get(name, Counts()).f1
        metrics["modality.accuracy"] = self.modality_accuracy
        metrics["hypothetical_as_factual"] = self.hypothetical_as_factual
        return metrics

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "headline": self.headline(),
            "totals": {name: counts.to_dict() for name, counts in self.totals().items()},
            "modality": dict(zip(("correct", "total"), self.modality_counts())),
            "per_document": [dataclasses.asdict(d) for d in self.documents],
        }
