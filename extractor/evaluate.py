"""Score the extractor's records against annotated gold files (spec: "Scoring").

Flow: ``find_samples`` pairs each ``NAME.gold.json`` with its article, ``load_gold`` validates
it, the extractor runs on the article, and ``score_document`` compares the two lists of
records; a ``Report`` sums the per-document counts (micro-averaging).

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

import argparse
import dataclasses
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .schema import PRODUCT_VOCABULARY, GoldFile, direction_of

NOT_FACTUAL = frozenset({"hypothetical", "negated"})
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
GOLD_SUFFIX = ".gold.json"
SLOTS = ("partners", "magnitudes", "dates", "duration", "historical")
CEILING_METRICS = frozenset({"hypothetical_as_factual"})  # lower is better; every other metric is a floor
REL_TOL = 1e-6

MeasureTuple = tuple[str | None, str, str]


class EvaluationError(Exception):
    """Input the evaluation cannot use; the message says which file and what is wrong."""


class CorpusError(EvaluationError):
    """A corpus folder is missing, empty, or has an article without gold (or the reverse)."""


class GoldError(EvaluationError):
    """A gold file is not valid JSON or does not match the gold-file schema."""


# -- loading ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """One annotated article: the gold file and the article it annotates."""

    name: str
    gold_path: Path
    article_path: Path


def _field_path(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(file)"


def load_gold(path: str | Path) -> GoldFile:
    """Read and validate a gold file; raise ``GoldError`` naming the file and each bad field."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(f"{path}: cannot read: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as error:
        lines = [f"{path}: {_field_path(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise GoldError("\n".join(lines)) from error


def find_samples(corpus_dir: str | Path) -> list[Sample]:
    """Pair every ``NAME.gold.json`` under ``corpus_dir`` (recursively) with ``NAME.txt/.html/.htm``.

    Raises ``CorpusError`` listing each gold file without an article, each article without a
    gold file, and each gold file with more than one article.
    """
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: not a folder")
    golds = {p.parent / p.name[: -len(GOLD_SUFFIX)]: p for p in corpus.rglob(f"*{GOLD_SUFFIX}")}
    articles: dict[Path, list[Path]] = {}
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file() and not path.name.startswith("."):
            articles.setdefault(path.with_suffix(""), []).append(path)
    problems = [f"{gold}: no article beside it ({'/'.join(ARTICLE_SUFFIXES)})"
                for stem, gold in sorted(golds.items()) if stem not in articles]
    problems += [f"{found[0]}: no gold file ({stem.name}{GOLD_SUFFIX})"
                 for stem, found in articles.items() if stem not in golds]
    problems += [f"{golds[stem]}: several articles: {', '.join(map(str, found))}"
                 for stem, found in articles.items() if stem in golds and len(found) > 1]
    if problems:
        raise CorpusError("\n".join(problems))
    if not golds:
        raise CorpusError(f"{corpus}: no *{GOLD_SUFFIX} files")
    return [Sample(stem.name, gold, articles[stem][0]) for stem, gold in sorted(golds.items())]


# -- scoring ---------------------------------------------------------------------------

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


# -- running the extractor over a corpus ----------------------------------------------

Extract = Callable[[Any], Any]  # a Document in, an Article (anything with .measures) out


def pipeline_extractor(model: str | None = None) -> Extract:
    """The real extractor (``extractor.pipeline.extract_document``), imported on first call.

    Importing late lets gold files be validated, and errors reported, before spaCy loads.
    """
    def extract(document: Any) -> Any:
        from .nlp import ModelNotFound
        from .pipeline import extract_document
        from .settings import Settings

        try:
            return extract_document(document, Settings(model=model))
        except ModelNotFound as error:
            raise EvaluationError(str(error)) from error

    return extract


def load_corpus(corpus_dir: str | Path) -> list[tuple[Sample, GoldFile]]:
    """Pair and validate every sample; raise ``GoldError`` listing each invalid gold file."""
    samples = find_samples(corpus_dir)
    golds, problems = [], []
    for sample in samples:
        try:
            golds.append(load_gold(sample.gold_path))
        except GoldError as error:
            problems.append(str(error))
    if problems:
        raise GoldError("\n".join(problems))
    return list(zip(samples, golds))


def evaluate_corpus(corpus_dir: str | Path, extract: Extract | None = None) -> Report:
    """Validate every gold file under ``corpus_dir``, then run the extractor on each article and score.

    ``extract`` maps an ``ingest.Document`` to an ``Article``; by default the real pipeline.
    A document without a ``published`` date gets the gold file's. Raises ``GoldError`` (before
    anything is extracted), ``CorpusError``, or ``EvaluationError`` for an unreadable article.
    """
    corpus = load_corpus(corpus_dir)
    from .ingest import InputError, read_document

    extract = extract or pipeline_extractor()
    report = Report()
    for sample, gold in corpus:
        try:
            document = read_document(sample.article_path)
        except InputError as error:  # its message names the file
            raise EvaluationError(str(error)) from error
        if document.published is None and gold.published:
            document = dataclasses.replace(document, published=dt.date.fromisoformat(gold.published))
        article = extract(document)
        report.documents.append(score_document(gold.measures, article.measures, gold.doc_id,
                                               str(sample.gold_path)))
    return report


# -- presenting ------------------------------------------------------------------------

def _show(key: Sequence[Any]) -> str:
    return "/".join("?" if part is None else str(part) for part in key)


def format_report(report: Report) -> str:
    """A table of P/R/F1 and counts per metric, then modality accuracy and the ceiling count."""
    lines = [f"{'metric':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    totals = report.totals()
    for name in ("measure", "product", "lenient", *(f"slot.{slot}" for slot in SLOTS)):
        c = totals.get(name, Counts())
        lines.append(f"{name:<18} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
                     f"{c.tp:>5} {c.fp:>5} {c.fn:>5}")
    correct, total = report.modality_counts()
    lines.append(f"modality accuracy  {report.modality_accuracy:.3f} ({correct}/{total} matched tuples)")
    lines.append(f"hypothetical/negated emitted as factual: {report.hypothetical_as_factual}")
    lines.append(f"documents: {len(report.documents)}")
    return "\n".join(lines)


def format_diff(report: Report) -> str:
    """Per document: missing and extra tuples, wrong slots, hypotheticals emitted as factual."""
    blocks = []
    for d in report.documents:
        lines = [f"  missing  {_show(t)}" for t in d.missing]
        lines += [f"  extra    {_show(t)}" for t in d.extra]
        lines += [f"  slot     {_show(w.tuple)} {w.slot}: gold {w.gold} predicted {w.predicted}"
                  for w in d.wrong_slots]
        lines += [f"  factual  {_show(t)} is only hypothetical/negated in gold"
                  for t in d.hypothetical_as_factual]
        if lines:
            blocks.append("\n".join([f"{d.doc_id} ({d.source})", *lines]))
    return "\n\n".join(blocks) if blocks else "no differences"


def main(argv: Sequence[str] | None = None) -> int:
    """``extractor evaluate CORPUS [CORPUS...] [--json] [--diff] [--model NAME]``; returns the exit code."""
    parser = argparse.ArgumentParser(prog="extractor evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="folders of NAME.gold.json + NAME.txt/.html pairs")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--diff", action="store_true", help="list missing/extra tuples and wrong slots")
    parser.add_argument("--model", help="spaCy pipeline package to use")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    extract = pipeline_extractor(args.model)
    try:
        for corpus in args.corpus:  # every gold file of every corpus is checked before extracting
            load_corpus(corpus)
        reports = {corpus: evaluate_corpus(corpus, extract) for corpus in args.corpus}
    except EvaluationError as error:
        print(f"extractor evaluate: {error}", file=sys.stderr)
        return 2
    total = Report([d for report in reports.values() for d in report.documents])
    if args.json:
        print(json.dumps({"corpora": {c: r.to_dict() for c, r in reports.items()},
                          "total": total.to_dict()}, indent=2))
        return 0
    sections = list(reports.items()) + ([("all", total)] if len(reports) > 1 else [])
    for name, report in sections:
        print(f"== {name}\n{format_report(report)}")
        if args.diff:
            print(f"\n{format_diff(report)}")
        print()
    return 0
